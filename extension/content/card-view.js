// The reminder card itself: the shell around the guidance content/card-parts.js draws
// (header, "More", "Why this?", the buttons, the collapsed pill), its state across
// updates, focus and announcements. A classic script, because the worker injects it into
// pages before content/card.js; the admin preview loads it too. It defines one global,
// DpgCardView, and a second injection into the same page reuses the first.
(() => {
  if (globalThis.DpgCardView) return;

  const { asArray, button, el, formatDate, joinList } = globalThis.DpgDom;
  const { buildCautions, buildCategory, buildChecklist, buildModeLine, groupNames, titleOf } =
    globalThis.DpgCardParts;
  const ANNOUNCE_DELAY_MS = 150;
  const SOURCE_KEYS = Object.freeze({ bundled: "whySourceBundled", server: "whySourceServer" });
  const STAGE_KEYS = Object.freeze({
    choosing: "whyStageChoosing",
    before: "whyStageBefore",
    during: "whyStageDuring",
    after: "whyStageAfter",
    anytime: "whyStageAnytime",
  });

  // Per-root state kept across renders: what the user opened or collapsed, and where
  // focus came from, so an updated model keeps the card as the user left it.
  const states = new WeakMap();

  // --- The card ----------------------------------------------------------------------------

  /** A disclosure: a button with aria-expanded that shows or hides its panel. */
  function disclosure(options, panel, onToggle) {
    const toggle = button(
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

  /** "Move": an icon button (no words for the first view), named for screen readers. */
  function buildMove(t, onMove) {
    if (!onMove) return null;
    const label = t("moveLabel");
    return button(
      {
        id: "dpg-move",
        className: "dpg-icon-button",
        text: "\u2922",
        attrs: { "aria-label": label, title: label },
      },
      onMove,
    );
  }

  function buildHeader(model, t, collapse, onMove) {
    const groups = groupNames(asArray(model.categories));
    return el("div", { className: "dpg-header" }, [
      el("div", { className: "dpg-heading" }, [
        groups.length
          ? el("p", { id: "dpg-groups", className: "dpg-groups", text: joinList(groups, t) })
          : null,
        el("h2", { id: "dpg-title", className: "dpg-title", text: titleOf(model, t) }),
      ]),
      button(
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
      // After "Minimise": the first control the keyboard reaches stays the same.
      buildMove(t, onMove),
    ]);
  }

  function buildMore(model, t, send, state) {
    const categories = asArray(model.categories);
    const several = categories.length > 1;
    // Every caution in full, the top ones too: their detail and sources are here.
    // Merged categories share one card: a caution two of them hold is drawn once.
    const details = el("div", { id: "dpg-more-details", className: "dpg-more-details" });
    const setup = asArray(model.setupCautions);
    const shownCautions = new Set(setup.map((caution) => caution.id));
    if (setup.length) {
      details.append(
        el("section", { id: "dpg-setup" }, [
          el("h3", { text: t("setupHeading") }),
          buildCautions(setup, t),
        ]),
      );
    }
    for (const category of categories) {
      if (several) details.append(el("h3", { text: category.name }));
      details.append(buildCategory(category, t, { level: several ? 4 : 3, shownCautions }));
    }
    // The checklist is one click away too: the first view stays short.
    const checklist = buildChecklist(model, t, send, { id: "dpg-checklist", level: 3 });
    if (checklist) details.append(checklist);
    if (model.guidance?.notice)
      details.append(el("p", { className: "dpg-notice", text: model.guidance.notice }));
    const toggle = disclosure(
      { id: "dpg-more", className: "dpg-link-button", text: t("moreLabel") },
      details,
      (open) => {
        state.moreOpen = open;
      },
    );
    setExpanded(toggle, details, state.moreOpen);
    return [toggle, details];
  }

  function whyRow(term, value) {
    return [el("dt", { text: term }), el("dd", {}, [value])];
  }

  /** Which use, stage, jurisdictions and profiles chose the card's cautions. */
  function whyChoice(choice, t) {
    if (!choice) return [];
    const text = (value) => document.createTextNode(value);
    const stage = t(STAGE_KEYS[choice.stage] ?? "whyStageBefore");
    const places = asArray(choice.jurisdictions);
    return [
      ...whyRow(t("whyUse"), text(choice.use ?? t("whyUseNone"))),
      ...whyRow(t("whyStage"), text(choice.firstVisit ? t("whyStageFirst", [stage]) : stage)),
      ...whyRow(t("whyJurisdictions"), text(places.length ? joinList(places, t) : t("whyNone"))),
      ...whyRow(
        t("whyProfiles"),
        text(
          choice.profiles === null
            ? t("whyProfilesNotAsked")
            : choice.profiles.length
              ? joinList(choice.profiles, t)
              : t("whyNone"),
        ),
      ),
    ];
  }

  function buildWhy(model, t, state) {
    const guidance = model.guidance ?? {};
    const sites = asArray(model.sites).length ? model.sites : [model.site].filter(Boolean);
    const rows = [];
    for (const site of sites) {
      rows.push(...whyRow(t("whySite"), document.createTextNode(String(site.name ?? site.id))));
      rows.push(...whyRow(t("whyPattern"), el("code", { text: site.pattern })));
    }
    const names = joinList(
      asArray(model.categories).map((category) => category.name),
      t,
    );
    const version = Number.isInteger(guidance.version)
      ? String(guidance.version)
      : t("whyVersionNone");
    rows.push(...whyRow(t("whyCategories"), document.createTextNode(names)));
    rows.push(...whyChoice(model.choice, t));
    rows.push(...whyRow(t("whyVersion"), document.createTextNode(version)));
    rows.push(
      ...whyRow(t("whyReviewed"), document.createTextNode(formatDate(guidance.reviewed, t))),
    );
    rows.push(
      ...whyRow(
        t("whySource"),
        document.createTextNode(t(SOURCE_KEYS[guidance.source] ?? "whySourceBundled")),
      ),
    );
    const details = el("dl", { id: "dpg-why-details", className: "dpg-why-details" }, rows);
    const toggle = disclosure(
      { id: "dpg-why", className: "dpg-link-button", text: t("whyLabel") },
      details,
      (open) => {
        state.whyOpen = open;
      },
    );
    setExpanded(toggle, details, state.whyOpen);
    return [toggle, details];
  }

  /**
   * The reader's place, as the first view tells it: "Choose where you practise" until
   * they choose (only cautions that apply everywhere show), a quiet note when their
   * country's regions have rules here. Both open the options' jurisdictions.
   */
  function buildPlace(model, t, send) {
    const place = model.jurisdiction;
    if (!place || (place.chosen && !place.regionalNote)) return null;
    const text = place.chosen ? t("regionalNoteLabel") : t("choosePlaceLabel");
    return el("p", { id: "dpg-place", className: "dpg-note" }, [
      button({ id: "dpg-choose-place", className: "dpg-link-button", text }, () =>
        send({ type: "open-options", section: "jurisdictions" }),
      ),
    ]);
  }

  /**
   * "What are you doing here?" on a site with several uses, until the reader answers:
   * a large button per use. The worker stores the answer for the site and redraws.
   */
  function buildUseQuestion(model, t, send) {
    if (!model.askUse) return null;
    const buttons = asArray(model.uses).map((use) =>
      button({ id: `dpg-use-${use.id}`, text: use.label }, () =>
        send({ type: "choose-use", siteId: model.usesSite, use: use.id }),
      ),
    );
    return el(
      "section",
      { id: "dpg-use", className: "dpg-use", attrs: { "aria-labelledby": "dpg-use-heading" } },
      [
        el("h3", { id: "dpg-use-heading", text: t("useQuestion") }),
        el("div", { className: "dpg-use-buttons" }, buttons),
      ],
    );
  }

  function buildBody(model, t, send, state) {
    // One line for the mode, even for merged categories (lib/guidance.js's modeSummary).
    const summary = model.modeSummary;
    const mode = el("div", { id: "dpg-mode", className: "dpg-mode" }, [
      summary ? buildModeLine({ mode: summary.mode, modeNote: summary.note }, t, false) : null,
    ]);
    const top = asArray(model.topCautions);
    return el("div", { id: "dpg-body", className: "dpg-body" }, [
      buildUseQuestion(model, t, send),
      mode,
      top.length ? el("h3", { id: "dpg-top-heading", text: t("topCautionsHeading") }) : null,
      buildCautions(top, t, {
        id: "dpg-top-cautions",
        withDetail: false,
        withSources: false,
        attrs: { "aria-labelledby": "dpg-top-heading" },
      }),
      buildPlace(model, t, send),
      ...buildMore(model, t, send, state),
      el("div", { className: "dpg-why" }, buildWhy(model, t, state)),
    ]);
  }

  function buildFooter(t, act) {
    const menu = el(
      "div",
      {
        id: "dpg-snooze-menu",
        className: "dpg-snooze-menu",
        attrs: { role: "group", "aria-label": t("snoozeMenuLabel") },
      },
      [
        button({ id: "dpg-snooze-hour", text: t("snoozeHour") }, () => act("snooze-hour")),
        button({ id: "dpg-snooze-tomorrow", text: t("snoozeTomorrow") }, () =>
          act("snooze-tomorrow"),
        ),
      ],
    );
    const snooze = disclosure({ id: "dpg-snooze", text: t("snoozeLabel") }, menu);
    return el("div", { className: "dpg-footer" }, [
      el("div", { className: "dpg-actions" }, [
        button({ id: "dpg-got-it", className: "dpg-primary", text: t("gotItLabel") }, () =>
          act("got-it"),
        ),
        snooze,
        button({ id: "dpg-disable-site", text: t("disableSiteLabel") }, () => act("disable-site")),
      ]),
      menu,
    ]);
  }

  // --- State, focus and announcements ------------------------------------------------------

  /** The state of a root, creating its styles and live region on first use. */
  function stateFor(root) {
    let state = states.get(root);
    if (state) return state;
    globalThis.DpgCardStyles.apply(root);
    const live = el("div", {
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
      corner: "",
      returnTo: null,
      timer: 0,
    };
    states.set(root, state);
    return state;
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

  function buildCard(root, model, t, send, state, options) {
    const act = (action) => {
      send({ type: "card-action", action, siteId: model.site?.id });
      hide(root);
    };
    const title = titleOf(model, t);
    const panel = el("div", { id: "dpg-panel", className: "dpg-panel" }, [
      buildHeader(model, t, () => applyCollapsed(root, state, true, true), options.onMove),
      buildBody(model, t, send, state),
      buildFooter(t, act),
    ]);
    const pill = button(
      {
        id: "dpg-pill",
        className: "dpg-pill",
        text: t("pillLabel", [title]),
        attrs: { "aria-expanded": "false", "aria-controls": "dpg-panel" },
      },
      () => applyCollapsed(root, state, false, true),
    );
    const card = el(
      "aside",
      { id: "dpg-card", className: "dpg-card", attrs: { "aria-label": t("cardRegionLabel") } },
      [panel, pill],
    );
    if (state.corner) card.dataset.corner = state.corner;
    card.addEventListener("keydown", (event) => onKeyDown(event, root, act));
    watchFocus(card, root, state);
    return card;
  }

  /**
   * Draw the card for `model` in `root` (a shadow root), or update it in place: the
   * collapsed state and open sections are kept, and focus stays where it was (on the
   * same control when it was inside the card; never taken from the page).
   * `options.onMove`, when given, draws the "Move" button (the page's card has one; the
   * admin preview, drawing in its stage, none).
   */
  function render(root, model, t, send, options = {}) {
    const state = stateFor(root);
    const focusedId = activeIn(root)?.id ?? "";
    const wasShown = Boolean(state.card && !state.card.hidden);
    const card = buildCard(root, model, t, send, state, options);
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

  /**
   * Fold an open card to its pill (a call started in the tab). Focus stays where it is;
   * only focus inside the card's panel follows it to the pill, so none is lost.
   */
  function fold(root) {
    const state = states.get(root);
    if (!state?.card || state.card.hidden || state.collapsed) return;
    applyCollapsed(root, state, true, Boolean(activeIn(root)));
  }

  /** Put the card in a corner (content/card-placement.js's names); kept across updates. */
  function place(root, corner) {
    const state = states.get(root);
    if (!state) return;
    state.corner = corner;
    if (state.card) state.card.dataset.corner = corner;
  }

  /** Say something about the card in its live region (a move, for one). */
  function say(root, text) {
    const state = states.get(root);
    if (state) announce(state, text);
  }

  globalThis.DpgCardView = Object.freeze({ render, hide, fold, place, say });
})();
