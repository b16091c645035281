// The reminder card's view: draws the card for a model into a shadow root with DOM APIs
// and textContent only (guidance text may come from a server: it is never parsed as
// markup). A classic script, because the worker injects it into pages before
// content/card.js; the popup loads it too to draw the same guidance. It defines one
// global, DpgCardView, and a second injection into the same page reuses the first.
(() => {
  if (globalThis.DpgCardView) return;

  const ANNOUNCE_DELAY_MS = 150;
  const MODE_KEYS = Object.freeze({
    synchronous: "modeSynchronous",
    asynchronous: "modeAsynchronous",
    both: "modeBoth",
  });
  const SEVERITY_KEYS = Object.freeze({
    high: "severityHigh",
    medium: "severityMedium",
    low: "severityLow",
  });
  const SOURCE_KEYS = Object.freeze({ bundled: "whySourceBundled", server: "whySourceServer" });

  // Calm, neutral styling; severity is a text label first and a muted accent second.
  const CSS = `
:host { all: initial; }
@media print { :host { display: none; } }
[hidden] { display: none !important; }
.dpg-card {
  all: initial;
  --dpg-bg: #fbfaf8; --dpg-fg: #1f2328; --dpg-muted: #545d66; --dpg-border: #d3d7dc;
  --dpg-soft: #f1f0ec; --dpg-accent: #245e6e; --dpg-accent-fg: #ffffff;
  --dpg-high: #8a4b00; --dpg-medium: #2f5b88; --dpg-low: #545d66;
  --dpg-shadow: 0 6px 24px rgba(20, 24, 28, 0.16), 0 1px 3px rgba(20, 24, 28, 0.10);
  /* all: initial above stops what the page sets on the host from leaking in. */
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483647;
  display: flex; flex-direction: column; align-items: flex-end;
  max-width: calc(100vw - 32px); max-height: 70vh;
  color: var(--dpg-fg); text-align: start; letter-spacing: normal; text-transform: none;
  font: 400 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  .dpg-card {
    --dpg-bg: #1f2328; --dpg-fg: #e8e6e3; --dpg-muted: #aab2bb; --dpg-border: #3d444d;
    --dpg-soft: #2a3037; --dpg-accent: #8cc7d6; --dpg-accent-fg: #10242a;
    --dpg-high: #e5b567; --dpg-medium: #9dbde0; --dpg-low: #aab2bb;
    --dpg-shadow: 0 6px 24px rgba(0, 0, 0, 0.5);
  }
}
.dpg-card * { box-sizing: border-box; }
.dpg-panel, .dpg-pill {
  background: var(--dpg-bg); color: var(--dpg-fg);
  border: 1px solid var(--dpg-border); box-shadow: var(--dpg-shadow);
}
.dpg-panel {
  display: flex; flex-direction: column; min-height: 0; flex: 0 1 auto;
  width: min(380px, calc(100vw - 32px)); max-height: 70vh; border-radius: 10px; overflow: hidden;
}
.dpg-header { display: flex; align-items: flex-start; gap: 8px; padding: 12px 12px 6px 16px; }
.dpg-heading { flex: 1 1 auto; min-width: 0; }
.dpg-groups { margin: 0 0 2px; font-size: 12.5px; color: var(--dpg-muted); }
.dpg-title { margin: 0; font-size: 17px; line-height: 1.3; font-weight: 600; }
.dpg-body { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 0 16px 12px; overscroll-behavior: contain; }
.dpg-mode { margin: 4px 0 10px; font-size: 14px; color: var(--dpg-muted); }
.dpg-mode p { margin: 0 0 4px; }
.dpg-mode strong { color: var(--dpg-fg); font-weight: 600; }
.dpg-body h3 { margin: 14px 0 6px; font-size: 14px; font-weight: 600; }
.dpg-body h4 { margin: 12px 0 4px; font-size: 14px; font-weight: 600; }
.dpg-body h5 { margin: 10px 0 4px; font-size: 13.5px; font-weight: 600; color: var(--dpg-muted); }
.dpg-body p { margin: 0 0 8px; }
.dpg-body ul { margin: 0 0 8px; padding-inline-start: 20px; }
.dpg-body li { margin: 0 0 4px; }
ul.dpg-cautions, ul.dpg-checks { list-style: none; padding: 0; }
.dpg-caution {
  margin: 0 0 8px; padding: 6px 0 6px 10px; border-inline-start: 3px solid var(--dpg-low);
}
.dpg-caution[data-severity="high"] { border-inline-start-color: var(--dpg-high); }
.dpg-caution[data-severity="medium"] { border-inline-start-color: var(--dpg-medium); }
.dpg-severity { display: block; font-size: 12px; font-weight: 600; color: var(--dpg-low); }
.dpg-caution[data-severity="high"] .dpg-severity { color: var(--dpg-high); }
.dpg-caution[data-severity="medium"] .dpg-severity { color: var(--dpg-medium); }
.dpg-caution-title { margin: 0 0 2px; font-weight: 600; }
.dpg-caution-text { margin: 0; font-size: 14px; }
.dpg-caution-sources { margin: 4px 0 0; font-size: 13px; color: var(--dpg-muted); }
.dpg-notice, .dpg-note { font-size: 13px; color: var(--dpg-muted); }
.dpg-checks li { display: flex; gap: 8px; align-items: flex-start; margin: 0 0 6px; }
.dpg-checks input { margin: 3px 0 0; width: 16px; height: 16px; flex: none; accent-color: var(--dpg-accent); }
.dpg-checks label { font-size: 14px; }
.dpg-why-details { margin: 8px 0 0; padding: 8px 10px; background: var(--dpg-soft); border-radius: 6px; font-size: 13.5px; }
.dpg-why-details dt { font-weight: 600; }
.dpg-why-details dd { margin: 0 0 6px; overflow-wrap: anywhere; }
.dpg-why-details code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: var(--dpg-accent); text-decoration: underline; text-underline-offset: 2px; }
button {
  font: inherit; font-size: 14px; line-height: 1.3; color: var(--dpg-fg);
  background: transparent; border: 1px solid var(--dpg-border); border-radius: 6px;
  padding: 6px 12px; min-height: 32px; cursor: pointer; margin: 0;
}
button:hover { background: var(--dpg-soft); }
button:focus-visible, a:focus-visible, input:focus-visible {
  outline: 2px solid var(--dpg-accent); outline-offset: 2px;
}
.dpg-primary { background: var(--dpg-accent); color: var(--dpg-accent-fg); border-color: var(--dpg-accent); font-weight: 600; }
.dpg-primary:hover { background: var(--dpg-accent); filter: brightness(1.08); }
.dpg-link-button { border: none; padding: 4px 0; min-height: 28px; color: var(--dpg-accent); text-decoration: underline; text-underline-offset: 2px; }
.dpg-link-button:hover { background: transparent; }
.dpg-link-button[aria-expanded]::after { content: " \\25B8"; text-decoration: none; display: inline-block; margin-inline-start: 4px; }
.dpg-link-button[aria-expanded="true"]::after { content: " \\25BE"; }
.dpg-icon-button { flex: none; width: 32px; padding: 0; font-size: 18px; line-height: 1; border-color: transparent; color: var(--dpg-muted); }
.dpg-footer { border-top: 1px solid var(--dpg-border); padding: 10px 16px 12px; }
.dpg-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.dpg-actions button, .dpg-snooze-menu button { padding: 6px 10px; }
#dpg-snooze::after { content: "\\25BE"; display: inline-block; margin-inline-start: 6px; font-size: 12px; }
#dpg-snooze[aria-expanded="true"] { background: var(--dpg-soft); }
#dpg-snooze[aria-expanded="true"]::after { transform: rotate(180deg); }
.dpg-snooze-menu { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.dpg-pill {
  border-radius: 999px; padding: 8px 16px; min-height: 36px; max-width: 100%;
  font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.dpg-pill:hover { background: var(--dpg-soft); }
.dpg-visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (prefers-reduced-motion: no-preference) {
  .dpg-appear { animation: dpg-enter 180ms ease-out; }
  @keyframes dpg-enter { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
}
@media (forced-colors: active) {
  .dpg-caution { border-inline-start-color: CanvasText; }
}
`;

  // Per-root state kept across renders: what the user opened or collapsed, and where
  // focus came from, so an updated model keeps the card as the user left it.
  const states = new WeakMap();

  // --- Small DOM helpers -----------------------------------------------------------------

  /** An element with optional id, class, text and attributes, and children appended. */
  function el(doc, tag, options = {}, children = []) {
    const node = doc.createElement(tag);
    if (options.id) node.id = options.id;
    if (options.className) node.className = options.className;
    if (options.text !== undefined && options.text !== null)
      node.textContent = String(options.text);
    for (const [name, value] of Object.entries(options.attrs ?? {})) {
      node.setAttribute(name, String(value));
    }
    node.append(...children.filter(Boolean));
    return node;
  }

  function button(doc, options, onClick) {
    const node = el(doc, "button", options);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function heading(doc, level, text, options = {}) {
    return el(doc, `h${Math.min(Math.max(level, 2), 6)}`, { ...options, text });
  }

  function list(doc, items, options = {}) {
    return el(
      doc,
      "ul",
      options,
      items.map((item) => el(doc, "li", { text: item })),
    );
  }

  /** A link only to an https: address; anything else is shown as plain text. */
  function safeLink(doc, text, url) {
    if (typeof url !== "string" || !url.startsWith("https:")) return el(doc, "span", { text });
    return el(doc, "a", {
      text,
      attrs: { href: url, rel: "noopener noreferrer", target: "_blank" },
    });
  }

  function asArray(value) {
    return Array.isArray(value) ? value : [];
  }

  // --- Text formatting -------------------------------------------------------------------

  function localeOf(t) {
    return t("formatLocale") || undefined;
  }

  /** Items joined as the locale lists them ("A, B, C"); no separator strings to translate. */
  function joinList(items, t) {
    return new Intl.ListFormat(localeOf(t), { type: "unit", style: "short" }).format(
      items.map(String),
    );
  }

  /** The same list punctuation between DOM nodes (links, say). */
  function joinNodes(doc, nodes, t) {
    const format = new Intl.ListFormat(localeOf(t), { type: "unit", style: "short" });
    let next = 0;
    return format
      .formatToParts(nodes.map((_, index) => String(index)))
      .map((part) => (part.type === "element" ? nodes[next++] : doc.createTextNode(part.value)));
  }

  /** "2026-11-27" as "27 Nov 2026" in the extension's locale; anything else as given. */
  function formatDate(iso, t) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ""));
    if (!match) return String(iso ?? "");
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    const format = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(localeOf(t), format).format(date);
  }

  /**
   * Several categories read as one card: "Live chat and instant messaging and video
   * sessions". Names are in sentence case, so later ones are lowered unless they start
   * with an acronym ("AI assistants").
   */
  function titleOf(model, t) {
    const names = asArray(model?.categories).map((category, index) => {
      const name = String(category.name ?? "");
      const isAcronym = name.length > 1 && name[1] === name[1].toUpperCase();
      return index === 0 || isAcronym ? name : name[0].toLowerCase() + name.slice(1);
    });
    if (names.length === 0) return t("cardTitleFallback");
    return new Intl.ListFormat(localeOf(t), { type: "conjunction" }).format(names);
  }

  function groupNames(categories) {
    const names = categories.flatMap((category) =>
      asArray(category.groups).map((group) => group.name),
    );
    return [...new Set(names)];
  }

  function modeLabel(mode, t) {
    return t(MODE_KEYS[mode] ?? "modeBoth");
  }

  // --- Content shared by the card and the popup ------------------------------------------

  /** One mode line: "Synchronous — live contact ..." (prefixed by the category if several). */
  function buildModeLine(doc, category, t, withName) {
    const line = el(doc, "p", {}, [el(doc, "strong", { text: modeLabel(category.mode, t) })]);
    // Spaces between the parts are layout, not words, so they stay out of the messages.
    if (category.modeNote) line.append(" ", t("modeNote", [category.modeNote]));
    if (withName) line.prepend(t("modeCategoryPrefix", [category.name]), " ");
    return line;
  }

  function buildReferences(doc, references, t, options = {}) {
    const items = asArray(references).map((reference) => {
      const details = [reference.publisher, reference.year].filter(Boolean);
      const item = el(doc, "li", {}, [safeLink(doc, reference.title, reference.url)]);
      if (details.length) item.append(" ", t("referenceDetails", [joinList(details, t)]));
      return item;
    });
    return el(doc, "ul", options, items);
  }

  function buildCaution(doc, caution, t, withSources) {
    const severity = SEVERITY_KEYS[caution.severity] ? caution.severity : "low";
    const item = el(doc, "li", { className: "dpg-caution", attrs: { "data-severity": severity } }, [
      el(doc, "span", { className: "dpg-severity", text: t(SEVERITY_KEYS[severity]) }),
      el(doc, "p", { className: "dpg-caution-title", text: caution.title }),
      el(doc, "p", { className: "dpg-caution-text", text: caution.text }),
    ]);
    const sources = withSources ? asArray(caution.references) : [];
    if (sources.length > 0) {
      const links = sources.map((reference) => safeLink(doc, reference.title, reference.url));
      item.append(
        el(doc, "p", { className: "dpg-caution-sources" }, [
          t("cautionSources"),
          " ",
          ...joinNodes(doc, links, t),
        ]),
      );
    }
    return item;
  }

  /** A list of cautions; `options.withSources` adds each one's sources (not on the card's top three). */
  function buildCautions(doc, cautions, t, options = {}) {
    const { withSources = true, ...attributes } = options;
    const items = cautions.map((caution) => buildCaution(doc, caution, t, withSources));
    return el(doc, "ul", { ...attributes, className: "dpg-cautions" }, items);
  }

  /** A titled section, left out when it has no items. */
  function section(doc, level, title, items, build) {
    if (items.length === 0) return null;
    return el(doc, "section", {}, [heading(doc, level, title), build(items)]);
  }

  /**
   * The full guidance of one category: summary, cautions, questions, benefits, sources
   * (and the checklist as plain text when asked, for browsing). `shownCautions` holds ids
   * already drawn elsewhere on the card, so no caution repeats; `cautionsHeading` is the
   * message key of their heading.
   */
  function buildCategory(doc, category, t, options = {}) {
    const level = options.level ?? 3;
    const shown = options.shownCautions ?? new Set();
    const cautions = asArray(category.cautions).filter((caution) => !shown.has(caution.id));
    cautions.forEach((caution) => shown.add(caution.id));
    const sites = asArray(category.sites).map((site) => site.name);
    const parts = [
      category.summary ? el(doc, "p", { className: "dpg-summary", text: category.summary }) : null,
      section(doc, level, t(options.cautionsHeading ?? "cautionsHeading"), cautions, (items) =>
        buildCautions(doc, items, t),
      ),
      section(doc, level, t("questionsHeading"), asArray(category.questions), (items) =>
        list(doc, items),
      ),
      section(doc, level, t("benefitsHeading"), asArray(category.benefits), (items) =>
        list(doc, items),
      ),
      options.plainChecklist
        ? section(doc, level, t("checklistHeading"), asArray(category.checklist), (items) =>
            list(doc, items),
          )
        : null,
      section(doc, level, t("sitesHeading"), sites, (items) =>
        el(doc, "p", { text: joinList(items, t) }),
      ),
      section(doc, level, t("referencesHeading"), asArray(category.references), (items) =>
        buildReferences(doc, items, t),
      ),
    ];
    return el(
      doc,
      "div",
      { className: "dpg-category", attrs: { "data-category": category.id } },
      parts,
    );
  }

  function tickedIndices(model, categoryId) {
    return new Set(asArray(model?.checklistTicks?.[categoryId]));
  }

  function buildCheck(doc, category, index, text, ticked, prefix, send) {
    const id = `${prefix}-${category.id}-${index}`;
    const box = el(doc, "input", { id });
    box.type = "checkbox";
    box.checked = ticked;
    box.addEventListener("change", () => {
      send({ type: "checklist-tick", categoryId: category.id, index, checked: box.checked });
    });
    return el(doc, "li", {}, [box, el(doc, "label", { text, attrs: { for: id } })]);
  }

  /**
   * The pre-session checklists of the model's categories, or null when none has one.
   * Ticks are sent to the worker as they change; `options.id` names the section.
   */
  function buildChecklist(doc, model, t, send, options = {}) {
    const level = options.level ?? 3;
    const prefix = options.idPrefix ?? "dpg-check";
    const categories = asArray(model?.categories).filter(
      (category) => asArray(category.checklist).length > 0,
    );
    if (categories.length === 0) return null;
    const root = el(doc, "section", { id: options.id, className: "dpg-checklist" }, [
      heading(doc, level, t("checklistHeading")),
      el(doc, "p", { className: "dpg-note", text: t("checklistNote") }),
    ]);
    for (const category of categories) {
      if (categories.length > 1) root.append(heading(doc, level + 1, category.name));
      const ticks = tickedIndices(model, category.id);
      const items = category.checklist.map((text, index) =>
        buildCheck(doc, category, index, text, ticks.has(index), prefix, send),
      );
      root.append(el(doc, "ul", { className: "dpg-checks" }, items));
    }
    return root;
  }

  // --- The card ----------------------------------------------------------------------------

  /** A disclosure: a button with aria-expanded that shows or hides its panel. */
  function disclosure(doc, options, panel, onToggle) {
    const toggle = button(
      doc,
      { ...options, attrs: { "aria-expanded": "false", "aria-controls": panel.id } },
      () => {
        setExpanded(toggle, panel, toggle.getAttribute("aria-expanded") !== "true");
        onToggle?.(toggle.getAttribute("aria-expanded") === "true");
      },
    );
    panel.hidden = true;
    return toggle;
  }

  function setExpanded(toggle, panel, expanded) {
    toggle.setAttribute("aria-expanded", String(expanded));
    panel.hidden = !expanded;
  }

  function buildHeader(doc, model, t, collapse) {
    const groups = groupNames(asArray(model.categories));
    return el(doc, "div", { className: "dpg-header" }, [
      el(doc, "div", { className: "dpg-heading" }, [
        groups.length
          ? el(doc, "p", { id: "dpg-groups", className: "dpg-groups", text: joinList(groups, t) })
          : null,
        el(doc, "h2", { id: "dpg-title", className: "dpg-title", text: titleOf(model, t) }),
      ]),
      button(
        doc,
        {
          id: "dpg-collapse",
          className: "dpg-icon-button",
          text: "\u2212",
          attrs: {
            "aria-label": t("collapseLabel"),
            title: t("collapseLabel"),
            "aria-expanded": "true",
            "aria-controls": "dpg-panel",
          },
        },
        collapse,
      ),
    ]);
  }

  function buildMore(doc, model, t, state) {
    const categories = asArray(model.categories);
    const several = categories.length > 1;
    const shownCautions = new Set(asArray(model.topCautions).map((caution) => caution.id));
    const details = el(doc, "div", { id: "dpg-more-details", className: "dpg-more-details" });
    for (const category of categories) {
      if (several) details.append(el(doc, "h3", { text: category.name }));
      details.append(
        buildCategory(doc, category, t, {
          level: several ? 4 : 3,
          shownCautions,
          cautionsHeading: "moreCautionsHeading",
        }),
      );
    }
    if (model.guidance?.notice)
      details.append(el(doc, "p", { className: "dpg-notice", text: model.guidance.notice }));
    const toggle = disclosure(
      doc,
      { id: "dpg-more", className: "dpg-link-button", text: t("moreLabel") },
      details,
      (open) => {
        state.moreOpen = open;
      },
    );
    setExpanded(toggle, details, state.moreOpen);
    return [toggle, details];
  }

  function whyRow(doc, term, value) {
    return [el(doc, "dt", { text: term }), el(doc, "dd", {}, [value])];
  }

  function buildWhy(doc, model, t, state) {
    const guidance = model.guidance ?? {};
    const sites = asArray(model.sites).length ? model.sites : [model.site].filter(Boolean);
    const rows = [];
    for (const site of sites) {
      rows.push(...whyRow(doc, t("whySite"), doc.createTextNode(String(site.name ?? site.id))));
      rows.push(...whyRow(doc, t("whyPattern"), el(doc, "code", { text: site.pattern })));
    }
    const names = joinList(
      asArray(model.categories).map((category) => category.name),
      t,
    );
    const version = Number.isInteger(guidance.version)
      ? String(guidance.version)
      : t("whyVersionNone");
    rows.push(...whyRow(doc, t("whyCategories"), doc.createTextNode(names)));
    rows.push(...whyRow(doc, t("whyVersion"), doc.createTextNode(version)));
    rows.push(
      ...whyRow(doc, t("whyReviewed"), doc.createTextNode(formatDate(guidance.reviewed, t))),
    );
    rows.push(
      ...whyRow(
        doc,
        t("whySource"),
        doc.createTextNode(t(SOURCE_KEYS[guidance.source] ?? "whySourceBundled")),
      ),
    );
    const details = el(doc, "dl", { id: "dpg-why-details", className: "dpg-why-details" }, rows);
    const toggle = disclosure(
      doc,
      { id: "dpg-why", className: "dpg-link-button", text: t("whyLabel") },
      details,
      (open) => {
        state.whyOpen = open;
      },
    );
    setExpanded(toggle, details, state.whyOpen);
    return [toggle, details];
  }

  function buildBody(doc, model, t, send, state) {
    const categories = asArray(model.categories);
    const several = categories.length > 1;
    const mode = el(
      doc,
      "div",
      { id: "dpg-mode", className: "dpg-mode" },
      categories.map((category) => buildModeLine(doc, category, t, several)),
    );
    const top = asArray(model.topCautions);
    return el(doc, "div", { id: "dpg-body", className: "dpg-body" }, [
      mode,
      top.length ? el(doc, "h3", { id: "dpg-top-heading", text: t("topCautionsHeading") }) : null,
      buildCautions(doc, top, t, {
        id: "dpg-top-cautions",
        withSources: false,
        attrs: { "aria-labelledby": "dpg-top-heading" },
      }),
      ...buildMore(doc, model, t, state),
      buildChecklist(doc, model, t, send, { id: "dpg-checklist", level: 3 }),
      el(doc, "div", { className: "dpg-why" }, buildWhy(doc, model, t, state)),
    ]);
  }

  function buildFooter(doc, t, act) {
    const menu = el(
      doc,
      "div",
      {
        id: "dpg-snooze-menu",
        className: "dpg-snooze-menu",
        attrs: { role: "group", "aria-label": t("snoozeMenuLabel") },
      },
      [
        button(doc, { id: "dpg-snooze-hour", text: t("snoozeHour") }, () => act("snooze-hour")),
        button(doc, { id: "dpg-snooze-tomorrow", text: t("snoozeTomorrow") }, () =>
          act("snooze-tomorrow"),
        ),
      ],
    );
    const snooze = disclosure(doc, { id: "dpg-snooze", text: t("snoozeLabel") }, menu);
    return el(doc, "div", { className: "dpg-footer" }, [
      el(doc, "div", { className: "dpg-actions" }, [
        button(doc, { id: "dpg-got-it", className: "dpg-primary", text: t("gotItLabel") }, () =>
          act("got-it"),
        ),
        snooze,
        button(doc, { id: "dpg-disable-site", text: t("disableSiteLabel") }, () =>
          act("disable-site"),
        ),
      ]),
      menu,
    ]);
  }

  // --- State, focus and announcements ------------------------------------------------------

  /** The state of a root, creating its styles and live region on first use. */
  function stateFor(root) {
    let state = states.get(root);
    if (state) return state;
    const doc = root.ownerDocument;
    applyStyles(root, doc);
    const live = el(doc, "div", {
      id: "dpg-live",
      className: "dpg-visually-hidden",
      attrs: { role: "status", "aria-live": "polite", "aria-atomic": "true" },
    });
    root.append(live);
    state = {
      live,
      card: null,
      collapsed: false,
      moreOpen: false,
      whyOpen: false,
      title: "",
      returnTo: null,
      timer: 0,
    };
    states.set(root, state);
    return state;
  }

  /**
   * A constructed stylesheet is not subject to the page's style-src policy, so it is
   * tried first; where a browser refuses it in a content script (older Firefox), a
   * <style> element with the same text is the fallback.
   */
  function applyStyles(root, doc) {
    const Sheet = doc.defaultView?.CSSStyleSheet;
    try {
      const sheet = new Sheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch (error) {
      console.debug("Digital Practice Guide: using a style element:", error.message);
    }
    root.append(el(doc, "style", { text: CSS }));
  }

  function activeIn(root) {
    const active = root.activeElement ?? null;
    return active && root.contains(active) ? active : null;
  }

  /** Announce after a short delay: a live region must exist before its text changes. */
  function announce(state, text) {
    const view = state.live.ownerDocument.defaultView;
    view.clearTimeout(state.timer);
    state.live.textContent = "";
    state.timer = view.setTimeout(() => {
      state.live.textContent = text;
    }, ANNOUNCE_DELAY_MS);
  }

  /** Focus goes back where it was before the card, if that is still on the page. */
  function releaseFocus(root, state) {
    const active = activeIn(root);
    if (!active) return;
    if (state.returnTo?.isConnected) state.returnTo.focus({ preventScroll: true });
    else active.blur();
  }

  /** After an update, focus the same control again, or the nearest one still shown. */
  function keepFocus(root, state, id) {
    root.getElementById(id)?.focus({ preventScroll: true });
    if (activeIn(root)) return;
    root
      .getElementById(state.collapsed ? "dpg-pill" : "dpg-collapse")
      .focus({ preventScroll: true });
  }

  function applyCollapsed(root, state, collapsed, moveFocus) {
    state.collapsed = collapsed;
    const panel = state.card.querySelector("#dpg-panel");
    const pill = state.card.querySelector("#dpg-pill");
    panel.hidden = collapsed;
    pill.hidden = !collapsed;
    if (moveFocus)
      (collapsed ? pill : root.getElementById("dpg-collapse")).focus({ preventScroll: true });
  }

  function onKeyDown(event, root, act) {
    // Keys typed in the card are the card's: page shortcuts must not fire from here.
    event.stopPropagation();
    if (event.key !== "Escape") return;
    event.preventDefault();
    const snooze = root.getElementById("dpg-snooze");
    if (snooze?.getAttribute("aria-expanded") === "true") {
      setExpanded(snooze, root.getElementById("dpg-snooze-menu"), false);
      snooze.focus({ preventScroll: true });
    } else {
      act("got-it");
    }
  }

  function watchFocus(card, root, state) {
    card.addEventListener("focusin", (event) => {
      const from = event.relatedTarget;
      if (from && !root.contains(from)) state.returnTo = from;
    });
    for (const type of ["keyup", "keypress"])
      card.addEventListener(type, (event) => event.stopPropagation());
  }

  function buildCard(doc, root, model, t, send, state) {
    const act = (action) => {
      send({ type: "card-action", action, siteId: model.site?.id });
      hide(root);
    };
    const title = titleOf(model, t);
    const panel = el(doc, "div", { id: "dpg-panel", className: "dpg-panel" }, [
      buildHeader(doc, model, t, () => applyCollapsed(root, state, true, true)),
      buildBody(doc, model, t, send, state),
      buildFooter(doc, t, act),
    ]);
    const pill = button(
      doc,
      {
        id: "dpg-pill",
        className: "dpg-pill",
        text: t("pillLabel", [title]),
        attrs: { "aria-expanded": "false", "aria-controls": "dpg-panel" },
      },
      () => applyCollapsed(root, state, false, true),
    );
    const card = el(
      doc,
      "aside",
      { id: "dpg-card", className: "dpg-card", attrs: { "aria-label": t("cardRegionLabel") } },
      [panel, pill],
    );
    card.addEventListener("keydown", (event) => onKeyDown(event, root, act));
    watchFocus(card, root, state);
    return card;
  }

  /**
   * Draw the card for `model` in `root` (a shadow root), or update it in place: the
   * collapsed state and open sections are kept, and focus stays where it was (on the
   * same control when it was inside the card; never taken from the page).
   */
  function render(root, model, t, send) {
    const doc = root.ownerDocument;
    const state = stateFor(root);
    const focusedId = activeIn(root)?.id ?? "";
    const wasShown = Boolean(state.card && !state.card.hidden);
    const card = buildCard(doc, root, model, t, send, state);
    if (state.card) state.card.replaceWith(card);
    else root.append(card);
    state.card = card;
    if (!wasShown) card.classList.add("dpg-appear");
    applyCollapsed(root, state, state.collapsed, false);
    if (focusedId) keepFocus(root, state, focusedId);
    const title = titleOf(model, t);
    if (!wasShown || title !== state.title) announce(state, t("cardAnnouncement", [title]));
    state.title = title;
  }

  /** Hide the card (keeping the instance for the next show). */
  function hide(root) {
    const state = states.get(root);
    if (!state?.card) return;
    releaseFocus(root, state);
    state.card.hidden = true;
    state.live.ownerDocument.defaultView.clearTimeout(state.timer);
    state.live.textContent = "";
    // The next reminder is a fresh one: open, with its sections closed.
    state.collapsed = false;
    state.moreOpen = false;
    state.whyOpen = false;
  }

  globalThis.DpgCardView = Object.freeze({
    render,
    hide,
    buildCaution,
    buildCategory,
    buildChecklist,
    buildModeLine,
    formatDate,
    joinList,
    titleOf,
  });
})();
