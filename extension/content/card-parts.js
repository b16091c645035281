// The guidance the card and the toolbar popup both draw: titles, mode lines, cautions,
// references, a category in full and the pre-session checklist. DOM APIs and textContent
// only (guidance text may come from a server: it is never parsed as markup); `t` is the
// translator, chrome.i18n's in the extension and the admin preview's own there. A classic
// script (after ui/dom.js) that defines one global, DpgCardParts.
(() => {
  if (globalThis.DpgCardParts) return;

  const { asArray, el, formatDate, joinList, joinNodes, localeOf, safeLink } = globalThis.DpgDom;
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

  function heading(level, text, options = {}) {
    return el(`h${Math.min(Math.max(level, 2), 6)}`, { ...options, text });
  }

  function list(items, options = {}) {
    return el(
      "ul",
      options,
      items.map((item) => el("li", { text: item })),
    );
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

  /** One mode line: "Synchronous — live contact ..." (prefixed by the category if several). */
  function buildModeLine(category, t, withName) {
    const line = el("p", {}, [el("strong", { text: modeLabel(category.mode, t) })]);
    // Spaces between the parts are layout, not words, so they stay out of the messages.
    if (category.modeNote) line.append(" ", t("modeNote", [category.modeNote]));
    if (withName) line.prepend(t("modeCategoryPrefix", [category.name]), " ");
    return line;
  }

  /** A reference's link, naming the place cited in it: "ACA Code of Ethics 2014, H.2.a". */
  function citationLink(reference, t) {
    const text = reference.section
      ? t("citationWithSection", [reference.title, reference.section])
      : reference.title;
    return safeLink(text, reference.url);
  }

  /** When a source is from: its year, or the day it was read for one with no date. */
  function whenOf(reference, t) {
    if (reference.year) return String(reference.year);
    return reference.accessed ? t("referenceAccessed", [formatDate(reference.accessed, t)]) : null;
  }

  function buildReferences(references, t, options = {}) {
    const items = asArray(references).map((reference) => {
      const details = [reference.publisher, whenOf(reference, t)].filter(Boolean);
      const item = el("li", {}, [citationLink(reference, t)]);
      if (details.length) item.append(" ", t("referenceDetails", [joinList(details, t)]));
      return item;
    });
    return el("ul", options, items);
  }

  /**
   * One caution: its headline and what to do now, then (with `withDetail`) the full
   * explanation and (with `withSources`) the sources it cites.
   */
  function buildCaution(caution, t, options = {}) {
    const { withDetail = true, withSources = true } = options;
    // The first view marks what changed since the reader saw it; the full form (More,
    // the popup) also what changed in this version, with the earlier wording.
    const marked = caution.updated || (withDetail && Boolean(caution.previous));
    const severity = SEVERITY_KEYS[caution.severity] ? caution.severity : "low";
    // The first view names only a high severity (the colour bar shows every one): a
    // label on every caution is words a reader skims past.
    const labelled = withDetail || severity === "high";
    const updated = marked
      ? el("span", { className: "dpg-updated", text: t("cautionUpdated") })
      : null;
    const item = el("li", { className: "dpg-caution", attrs: { "data-severity": severity } }, [
      labelled || marked
        ? el(
            "span",
            { className: "dpg-severity", text: labelled ? t(SEVERITY_KEYS[severity]) : "" },
            // The space is layout (the word count reads it), not a message.
            updated ? [labelled ? " " : "", updated] : [],
          )
        : null,
      el("p", { className: "dpg-caution-title", text: caution.headline ?? caution.title }),
      caution.action ? el("p", { className: "dpg-caution-action", text: caution.action }) : null,
      withDetail && caution.detail
        ? el("p", { className: "dpg-caution-detail", text: caution.detail })
        : null,
    ]);
    if (withDetail && caution.previous) item.append(buildPrevious(caution.previous, t));
    const contacts = withDetail ? asArray(caution.emergency) : [];
    if (contacts.length > 0) item.append(buildEmergency(contacts, t));
    const sources = withSources ? asArray(caution.references) : [];
    if (sources.length > 0) {
      const links = sources.map((reference) => citationLink(reference, t));
      item.append(
        el("p", { className: "dpg-caution-sources" }, [
          t("cautionSources"),
          " ",
          ...joinNodes(links, t),
        ]),
      );
    }
    return item;
  }

  /** A changed caution's earlier wording, behind a native disclosure. */
  function buildPrevious(previous, t) {
    const parts = [previous.headline, previous.action, previous.detail].filter(Boolean);
    return el("details", { className: "dpg-previous" }, [
      el("summary", { text: t("cautionPreviousWording") }),
      ...parts.map((text) => el("p", { className: "dpg-caution-detail", text })),
    ]);
  }

  /**
   * The emergency numbers of the reader's jurisdictions, with the reminder that the
   * numbers that matter are those where the client is.
   */
  function buildEmergency(places, t) {
    const items = places.flatMap((place) =>
      asArray(place.contacts).map((contact) => {
        const text = t("emergencyContact", [place.name, contact.name, contact.number]);
        const item = el("li", { text });
        if (contact.when) item.append(" ", t("emergencyWhen", [contact.when]));
        return item;
      }),
    );
    return el("div", { className: "dpg-emergency" }, [
      el("p", { className: "dpg-caution-detail", text: t("emergencyReminder") }),
      el("ul", {}, items),
    ]);
  }

  /**
   * A list of cautions; `options.withDetail` and `options.withSources` add each one's
   * explanation and sources (the card's top three have neither: "More" shows them).
   */
  function buildCautions(cautions, t, options = {}) {
    const { withDetail = true, withSources = true, ...attributes } = options;
    const items = cautions.map((caution) => buildCaution(caution, t, { withDetail, withSources }));
    return el("ul", { ...attributes, className: "dpg-cautions" }, items);
  }

  /** A titled section, left out when it has no items. */
  function section(level, title, items, build) {
    if (items.length === 0) return null;
    return el("section", {}, [heading(level, title), build(items)]);
  }

  /**
   * The full guidance of one category: summary, cautions, questions, benefits, sources
   * (and the checklist as plain text when asked, for browsing). `shownCautions` holds ids
   * already drawn elsewhere (the popup's top), so no caution repeats; with `moreCautions` their
   * heading says they are the other cautions.
   */
  function buildCategory(category, t, options = {}) {
    const level = options.level ?? 3;
    const shown = options.shownCautions ?? new Set();
    const cautions = asArray(category.cautions).filter((caution) => !shown.has(caution.id));
    cautions.forEach((caution) => shown.add(caution.id));
    const sites = asArray(category.sites).map((site) => site.name);
    const parts = [
      category.summary ? el("p", { className: "dpg-summary", text: category.summary }) : null,
      section(
        level,
        t(options.moreCautions ? "moreCautionsHeading" : "cautionsHeading"),
        cautions,
        (items) => buildCautions(items, t),
      ),
      section(level, t("questionsHeading"), asArray(category.questions), (items) => list(items)),
      section(level, t("benefitsHeading"), asArray(category.benefits), (items) => list(items)),
      options.plainChecklist
        ? section(level, t("checklistHeading"), asArray(category.checklist), (items) => list(items))
        : null,
      section(level, t("sitesHeading"), sites, (items) => el("p", { text: joinList(items, t) })),
      section(level, t("referencesHeading"), asArray(category.references), (items) =>
        buildReferences(items, t),
      ),
    ];
    return el("div", { className: "dpg-category", attrs: { "data-category": category.id } }, parts);
  }

  function tickedIndices(model, categoryId) {
    return new Set(asArray(model?.checklistTicks?.[categoryId]));
  }

  function buildCheck(category, index, text, ticked, prefix, send) {
    const id = `${prefix}-${category.id}-${index}`;
    const box = el("input", { id });
    box.type = "checkbox";
    box.checked = ticked;
    box.addEventListener("change", () => {
      send({ type: "checklist-tick", categoryId: category.id, index, checked: box.checked });
    });
    return el("li", {}, [box, el("label", { text, attrs: { for: id } })]);
  }

  /**
   * The pre-session checklists of the model's categories, or null when none has one.
   * Ticks are sent to the worker as they change; `options.id` names the section.
   */
  function buildChecklist(model, t, send, options = {}) {
    const level = options.level ?? 3;
    const prefix = options.idPrefix ?? "dpg-check";
    const categories = asArray(model?.categories).filter(
      (category) => asArray(category.checklist).length > 0,
    );
    if (categories.length === 0) return null;
    const root = el("section", { id: options.id, className: "dpg-checklist" }, [
      heading(level, t("checklistHeading")),
      el("p", { className: "dpg-note", text: t("checklistNote") }),
    ]);
    for (const category of categories) {
      if (categories.length > 1) root.append(heading(level + 1, category.name));
      const ticks = tickedIndices(model, category.id);
      const items = category.checklist.map((text, index) =>
        buildCheck(category, index, text, ticks.has(index), prefix, send),
      );
      root.append(el("ul", { className: "dpg-checks" }, items));
    }
    return root;
  }

  globalThis.DpgCardParts = Object.freeze({
    buildCaution,
    buildCautions,
    buildCategory,
    buildChecklist,
    buildModeLine,
    groupNames,
    heading,
    modeLabel,
    titleOf,
  });
})();
