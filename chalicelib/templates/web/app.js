// ShowUp HR app: sign in, positions, scheduling and the day's interviews, over the HR JSON API.
// Inlined by index.html under a nonce-based CSP. API data goes into the page as text, never as HTML.
"use strict";

(() => {
  const TOKEN_KEY = "showup.hrToken";
  // Interviews HR can no longer move, cancel or send notices for.
  const CLOSED = ["cancelled", "attended", "no_show"];
  // The status each recorded outcome leaves the interview in.
  const STATUS_AFTER = {
    attended: "attended",
    no_show: "no_show",
    cancelled: "cancelled",
    rescheduled: "reschedule_requested",
  };
  const STATUS_TONE = {
    scheduled: "info",
    confirmed: "ok",
    attended: "ok",
    declined: "bad",
    no_show: "bad",
    reschedule_requested: "warn",
    cancelled: "",
  };
  const STATUS_NOTE = {
    scheduled: "no reply yet",
    declined: "will not come",
    reschedule_requested: "asks for another time",
  };
  const NOTICE_TONE = { queued: "", held: "warn", sent: "info", delivered: "ok", failed: "bad", bounced: "bad" };
  // What HR does about a notice that did not arrive; both can be sent again from the list.
  const NOTICE_HINT = { failed: "Not sent: resend", bounced: "Call and re-check the address" };
  const RESENDABLE = ["failed", "bounced"];
  const BAND_TONE = { low: "ok", medium: "warn", high: "bad" };
  const MODE_NOTE = { notification: "short and factual", invitation: "warm, sells the role" };
  const LANGUAGE_NAME = { en: "English", "zh-CN": "Chinese" };
  // Stage directions in a call script ("[listen to the tone]", "【…】") are read, not said.
  const DIRECTION = /(\[[^\]]*\]|【[^】]*】)/;

  const $ = (selector) => document.querySelector(selector);
  const state = { listRequest: 0, callInterview: null };

  // ---------- API ----------

  // Deployed, the page lives under a stage prefix: at "/api" (no trailing slash) a bare relative
  // "positions" would resolve to "/positions", so keep the last path segment in front of it.
  const lastSegment = location.pathname.split("/").pop();
  const base = lastSegment ? `${lastSegment}/` : "";

  class ApiError extends Error {
    constructor(status, body) {
      super(body.message || `ShowUp answered ${status}`);
      this.status = status;
      this.fields = body.fields || {};
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY) || "";

  async function api(path, { method = "GET", body, bearer = token() } = {}) {
    const headers = { Authorization: `Bearer ${bearer}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      response = await fetch(base + path, { method, headers, body: payload });
    } catch {
      throw new ApiError(0, { message: "Could not reach ShowUp. Check the connection and try again." });
    }
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 || response.status === 403) {
      signOut("token not accepted");
      throw new ApiError(response.status, { message: "token not accepted" });
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  // ---------- Small DOM helpers ----------

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    node.append(...present(children));
    return node;
  }

  const present = (children) => children.filter((child) => child !== null && child !== undefined);

  // Replaces a node's content; null children are skipped, which keeps optional parts inline.
  function fill(node, ...children) {
    node.replaceChildren(...present(children));
    return node;
  }

  const humanize = (code) => String(code || "").replaceAll("_", " ");
  const badge = (text, tone) => el("span", { class: `badge ${tone || ""}`, text: humanize(text) });

  const sub = (text, extra = {}) => el("span", { class: "sub", text, ...extra });

  function localToday() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function formatDay(isoDate) {
    const [year, month, day] = isoDate.split("-").map(Number);
    return new Date(year, month - 1, day).toLocaleDateString(undefined, {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
    });
  }

  // An instant (UTC ISO) as the browser's weekday and time, e.g. "Tue 10:05".
  const formatMoment = (iso) =>
    new Date(iso).toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false });

  const browserTimezone = () =>
    Intl.DateTimeFormat().resolvedOptions().timeZone || document.body.dataset.companyTimezone;

  // ---------- Forms: request bodies from field names, API errors back onto the fields ----------

  function setPath(target, path, value) {
    const keys = path.split(".");
    const last = keys.pop();
    let node = target;
    for (const key of keys) node = node[key] ??= {};
    node[last] = value;
  }

  function convert(raw, kind) {
    // A value that does not parse is sent as typed, so the API names the problem next to the field.
    if (kind === "int") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (kind === "list") return raw.split(",").map((item) => item.trim()).filter(Boolean);
    if (kind === "bool") return raw === "true";
    return raw;
  }

  function readForm(form) {
    const data = {};
    for (const input of form.querySelectorAll("[name]")) {
      if (input.type === "checkbox") {
        // Checkbox groups are top-level lists (channels); a disabled, checked box still counts.
        if (input.checked) (data[input.name] ??= []).push(input.value);
        continue;
      }
      if (input.type === "radio") {
        // A choice inside a disabled group (intent when nobody answered) does not apply.
        if (input.checked && !input.matches(":disabled")) {
          setPath(data, input.name, convert(input.value, input.dataset.kind));
        }
        continue;
      }
      const raw = input.value.trim();
      if (raw !== "") setPath(data, input.name, convert(raw, input.dataset.kind));
    }
    return data;
  }

  // "candidate.email" names an input; "skills.2" is an item of the "skills" input.
  function inputFor(form, field) {
    const parts = field.split(".");
    while (parts.length) {
      const input = form.querySelector(`[name="${CSS.escape(parts.join("."))}"]`);
      if (input) return input;
      parts.pop();
    }
    return null;
  }

  const errorSlot = (input) => document.getElementById(input.dataset.errorId || `${input.id}-error`);

  function clearErrors(form) {
    form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
    form.querySelectorAll(".field-error").forEach((slot) => (slot.textContent = ""));
    const message = form.querySelector(".form-message");
    message.hidden = true;
    message.replaceChildren();
  }

  function showErrors(form, error) {
    const elsewhere = [];
    let first = null;
    for (const [field, text] of Object.entries(error.fields)) {
      const input = inputFor(form, field);
      const slot = input && errorSlot(input);
      if (!slot) {
        elsewhere.push(el("li", { text: `${field} ${text}` }));
        continue;
      }
      const group = input.type === "radio" ? form.querySelectorAll(`[name="${CSS.escape(input.name)}"]`) : [input];
      group.forEach((control) => control.setAttribute("aria-invalid", "true"));
      // A select already offers the valid choices: the API's list of their codes would only repeat them.
      const said = input.tagName === "SELECT" ? text.replace(/:\s*[\w-]+(,\s*[\w-]+)+$/, "") : text;
      slot.textContent = slot.textContent ? `${slot.textContent}; ${said}` : said;
      first ??= input;
    }
    const message = form.querySelector(".form-message");
    fill(message, error.message, elsewhere.length ? el("ul", {}, ...elsewhere) : null);
    message.hidden = false;
    (first && !first.disabled ? first : message).focus?.();
  }

  // Runs a form's submit action with errors shown in the form and the button locked meanwhile.
  function handleSubmit(form, action) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("[type=submit]");
      clearErrors(form);
      button.disabled = true;
      try {
        await action(readForm(form));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status !== 401 && error.status !== 403) showErrors(form, error);
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---------- Sign in / sign out ----------

  function showTokenError(text) {
    const input = $("#token");
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    $("#token-error").textContent = text || "";
  }

  async function signIn(event) {
    event.preventDefault();
    const value = $("#token").value.trim();
    showTokenError("");
    if (!value) {
      showTokenError("enter your token");
      return;
    }
    try {
      const data = await api("positions", { bearer: value });
      sessionStorage.setItem(TOKEN_KEY, value);
      $("#token").value = "";
      enterApp(data.positions);
    } catch (error) {
      if (error.status !== 401 && error.status !== 403) showTokenError(error.message);
    }
  }

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    // Candidate details stay on screen otherwise; clear them for the next person at this desk.
    document.querySelectorAll("form").forEach((form) => form.reset());
    $("#interviews-body").replaceChildren();
    $("#position-list").replaceChildren();
    document.querySelectorAll(".result").forEach((box) => (box.hidden = true));
    document.querySelectorAll("[data-panel]").forEach((panel) => (panel.hidden = true));
    document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
    $("#call-script").replaceChildren();
    $("#call-result").replaceChildren();
    $(".nav").hidden = true;
    $("#sign-out").hidden = true;
    $("#sign-in-panel").hidden = false;
    showTokenError(reason || "");
    $("#token").focus();
  }

  function enterApp(positions) {
    $("#sign-in-panel").hidden = true;
    $(".nav").hidden = false;
    $("#sign-out").hidden = false;
    setDefaults();
    showPositions(positions);
    showPanel();
    loadInterviews();
  }

  function setDefaults() {
    $("#day").value ||= localToday();
    $("#i-timezone").value ||= browserTimezone();
  }

  // ---------- Panels ----------

  function showPanel() {
    if (!token()) return;
    const panels = [...document.querySelectorAll("[data-panel]")];
    const wanted = location.hash.slice(1);
    const current = panels.find((panel) => panel.dataset.panel === wanted) || panels[0];
    panels.forEach((panel) => (panel.hidden = panel !== current));
    document.querySelectorAll("[data-panel-link]").forEach((link) => {
      if (link.dataset.panelLink === current.dataset.panel) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  // ---------- Positions ----------

  async function loadPositions(selectId) {
    showPositions((await api("positions")).positions, selectId);
  }

  function salaryRange(position) {
    const amount = (n) => Number(n).toLocaleString();
    return `${amount(position.salary_min)}–${amount(position.salary_max)} ${position.salary_currency || ""}`.trim();
  }

  function showPositions(positions, selectId) {
    const select = $("#i-position-id");
    const keep = selectId || select.value;
    select.replaceChildren(
      el("option", { value: "", text: positions.length ? "Choose a position" : "No positions yet" }),
      ...positions.map((p) => el("option", { value: p.position_id, text: `${p.title} · ${p.company}` })),
    );
    select.value = positions.some((p) => p.position_id === keep) ? keep : "";
    $("#no-positions").hidden = positions.length > 0;
    $("#position-list").replaceChildren(
      ...positions.map((p) =>
        el(
          "li",
          { "data-position-id": p.position_id },
          el("strong", { text: p.title }),
          el("span", { class: "sub", text: `${p.company} · ${p.work_location}` }),
          el("span", { class: "sub", text: [salaryRange(p), humanize(p.level)].filter(Boolean).join(" · ") }),
          completeness(p.completeness || [], "position-completeness"),
        ),
      ),
    );
  }

  // The position's missing or vague facts ({field, problem}), or a note that nothing is missing.
  function completeness(gaps, testId) {
    if (!gaps.length) return el("p", { class: "complete", "data-testid": testId, text: "Nothing missing" });
    const count = gaps.length === 1 ? "1 fact to fix" : `${gaps.length} facts to fix`;
    return el(
      "div",
      { class: "gaps", "data-testid": testId },
      el("p", { class: "gaps-head", text: count }),
      el(
        "ul",
        {},
        ...gaps.map((gap) =>
          el("li", { "data-field": gap.field }, el("strong", { text: humanize(gap.field) }), " ", gap.problem),
        ),
      ),
    );
  }

  async function createPosition(body) {
    const position = await api("positions", { method: "POST", body });
    const form = $("#position-form");
    form.reset();
    const gaps = position.completeness || [];
    const box = $("#position-result");
    box.classList.toggle("held", gaps.length > 0);
    fill(
      box,
      el("h2", { text: `Created: ${position.title} at ${position.company}` }),
      gaps.length ? el("p", { text: "Candidates will ask about these; fill them in before you call:" }) : null,
      completeness(gaps, "position-result-completeness"),
      el(
        "div",
        { class: "actions" },
        el("a", { class: "button", href: "#schedule", text: "Schedule an interview for it" }),
      ),
    );
    box.hidden = false;
    await loadPositions(position.position_id);
  }

  // ---------- Warnings (match, completeness, weather) ----------

  // Each warning as its code and HR-readable message.
  function warningList(warnings, testId) {
    return el(
      "ul",
      { class: "warnings", "data-testid": testId },
      ...warnings.map((w) =>
        el("li", { "data-code": w.code }, el("span", { class: "code", text: humanize(w.code) }), " ", w.message),
      ),
    );
  }

  const heldWarnings = (interview) =>
    (interview.warnings || []).filter((w) => interview.notice.held_for.includes(w.code));

  const noticePath = (interview) => `interviews/${encodeURIComponent(interview.interview_id)}/notice`;

  // ---------- Scheduling ----------

  async function createInterview(body) {
    const interview = await api("interviews", { method: "POST", body });
    showInterviewResult(interview);
    // The next candidate for the same slot usually shares position, place and time; only the person changes.
    $("#interview-form").querySelectorAll("[data-group=candidate] input").forEach((input) => (input.value = ""));
    $("#day").value = interview.local_date;
    $("#interview-result").scrollIntoView({ block: "start" });
    await loadInterviews();
  }

  // The scheduled interview; its warnings come first because a held notice waits for HR.
  function showInterviewResult(interview, problem = "") {
    const held = interview.notice.status === "held";
    const box = $("#interview-result");
    box.dataset.interviewId = interview.interview_id;
    box.classList.toggle("held", held);
    fill(
      box,
      interview.warnings.length ? warningsPanel(interview, problem) : null,
      el("h2", { text: `Scheduled: ${interview.candidate.name}, ${interview.starts_at.replace("T", " ")}` }),
      el("p", {
        text: `${interview.position_title} at ${interview.company}, ${interview.timezone}. Tone: ${interview.mode}.`,
      }),
      el(
        "p",
        {},
        "Notice: ",
        el("span", {
          class: `badge ${NOTICE_TONE[interview.notice.status] || ""}`,
          "data-testid": "result-notice",
          text: humanize(interview.notice.status),
        }),
      ),
      el(
        "div",
        { class: "actions" },
        el("a", { class: "button", href: "#interviews", text: `See ${formatDay(interview.local_date)}` }),
      ),
    );
    box.hidden = false;
  }

  function warningsPanel(interview, problem) {
    const held = interview.notice.status === "held";
    const codes = interview.notice.held_for.map(humanize).join(", ");
    const props = { class: `alert ${held ? "warn" : "neutral"}`, "data-testid": "result-warnings" };
    return el(
      "div",
      held ? { ...props, role: "alert" } : props,
      el("h2", { text: held ? "Check this before the notice goes out" : "Warnings you accepted" }),
      warningList(interview.warnings, "result-warning-list"),
      held ? el("p", { text: `The notice is held until you accept: ${codes}.` }) : null,
      problem ? el("p", { class: "form-message", role: "alert", text: problem }) : null,
      held
        ? el(
            "div",
            { class: "actions start" },
            el("button", {
              type: "button",
              class: "button primary",
              "data-testid": "accept-and-send",
              text: "Accept and send",
              onclick: (event) => acceptFromResult(interview, event.currentTarget),
            }),
          )
        : null,
    );
  }

  async function acceptFromResult(interview, button) {
    button.disabled = true;
    try {
      showInterviewResult(
        await api(noticePath(interview), { method: "POST", body: { accept_warnings: interview.notice.held_for } }),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401 || error.status === 403) return;
      showInterviewResult(interview, error.message);
    }
    await loadInterviews();
  }

  // ---------- The day's interviews ----------

  // `problem`: what went wrong with the action that led to this reload, shown above the list.
  async function loadInterviews(problem = "") {
    const day = $("#day").value || localToday();
    const request = ++state.listRequest;
    let data;
    try {
      data = await api(`interviews?date=${encodeURIComponent(day)}`);
    } catch (error) {
      if (request === state.listRequest) showListProblem(error.message);
      return;
    }
    if (request !== state.listRequest) return; // a later request answers for a later choice
    showListProblem(problem);
    const rows = data.interviews.map(interviewRow);
    $("#interviews-body").replaceChildren(...rows);
    $("#interviews-table").hidden = rows.length === 0;
    const count = rows.length === 1 ? "1 interview" : `${rows.length || "No"} interviews`;
    const risky = data.interviews.filter((i) => i.at_risk && !CLOSED.includes(i.status)).length;
    const held = data.interviews.filter((i) => i.notice.status === "held" && !CLOSED.includes(i.status)).length;
    const due = data.interviews.filter((i) => hasStarted(i) && !CLOSED.includes(i.status) && !recordedOutcome(i)).length;
    const attention = [
      risky && `${risky} at risk`,
      held && `${held} notice${held === 1 ? "" : "s"} held`,
      due && `${due} outcome${due === 1 ? "" : "s"} to record`,
    ];
    $("#interviews-summary").textContent = [`${count} on ${formatDay(data.date)}`, ...attention.filter(Boolean)].join(
      " · ",
    );
  }

  function actionButton(text, onclick, extraClass = "") {
    return el("button", { type: "button", class: `button small ${extraClass}`.trim(), text, onclick });
  }

  function interviewRow(interview) {
    // Erasing a candidate's personal data (DELETE candidates/{email}) may leave these empty.
    const candidate = interview.candidate || {};
    const open = !CLOSED.includes(interview.status);
    // One wrapper per cell: on phones the cell is a two-column grid of label and content.
    const cell = (label, ...children) => el("td", { "data-label": label }, el("div", {}, ...present(children)));
    const classes = [open ? "" : "is-closed", interview.at_risk && open ? "is-at-risk" : ""];
    return el(
      "tr",
      {
        "data-testid": "interview-row",
        "data-interview-id": interview.interview_id,
        class: classes.filter(Boolean).join(" "),
      },
      cell(
        "Time",
        el("span", { class: "time", text: interview.starts_at.slice(11, 16) }),
        sub(`${interview.duration_minutes} min`),
        sub(interview.timezone),
      ),
      cell("Candidate", candidate.name, sub(candidate.email), candidate.phone ? sub(candidate.phone) : null),
      cell("Position", interview.position_title, sub(interview.company)),
      cell("Status", ...statusDetails(interview)),
      cell("Notice", ...noticeDetails(interview)),
      el("td", { class: "actions-cell" }, el("div", { class: "row-actions" }, ...present(rowActions(interview, open)))),
    );
  }

  // The candidate's own answer first: it decides whom HR calls today.
  function statusDetails(interview) {
    const response = interview.candidate_response || {};
    let note = STATUS_NOTE[interview.status];
    if (interview.status === "confirmed" && response.at) note = `replied ${formatMoment(response.at)}`;
    const answered = ["declined", "reschedule_requested"].includes(interview.status);
    if (answered && response.reason) note = `“${response.reason}”`;
    const outcome = recordedOutcome(interview);
    if (outcome) note = outcome.reason ? reasonLabel(outcome.reason) : `recorded ${formatMoment(outcome.at)}`;
    const flags = [];
    if (interview.at_risk) {
      flags.push(
        el(
          "li",
          { class: "flag bad", "data-flag": "at_risk" },
          el("strong", { text: "At risk" }),
          interview.at_risk_prompt ? ` ${interview.at_risk_prompt}` : null,
        ),
      );
    }
    if (interview.email_bounced) {
      flags.push(
        el(
          "li",
          { class: "flag bad", "data-flag": "email_bounced" },
          el("strong", { text: "Email bounced" }),
          " The written notice never arrived.",
        ),
      );
    }
    return [
      el(
        "span",
        { "data-testid": "interview-status" },
        el("span", {
          class: `badge lg status-${interview.status} ${STATUS_TONE[interview.status] || ""}`,
          text: humanize(interview.status),
        }),
      ),
      note ? sub(note, { "data-testid": "status-note" }) : null,
      // An at-risk prompt already says what the calls showed.
      interview.intent && !interview.at_risk ? sub(`intent on the phone: ${interview.intent}`) : null,
      flags.length ? el("ul", { class: "flags", "data-testid": "flags" }, ...flags) : null,
    ];
  }

  function noticeDetails(interview) {
    const notice = interview.notice;
    const held = notice.status === "held" ? heldWarnings(interview) : [];
    const accepted = (interview.warnings || []).filter((w) => !held.includes(w));
    const hint = NOTICE_HINT[notice.status];
    return [
      el("span", { "data-testid": "notice-status" }, badge(notice.status, NOTICE_TONE[notice.status])),
      hint ? el("span", { class: "notice-hint", "data-testid": "notice-hint", text: hint }) : null,
      held.length ? warningList(held, "held-warnings") : null,
      accepted.length ? sub(`accepted: ${accepted.map((w) => humanize(w.code)).join(", ")}`) : null,
      sub(noticeKind(interview)),
    ];
  }

  // How the candidate hears about it: the notice's tone and channels, e.g. "invitation · email + SMS".
  function noticeKind(interview) {
    const channels = (interview.channels || ["email"]).map((c) => (c === "sms" ? "SMS" : c)).join(" + ");
    return `${humanize(interview.mode)} · ${channels}`;
  }

  function rowActions(interview, open) {
    if (hasStarted(interview)) {
      // What happened is recorded, and can be corrected; a cancelled interview is history.
      if (interview.status === "cancelled") return [];
      const moving = interview.status === "reschedule_requested";
      return [outcomeForm(interview), moving ? actionButton("Reschedule", () => openReschedule(interview), "span") : null];
    }
    if (!open) return [];
    const status = interview.notice.status;
    return [
      actionButton("Open call script", () => openCallScript(interview), "span"),
      status === "held" ? actionButton("Accept and send", () => sendHeldNotice(interview), "span primary") : null,
      RESENDABLE.includes(status) ? actionButton("Resend notice", () => resendNotice(interview), "span") : null,
      actionButton("Reschedule", () => openReschedule(interview)),
      actionButton("Cancel", () => cancelInterview(interview), "danger"),
    ];
  }

  function showListProblem(text) {
    const message = $("#interviews-message");
    message.textContent = text;
    message.hidden = !text;
  }

  // Row actions reload the list either way: a refusal (e.g. 409) usually means the row was stale.
  async function rowAction(work) {
    let problem = "";
    try {
      await work();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401 || error.status === 403) return;
      problem = error.message;
    }
    await loadInterviews(problem);
  }

  function cancelInterview(interview) {
    const when = interview.starts_at.replace("T", " ");
    const who = interview.candidate?.name || "this candidate";
    if (!confirm(`Cancel the interview with ${who} on ${when}? The candidate will be told.`)) return;
    const path = `interviews/${encodeURIComponent(interview.interview_id)}/cancel`;
    rowAction(() => api(path, { method: "POST", body: {} }));
  }

  function sendHeldNotice(interview) {
    const reasons = heldWarnings(interview)
      .map((w) => `• ${w.message}`)
      .join("\n");
    if (!confirm(`Send the notice to ${interview.candidate?.name || "the candidate"} despite:\n${reasons}`)) return;
    const body = { accept_warnings: interview.notice.held_for };
    rowAction(async () => {
      const sent = await api(noticePath(interview), { method: "POST", body });
      const box = $("#interview-result");
      if (!box.hidden && box.dataset.interviewId === interview.interview_id) showInterviewResult(sent);
    });
  }

  // A failed or bounced notice goes out again with the warnings HR already accepted.
  function resendNotice(interview) {
    rowAction(() => api(noticePath(interview), { method: "POST", body: { accept_warnings: [] } }));
  }

  function openReschedule(interview) {
    const dialog = $("#reschedule-dialog");
    const form = $("#reschedule-form");
    clearErrors(form);
    form.dataset.interviewId = interview.interview_id;
    $("#reschedule-who").textContent = `${interview.candidate?.name || ""} · ${interview.position_title}`;
    $("#r-starts-at").value = interview.starts_at;
    $("#r-timezone").value = interview.timezone;
    dialog.showModal();
  }

  async function reschedule(body) {
    const form = $("#reschedule-form");
    const moved = await api(`interviews/${encodeURIComponent(form.dataset.interviewId)}/reschedule`, {
      method: "POST",
      body,
    });
    $("#reschedule-dialog").close();
    $("#day").value = moved.local_date;
    await loadInterviews();
  }

  // ---------- Outcomes ----------

  const outcomeTemplate = $("#outcome-form-template");
  const hasStarted = (interview) => new Date(interview.starts_at_utc) <= new Date();

  // The outcome that explains the current status, if HR recorded one.
  function recordedOutcome(interview) {
    const outcome = interview.outcome;
    return outcome && STATUS_AFTER[outcome.outcome] === interview.status ? outcome : null;
  }

  const reasonLabel = (code) =>
    outcomeTemplate.content.querySelector(`#o-reason option[value="${CSS.escape(code)}"]`)?.textContent ||
    humanize(code);

  // A copy of the template whose ids ("o-outcome", its label's and error slot's) are this row's own.
  function outcomeForm(interview) {
    const form = outcomeTemplate.content.firstElementChild.cloneNode(true);
    const own = (ids) =>
      ids
        .split(" ")
        .map((id) => (id.startsWith("o-") ? `o-${interview.interview_id}-${id.slice(2)}` : id))
        .join(" ");
    for (const name of ["id", "for", "aria-describedby"]) {
      form.querySelectorAll(`[${name}]`).forEach((node) => node.setAttribute(name, own(node.getAttribute(name))));
    }
    const { outcome, reason } = form.elements;
    const recorded = recordedOutcome(interview) || {};
    outcome.value = recorded.outcome || "";
    reason.value = recorded.reason || "";
    // A reason only for a no-show: the API refuses one for any other outcome.
    const showReason = () => {
      const field = form.querySelector(".reason-field");
      field.hidden = outcome.value !== "no_show";
      if (field.hidden) reason.value = "";
    };
    showReason();
    outcome.addEventListener("change", showReason);
    handleSubmit(form, (body) => recordOutcome(interview, body));
    return form;
  }

  async function recordOutcome(interview, body) {
    await api(`interviews/${encodeURIComponent(interview.interview_id)}/outcome`, { method: "POST", body });
    await loadInterviews();
  }

  // ---------- Call script and call log ----------

  async function openCallScript(interview) {
    const candidate = interview.candidate || {};
    state.callInterview = interview;
    const form = $("#call-form");
    form.reset();
    clearErrors(form);
    updateIntentGroup();
    $("#call-result").hidden = true;
    fill(
      $("#call-who"),
      el("strong", { text: candidate.name || "Candidate" }),
      " · ",
      candidate.phone ? el("a", { href: `tel:${candidate.phone}`, text: candidate.phone }) : "no phone number on file",
      ` · ${interview.position_title}, ${interview.starts_at.replace("T", " ")}`,
    );
    const box = $("#call-script");
    box.removeAttribute("lang");
    fill(box, el("p", { class: "muted", text: "Loading the script…" }));
    $("#call-dialog").showModal();
    let script;
    try {
      script = await api(`interviews/${encodeURIComponent(interview.interview_id)}/call-script`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const problem = el("p", { class: "form-message", role: "alert", text: error.message });
      if (state.callInterview === interview) fill(box, problem);
      return;
    }
    if (state.callInterview === interview) showScript(script, candidate.email || "");
  }

  function showScript(script, email) {
    const over = script.estimated_seconds > script.target_seconds;
    const spelledInline = script.sections.some((s) => s.lines.some((line) => line.includes(script.email_spelled)));
    const box = $("#call-script");
    box.lang = script.language;
    fill(
      box,
      el(
        "div",
        { class: "script-meta", lang: "en" },
        el("span", { class: "badge lg info", "data-testid": "script-mode", text: humanize(script.mode) }),
        MODE_NOTE[script.mode] ? el("span", { class: "muted", text: MODE_NOTE[script.mode] }) : null,
        el("span", {
          class: `timing ${over ? "over" : ""}`.trim(),
          "data-testid": "script-timing",
          text: `≈ ${script.estimated_seconds} s of ${script.target_seconds} s target`,
        }),
        script.spelling_seconds
          ? el("span", { class: "muted", text: `+ ${script.spelling_seconds} s to spell the email` })
          : null,
        el("span", { class: "muted", text: LANGUAGE_NAME[script.language] || script.language }),
      ),
      ...script.sections.map((section) =>
        el(
          "section",
          { class: "script-section", "data-testid": "script-section" },
          el("h3", { text: section.title }),
          ...section.lines.map((line) => scriptLine(line, script, email)),
        ),
      ),
      spelledInline ? null : spelledEmail(script, email),
    );
  }

  function scriptLine(line, script, email) {
    const at = script.email_spelled ? line.indexOf(script.email_spelled) : -1;
    if (at < 0) {
      const parts = spoken(line);
      const onlyDirection = parts.length === 1 && typeof parts[0] !== "string";
      return el("div", { class: onlyDirection ? "line direction-only" : "line" }, ...parts);
    }
    return el(
      "div",
      { class: "line" },
      ...spoken(line.slice(0, at)),
      spelledEmail(script, email),
      // The sentence goes on after the letters; its full stop would otherwise open the next line.
      ...spoken(line.slice(at + script.email_spelled.length).replace(/^[.。]\s*/, "")),
    );
  }

  // Spoken text as strings, stage directions as notes without their brackets.
  function spoken(text) {
    return text
      .split(DIRECTION)
      .filter((part) => part.trim())
      .map((part) => (DIRECTION.test(part) ? el("span", { class: "direction", text: part.slice(1, -1) }) : part));
  }

  function spelledEmail(script, email) {
    const letters = script.email_spelled
      .split(/,\s*|，/)
      .map((part) => part.trim())
      .filter(Boolean);
    return el(
      "div",
      { class: "spelled", "data-testid": "email-spelled" },
      email ? el("p", { class: "email", text: email }) : null,
      el(
        "ol",
        { class: "letters", "aria-label": "The email address, one character at a time" },
        ...letters.map((letter) => el("li", { text: letter })),
      ),
    );
  }

  // Intent is only heard when someone answered.
  function updateIntentGroup() {
    $("#c-intent-group").disabled = $("#c-reached-no").checked;
  }

  async function logCall(body) {
    const interview = state.callInterview;
    const logged = await api(`interviews/${encodeURIComponent(interview.interview_id)}/call`, {
      method: "POST",
      body,
    });
    $("#call-form").reset();
    updateIntentGroup();
    showCallResult(logged);
    await loadInterviews();
  }

  function showCallResult(logged) {
    const risk = logged.risk;
    const signed = (points) => (points > 0 ? `+${points}` : points < 0 ? `−${-points}` : "0");
    const box = $("#call-result");
    fill(
      box,
      logged.at_risk
        ? el(
            "div",
            { class: "alert bad", role: "alert", "data-testid": "at-risk-prompt" },
            el("strong", { text: "At risk. " }),
            logged.at_risk_prompt || "Confirm attendance directly.",
          )
        : null,
      el("h3", { text: "Call logged" }),
      el(
        "p",
        { class: "risk-score", "data-testid": "risk-score" },
        "No-show risk ",
        el("span", { class: "score", text: String(risk.score) }),
        el("span", { class: "of", text: " / 100 " }),
        badge(`${risk.band} risk`, BAND_TONE[risk.band]),
      ),
      el(
        "table",
        { class: "factors", "data-testid": "risk-factors" },
        el("caption", { class: "visually-hidden", text: "What the risk score is made of" }),
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("th", { scope: "col", text: "Factor" }),
            el("th", { scope: "col", text: "Points" }),
            el("th", { scope: "col", text: "Why" }),
          ),
        ),
        el(
          "tbody",
          {},
          ...risk.factors.map((f) =>
            el(
              "tr",
              { class: f.points === 0 ? "zero" : "" },
              el("td", { text: humanize(f.factor) }),
              el("td", { class: "points", text: signed(f.points) }),
              el("td", { text: f.why }),
            ),
          ),
        ),
      ),
    );
    box.hidden = false;
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest" });
  }

  // ---------- Start ----------

  // Other pages sit beside this one, under the same stage prefix.
  document.querySelectorAll("[data-page]").forEach((link) => (link.href = base + link.dataset.page));
  $("#sign-in-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", () => signOut());
  $("#day-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadInterviews();
  });
  $("#day").addEventListener("change", () => loadInterviews());
  $("#reschedule-close").addEventListener("click", () => $("#reschedule-dialog").close());
  $("#call-close").addEventListener("click", () => $("#call-dialog").close());
  $("#call-form").addEventListener("change", updateIntentGroup);
  handleSubmit($("#position-form"), createPosition);
  handleSubmit($("#interview-form"), createInterview);
  handleSubmit($("#reschedule-form"), reschedule);
  handleSubmit($("#call-form"), logCall);
  window.addEventListener("hashchange", showPanel);

  if (token()) {
    api("positions")
      .then((data) => enterApp(data.positions))
      .catch(() => {}); // a refused token has already sent the user back to sign in
  } else {
    $("#token").focus();
  }
})();
