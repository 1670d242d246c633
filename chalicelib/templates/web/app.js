// ShowUp HR app: sign in, positions, scheduling and the day's interviews, over the HR JSON API.
// Inlined by index.html under a nonce-based CSP. API data goes into the page as text, never as HTML.
"use strict";

(() => {
  const TOKEN_KEY = "showup.hrToken";
  // Interviews HR can no longer move, cancel or send notices for.
  const CLOSED = ["cancelled", "attended", "no_show"];
  const STATUS_TONE = {
    scheduled: "info",
    confirmed: "ok",
    attended: "ok",
    declined: "bad",
    no_show: "bad",
    reschedule_requested: "warn",
    cancelled: "",
  };
  const NOTICE_TONE = { queued: "", held: "warn", sent: "ok", delivered: "ok", failed: "bad", bounced: "bad" };

  const $ = (selector) => document.querySelector(selector);
  const state = { listRequest: 0 };

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
      input.setAttribute("aria-invalid", "true");
      slot.textContent = slot.textContent ? `${slot.textContent}; ${text}` : text;
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
    if ($("#reschedule-dialog").open) $("#reschedule-dialog").close();
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
      gaps.length
        ? el("ul", {}, ...gaps.map((gap) => el("li", { text: `${humanize(gap.field)}: ${gap.problem}` })))
        : null,
      el("a", { class: "button", href: "#schedule", text: "Schedule an interview for it" }),
    );
    box.hidden = false;
    await loadPositions(position.position_id);
  }

  // ---------- Scheduling ----------

  function noticeText(notice) {
    if (notice.status === "held") return `held until you accept: ${notice.held_for.map(humanize).join(", ")}`;
    return humanize(notice.status);
  }

  async function createInterview(body) {
    const interview = await api("interviews", { method: "POST", body });
    const held = interview.notice.status === "held";
    const box = $("#interview-result");
    box.dataset.interviewId = interview.interview_id;
    box.classList.toggle("held", held);
    fill(
      box,
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
          text: noticeText(interview.notice),
        }),
      ),
      interview.warnings.length
        ? el("ul", { class: "warnings" }, ...interview.warnings.map((w) => el("li", { text: w.message })))
        : null,
      el(
        "div",
        { class: "actions" },
        held ? actionButton("Send notice anyway", () => sendHeldNotice(interview)) : null,
        el("a", { class: "button", href: "#interviews", text: `See ${formatDay(interview.local_date)}` }),
      ),
    );
    box.hidden = false;
    // The next candidate for the same slot usually shares position, place and time; only the person changes.
    $("#interview-form").querySelectorAll("[data-group=candidate] input").forEach((input) => (input.value = ""));
    $("#day").value = interview.local_date;
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
    $("#interviews-summary").textContent = `${count} on ${formatDay(data.date)}`;
  }

  function actionButton(text, onclick, extraClass = "") {
    return el("button", { type: "button", class: `button small ${extraClass}`.trim(), text, onclick });
  }

  function interviewRow(interview) {
    // Erasing a candidate's personal data (DELETE candidates/{email}) may leave these empty.
    const candidate = interview.candidate || {};
    const warnings = interview.warnings || [];
    const notice = interview.notice;
    const open = !CLOSED.includes(interview.status);
    // One wrapper per cell: on phones the cell is a two-column grid of label and content.
    const cell = (label, ...children) => el("td", { "data-label": label }, el("div", {}, ...children));
    return el(
      "tr",
      { "data-testid": "interview-row", "data-interview-id": interview.interview_id, class: open ? "" : "is-closed" },
      cell(
        "Time",
        el("span", { class: "time", text: interview.starts_at.slice(11, 16) }),
        el("span", { class: "sub", text: `${interview.timezone} · ${interview.duration_minutes} min` }),
      ),
      cell("Candidate", candidate.name, el("span", { class: "sub", text: candidate.email })),
      cell("Position", interview.position_title),
      cell("Company", interview.company),
      cell(
        "Status",
        el("span", { "data-testid": "interview-status" }, badge(interview.status, STATUS_TONE[interview.status])),
        warnings.length ? el("ul", { class: "warnings" }, ...warnings.map((w) => el("li", { text: w.message }))) : null,
      ),
      cell("Mode", humanize(interview.mode)),
      cell(
        "Notice",
        el("span", { "data-testid": "notice-status" }, badge(notice.status, NOTICE_TONE[notice.status])),
        notice.status === "held"
          ? el("span", { class: "sub", text: `for ${notice.held_for.map(humanize).join(", ")}` })
          : null,
      ),
      el(
        "td",
        { class: "actions-cell" },
        el(
          "div",
          { class: "row-actions" },
          open && notice.status === "held" ? actionButton("Send held notice", () => sendHeldNotice(interview)) : null,
          open ? actionButton("Reschedule", () => openReschedule(interview)) : null,
          open ? actionButton("Cancel", () => cancelInterview(interview), "danger") : null,
        ),
      ),
    );
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
    const reasons = interview.warnings
      .filter((w) => interview.notice.held_for.includes(w.code))
      .map((w) => `• ${w.message}`)
      .join("\n");
    if (!confirm(`Send the notice to ${interview.candidate?.name || "the candidate"} despite:\n${reasons}`)) return;
    const body = { accept_warnings: interview.notice.held_for };
    rowAction(async () => {
      await api(`interviews/${encodeURIComponent(interview.interview_id)}/notice`, { method: "POST", body });
      const box = $("#interview-result");
      if (box.dataset.interviewId === interview.interview_id) box.hidden = true; // it still said "held"
    });
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

  // ---------- Start ----------

  $("#sign-in-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", () => signOut());
  $("#day-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadInterviews();
  });
  $("#day").addEventListener("change", () => loadInterviews());
  $("#reschedule-close").addEventListener("click", () => $("#reschedule-dialog").close());
  handleSubmit($("#position-form"), createPosition);
  handleSubmit($("#interview-form"), createInterview);
  handleSubmit($("#reschedule-form"), reschedule);
  window.addEventListener("hashchange", showPanel);

  if (token()) {
    api("positions")
      .then((data) => enterApp(data.positions))
      .catch(() => {}); // a refused token has already sent the user back to sign in
  } else {
    $("#token").focus();
  }
})();
