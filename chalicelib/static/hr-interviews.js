// The day's interviews on the HR page: one row each, with what HR can do about it from there.

import { $, badge, el } from "./dom.js";
import { formatDay, formatMoment, localToday } from "./dates.js";
import { clearErrors, handleSubmit } from "./forms.js";
import { openCallScript } from "./hr-call.js";
import { hasStarted, outcomeForm, reasonLabel, recordedOutcome } from "./hr-outcomes.js";
import { heldWarnings, noticeBadge, noticePath, showInterviewResult } from "./hr-schedule.js";
import { label } from "./labels.js";
import { api, ApiError, may, refused } from "./session.js";

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
const STATUS_NOTE = {
  scheduled: "no reply yet",
  declined: "will not come",
  reschedule_requested: "asks for another time",
};
// What HR does about a notice that did not arrive; both can be sent again from the list.
const NOTICE_HINT = { failed: "Not sent: resend", bounced: "Call and re-check the address" };
const RESENDABLE = ["failed", "bounced"];

// The calls' "confirm attendance directly" holds only while someone still expects the candidate: a
// declined, cancelled or past interview has no risk (the API says why in `risk.reason`).
const atRisk = (interview) => Boolean(interview.at_risk) && interview.risk?.applies !== false;

// Answers to an older choice of day are dropped: only the latest request fills the list.
let latest = 0;

export function startInterviews() {
  $("#day-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadInterviews();
  });
  $("#day").addEventListener("change", () => loadInterviews());
  $("#reschedule-close").addEventListener("click", () => $("#reschedule-dialog").close());
  handleSubmit($("#reschedule-form"), reschedule);
}

// `problem`: what went wrong with the action that led to this reload, shown above the list.
export async function loadInterviews(problem = "") {
  const day = $("#day").value || localToday();
  const mine = ++latest;
  let data;
  try {
    data = await api(`interviews?date=${encodeURIComponent(day)}`);
  } catch (error) {
    if (mine === latest) showListProblem(error.message);
    return;
  }
  if (mine !== latest) return;
  showListProblem(problem);
  const rows = data.interviews.map(interviewRow);
  $("#interviews-body").replaceChildren(...rows);
  $("#interviews-table").hidden = rows.length === 0;
  const count = rows.length === 1 ? "1 interview" : `${rows.length || "No"} interviews`;
  const open = data.interviews.filter((i) => !CLOSED.includes(i.status));
  const risky = open.filter(atRisk).length;
  const held = open.filter((i) => i.notice.status === "held").length;
  const due = open.filter((i) => hasStarted(i) && !recordedOutcome(i)).length;
  const attention = [
    risky && `${risky} at risk`,
    held && `${held} notice${held === 1 ? "" : "s"} held`,
    due && `${due} outcome${due === 1 ? "" : "s"} to record`,
  ];
  $("#interviews-summary").textContent = [`${count} on ${formatDay(data.date)}`, ...attention.filter(Boolean)].join(
    " · ",
  );
}

function showListProblem(text) {
  const message = $("#interviews-message");
  message.textContent = text;
  message.hidden = !text;
}

const sub = (text, extra = {}) => el("span", { class: "sub", text, ...extra });

// An address wraps after "@" and dots, never mid-word: "zhang.san@<wbr>example.<wbr>com".
function emailLine(email) {
  const parts = String(email || "").split(/(?<=[@.])/);
  return el("span", { class: "sub email" }, ...parts.flatMap((part, i) => (i ? [el("wbr"), part] : [part])));
}

function actionButton(text, onclick, extraClass = "") {
  return el("button", { type: "button", class: `button small ${extraClass}`.trim(), text, onclick });
}

function interviewRow(interview) {
  // Erasing a candidate's personal data (DELETE candidates/{email}) may leave these empty.
  const candidate = interview.candidate || {};
  const open = !CLOSED.includes(interview.status);
  // One wrapper per cell: on phones the cell is a two-column grid of label and content.
  const cell = (name, ...children) => el("td", { "data-label": name }, el("div", {}, ...children));
  const classes = [open ? "" : "is-closed", atRisk(interview) ? "is-at-risk" : ""];
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
    cell("Candidate", candidate.name, emailLine(candidate.email), candidate.phone ? sub(candidate.phone) : null),
    cell("Position", interview.position_title, sub(interview.company)),
    cell("Status", ...statusDetails(interview)),
    cell("Notice", ...noticeDetails(interview)),
    el("td", { class: "actions-cell" }, el("div", { class: "row-actions" }, ...rowActions(interview, open))),
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
  const prompt = interview.at_risk_prompt ? ` ${interview.at_risk_prompt}` : null;
  const flags = [
    atRisk(interview) ? flag("at_risk", "At risk", prompt) : null,
    weatherFlag(interview),
    interview.email_bounced ? flag("email_bounced", "Email bounced", " The written notice never arrived.") : null,
  ].filter(Boolean);
  const status = badge(label("interview_status", interview.status), STATUS_TONE[interview.status]);
  status.classList.add("lg", `status-${interview.status}`);
  return [
    el("span", { "data-testid": "interview-status" }, status),
    note ? sub(note, { "data-testid": "status-note" }) : null,
    // An at-risk prompt already says what the calls showed.
    interview.intent && !atRisk(interview) ? sub(`intent on the phone: ${interview.intent}`) : null,
    flags.length ? el("ul", { class: "flags", "data-testid": "flags" }, ...flags) : null,
  ];
}

const flag = (code, title, text) =>
  el("li", { class: "flag bad", "data-flag": code }, el("strong", { text: title }), text);

// A risky day, or a forecast the watch could not get, said as such (never as calm) while it matters.
function weatherFlag(interview) {
  const weather = interview.weather;
  if (!weather || weather.date !== interview.local_date || interview.risk?.applies === false) return null;
  if (weather.risk === "unknown") {
    const why = label("weather_unknown_reason", weather.unknown_reason || "unavailable");
    return flag("weather_unknown", label("weather_level", "unknown"), `: ${why}`);
  }
  return ["caution", "severe"].includes(weather.risk) ? flag("weather_risk", label("weather_level", weather.risk)) : null;
}

function noticeDetails(interview) {
  const notice = interview.notice;
  const held = notice.status === "held" ? heldWarnings(interview) : [];
  const accepted = (interview.warnings || []).filter((w) => !held.includes(w));
  const hint = NOTICE_HINT[notice.status];
  return [
    el("span", { "data-testid": "notice-status" }, noticeBadge(notice.status)),
    hint ? el("span", { class: "notice-hint", "data-testid": "notice-hint", text: hint }) : null,
    held.length ? warningLines(held, "held-warnings") : null,
    accepted.length ? sub(`accepted: ${accepted.map((w) => label("warning_code", w.code)).join(", ")}`) : null,
    sub(noticeKind(interview)),
  ];
}

// One line per warning, its label; the full message opens on demand so a long one does not fill the column.
function warningLines(warnings, testId) {
  const line = (w) =>
    el(
      "li",
      { "data-code": w.code },
      el(
        "details",
        {},
        el("summary", {}, el("span", { class: "code", text: label("warning_code", w.code) })),
        el("p", { class: "warning-message", text: w.message }),
      ),
    );
  return el("ul", { class: "warnings compact", "data-testid": testId }, ...warnings.map(line));
}

// How the candidate hears about it: the notice's tone and channels, e.g. "invitation · email + SMS".
function noticeKind(interview) {
  const channels = (interview.channels || ["email"]).map((c) => label("channel", c)).join(" + ");
  return `${label("notice_mode", interview.mode)} · ${channels}`;
}

function rowActions(interview, open) {
  const callScript = () => actionButton("Open call script", () => openCallScript(interview), "span");
  // A viewer reads: of a row's actions only the call script, which changes nothing.
  if (!may("recruiter")) return open && !hasStarted(interview) ? [callScript()] : [];
  if (hasStarted(interview)) {
    // What happened is recorded, and can be corrected; a cancelled interview is history.
    if (interview.status === "cancelled") return [];
    const moving = interview.status === "reschedule_requested";
    return [
      outcomeForm(interview, () => loadInterviews()),
      moving ? actionButton("Reschedule", () => openReschedule(interview), "span") : null,
    ];
  }
  if (!open) return [];
  const status = interview.notice.status;
  return [
    callScript(),
    status === "held" ? actionButton("Accept and send", () => sendHeldNotice(interview), "span primary") : null,
    RESENDABLE.includes(status) ? actionButton("Resend notice", () => resendNotice(interview), "span") : null,
    actionButton("Reschedule", () => openReschedule(interview)),
    actionButton("Cancel", () => cancelInterview(interview), "danger"),
  ];
}

// Row actions reload the list either way: a refusal (e.g. 409) usually means the row was stale.
async function rowAction(work) {
  let problem = "";
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (refused(error)) return;
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
  const form = $("#reschedule-form");
  clearErrors(form);
  form.dataset.interviewId = interview.interview_id;
  $("#reschedule-who").textContent = `${interview.candidate?.name || ""} · ${interview.position_title}`;
  $("#r-starts-at").value = interview.starts_at;
  $("#r-timezone").value = interview.timezone;
  $("#reschedule-dialog").showModal();
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
