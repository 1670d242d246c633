// The interviews of a day or a week on the HR page: one row each (a card in the week), with what HR can do
// about it from there; notices on their way are followed until they settle.

import { $, badge, el } from "./dom.js";
import { formatMoment, localToday } from "./dates.js";
import {
  addDays,
  dayName,
  byName,
  exportShown,
  fillPositions,
  filtered,
  inWeek,
  keepInAddress,
  listQuery,
  scopeText,
  searching,
  shownDay,
  showDay,
  startFilters,
  weekDays,
} from "./hr-list-filters.js";
import { hasStarted, reasonLabel, recordedOutcome } from "./hr-outcomes.js";
import { detailsButton, rowActions, startRowActions } from "./hr-row-actions.js";
import { heldWarnings, noticeBadge } from "./hr-schedule.js";
import { weekColumns } from "./hr-week.js";
import { label } from "./labels.js";
import { api, token } from "./session.js";
import { LANGUAGE, t } from "./text.js";

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
  scheduled: "list.note_scheduled",
  declined: "list.note_declined",
  reschedule_requested: "list.note_reschedule",
};
const NOTICE_HINT = { failed: "list.hint_failed", bounced: "list.hint_bounced" };
// Chinese lists things with the enumeration comma: "薪资不匹配、匹配度低".
const LIST_SEPARATOR = LANGUAGE === "zh-CN" ? "、" : ", ";
// The API answers for at most 31 days at once: the opening looks that far ahead for a working day.
const LOOK_AHEAD_DAYS = 31;
// A queued notice usually leaves within seconds; after a minute the person can refresh themselves.
const POLL_EVERY_MS = 3000;
const POLL_AT_MOST = 20;

// The calls' "confirm attendance directly" holds only while someone still expects the candidate: a
// declined, cancelled or past interview has no risk (the API says why in `risk.reason`).
const atRisk = (interview) => Boolean(interview.at_risk) && interview.risk?.applies !== false;

// Answers to an older choice of day are dropped: only the latest request fills the list.
let latest = 0;
// Until the first list after signing in: then an empty today gives way to the next day with interviews.
let opening = true;
// The interviews shown, for the export and for telling which rows a refresh changed.
let shown = [];
let polls = 0;
let pollTimer = null;

export function startInterviews() {
  opening = !startFilters(() => loadInterviews());
  // Signing out empties the toolbar's form: the next person's list opens as a new one.
  $("#day-form").addEventListener("reset", () => (opening = true));
  $("#export-csv").addEventListener("click", () => exportShown(shown).catch(showError));
  startRowActions(loadInterviews);
  // Back from another tab or window, statuses may have moved on (a reply, a delivery report).
  window.addEventListener("focus", () => refreshQuietly());
}

// `problem`: what went wrong with the action that led to this reload, shown above the list.
export async function loadInterviews(problem = "") {
  const mine = ++latest;
  polls = 0;
  clearTimeout(pollTimer);
  let data;
  let jumped = "";
  try {
    if (opening) fillPositions();
    data = await api(`interviews?${listQuery()}`);
    if (opening && mine === latest) {
      opening = false;
      const next = data.interviews.length || inWeek() || filtered() ? null : await nextWorkingDay();
      if (next && mine === latest) {
        showDay(next.day);
        data = { interviews: next.interviews };
        jumped = t("list.jumped", { day: dayName(next.day) });
      }
    }
  } catch (error) {
    if (mine === latest) showError(error);
    return;
  }
  if (mine !== latest) return;
  showListProblem(problem);
  $("#interviews-note").textContent = jumped;
  $("#interviews-note").hidden = !jumped;
  keepInAddress();
  show(byName(data.interviews));
}

// The first day after today with interviews in the coming weeks, and its interviews; null if none.
async function nextWorkingDay() {
  const tomorrow = addDays(shownDay(), 1);
  const ahead = await api(`interviews?${listQuery([tomorrow, addDays(tomorrow, LOOK_AHEAD_DAYS - 1)])}`);
  const day = ahead.interviews[0]?.local_date;
  return day ? { day, interviews: ahead.interviews.filter((i) => i.local_date === day) } : null;
}

function show(interviews) {
  shown = interviews;
  const week = inWeek() && !searching();
  if (week) {
    const columns = weekColumns(weekDays(shownDay()), interviews, {
      today: localToday(),
      openDay: (day) => {
        showDay(day);
        loadInterviews();
      },
      details: detailsButton,
      tone: (status) => STATUS_TONE[status],
    });
    $("#week").replaceChildren(...columns);
    $("#interviews-body").replaceChildren();
  } else {
    $("#interviews-body").replaceChildren(...interviews.map(interviewRow));
    $("#week").replaceChildren();
  }
  $("#week").hidden = !week;
  $("#interviews-table").hidden = week || interviews.length === 0;
  showSummary(interviews);
  followNotices();
}

function showSummary(interviews) {
  const open = interviews.filter((i) => !CLOSED.includes(i.status));
  const risky = open.filter(atRisk).length;
  const held = open.filter((i) => i.notice.status === "held").length;
  const due = open.filter((i) => hasStarted(i) && !recordedOutcome(i)).length;
  const attention = [
    risky && t("list.at_risk", { count: risky }),
    held && (held === 1 ? t("list.held_one") : t("list.held_many", { count: held })),
    due && (due === 1 ? t("list.due_one") : t("list.due_many", { count: due })),
  ];
  $("#interviews-summary").textContent = [scopeText(interviews.length), ...attention.filter(Boolean)].join(" · ");
}

// ---------- Notices on their way: asked again every few seconds until they settle ----------

function followNotices() {
  clearTimeout(pollTimer);
  const sending = shown.some((i) => i.notice?.status === "queued");
  if (!sending || polls >= POLL_AT_MOST) return;
  polls += 1;
  pollTimer = setTimeout(refreshQuietly, POLL_EVERY_MS);
}

// The same list again, changing only rows whose interview changed and leaving alone the one HR is in.
async function refreshQuietly() {
  const panel = $("#interviews-panel");
  if (!token() || panel.hidden || document.querySelector("dialog[open]")) return followNotices();
  const mine = latest;
  let data;
  try {
    data = await api(`interviews?${listQuery()}`);
  } catch {
    return followNotices();
  }
  if (mine !== latest) return;
  const fresh = byName(data.interviews);
  const same = (a, b) => a.length === b.length && a.every((interview, n) => interview.interview_id === b[n].interview_id);
  const busy = panel.contains(document.activeElement) && document.activeElement !== document.body;
  if (!same(fresh, shown) || inWeek()) {
    if (!busy) return show(fresh);
    return followNotices();
  }
  const before = new Map(shown.map((i) => [i.interview_id, JSON.stringify(i)]));
  for (const interview of fresh) {
    if (before.get(interview.interview_id) === JSON.stringify(interview)) continue;
    const row = $(`#interviews-body [data-interview-id="${CSS.escape(interview.interview_id)}"]`);
    if (row && !row.contains(document.activeElement)) row.replaceWith(interviewRow(interview));
  }
  shown = fresh;
  showSummary(fresh);
  followNotices();
}

function showError(error) {
  showListProblem(error.message);
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
      t("list.col_time"),
      el("span", { class: "time", text: interview.starts_at.slice(11, 16) }),
      sub(t("list.minutes", { count: interview.duration_minutes })),
      sub(interview.timezone),
    ),
    cell(
      t("list.col_candidate"),
      candidate.name,
      emailLine(candidate.email),
      candidate.phone ? sub(candidate.phone) : null,
    ),
    cell(t("list.col_position"), interview.position_title, sub(interview.company)),
    cell(t("list.col_status"), ...statusDetails(interview)),
    cell(t("list.col_notice"), ...noticeDetails(interview)),
    el("td", { class: "actions-cell" }, el("div", { class: "row-actions" }, ...rowActions(interview, open))),
  );
}

// The candidate's own answer first: it decides whom HR calls today.
function statusDetails(interview) {
  const response = interview.candidate_response || {};
  let note = STATUS_NOTE[interview.status] ? t(STATUS_NOTE[interview.status]) : "";
  if (interview.status === "confirmed" && response.at) note = t("list.replied", { when: formatMoment(response.at) });
  const answered = ["declined", "reschedule_requested"].includes(interview.status);
  if (answered && response.reason) note = `“${response.reason}”`;
  const outcome = recordedOutcome(interview);
  if (outcome) note = outcome.reason ? reasonLabel(outcome.reason) : t("list.recorded", { when: formatMoment(outcome.at) });
  const prompt = interview.at_risk_prompt ? ` ${interview.at_risk_prompt}` : null;
  const flags = [
    atRisk(interview) ? flag("at_risk", t("list.flag_at_risk"), prompt) : null,
    weatherFlag(interview),
    interview.email_bounced ? flag("email_bounced", t("list.flag_bounced"), t("list.flag_bounced_text")) : null,
  ].filter(Boolean);
  const status = badge(label("interview_status", interview.status), STATUS_TONE[interview.status]);
  status.classList.add("lg", `status-${interview.status}`);
  return [
    el("span", { "data-testid": "interview-status" }, status),
    note ? sub(note, { "data-testid": "status-note" }) : null,
    // An at-risk prompt already says what the calls showed.
    interview.intent && !atRisk(interview) ? sub(t("list.intent", { intent: label("intent", interview.intent) })) : null,
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
  const hint = NOTICE_HINT[notice.status] ? t(NOTICE_HINT[notice.status]) : "";
  return [
    el("span", { "data-testid": "notice-status" }, noticeBadge(notice.status)),
    hint ? el("span", { class: "notice-hint", "data-testid": "notice-hint", text: hint }) : null,
    held.length ? warningLines(held, "held-warnings") : null,
    accepted.length ? sub(t("list.accepted", { codes: accepted.map((w) => label("warning_code", w.code)).join(LIST_SEPARATOR) })) : null,
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
