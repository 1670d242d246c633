// One interview as a row of the day's table: when, who, for what, its status with what HR should know,
// and its notice; the actions come from hr-row-actions.js.

import { badge, el } from "./dom.js";
import { everydayName, formatMoment } from "./dates.js";
import { reasonLabel, recordedOutcome } from "./hr-outcomes.js";
import { rowActions } from "./hr-row-actions.js";
import { heldWarnings, noticeBadge } from "./hr-schedule.js";
import { label } from "./labels.js";
import { LANGUAGE, t } from "./text.js";

// Interviews HR can no longer move, cancel or send notices for.
export const CLOSED = ["cancelled", "attended", "no_show"];
export const STATUS_TONE = {
  scheduled: "info",
  confirmed: "ok",
  attended: "ok",
  declined: "bad",
  no_show: "bad",
  reschedule_requested: "warn",
  choosing: "",
  cancelled: "",
};
const STATUS_NOTE = {
  scheduled: "list.note_scheduled",
  declined: "list.note_declined",
  reschedule_requested: "list.note_reschedule",
  choosing: "slots.note_choosing",
};
const NOTICE_HINT = { failed: "list.hint_failed", bounced: "list.hint_bounced" };
// Chinese lists things with the enumeration comma: "薪资不匹配、匹配度低".
const LIST_SEPARATOR = LANGUAGE === "zh-CN" ? "、" : ", ";
const COLON = LANGUAGE === "zh-CN" ? "：" : ": ";

// The calls' "confirm attendance directly" holds only while someone still expects the candidate: a
// declined, cancelled or past interview has no risk (the API says why in `risk.reason`).
export const atRisk = (interview) => Boolean(interview.at_risk) && interview.risk?.applies !== false;

const sub = (text, extra = {}) => el("span", { class: "sub", text, ...extra });

// A line that wraps only after the characters ``after`` matches, never mid-word.
function breakingAfter(text, after, extra) {
  const parts = String(text || "").split(after);
  return el("span", extra, ...parts.flatMap((part, i) => (i ? [el("wbr"), part] : [part])));
}

// An address wraps after "@" and dots: "zhang.san@<wbr>example.<wbr>com".
const emailLine = (email) => breakingAfter(email, /(?<=[@.])/, { class: "sub email" });

// The zone in a narrow column: its everyday name on a line of its own, then the IANA name, which may wrap
// only after "/" or "_" ("Asia/<wbr>Shanghai"), never inside a word.
function zoneLines(zone) {
  const name = everydayName(zone);
  const iana = breakingAfter(zone, /(?<=[/_])/, { class: "sub zone", "data-testid": "row-zone" });
  return name ? [sub(name, { class: "sub zone", "data-testid": "row-zone-name" }), iana] : [iana];
}

export function interviewRow(interview) {
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
    cell(t("list.col_time"), ...timeDetails(interview)),
    cell(
      t("list.col_candidate"),
      candidate.name,
      emailLine(candidate.email),
      candidate.phone ? sub(candidate.phone_display || candidate.phone) : null,
    ),
    cell(t("list.col_position"), interview.position_title, sub(interview.company)),
    cell(t("list.col_status"), ...statusDetails(interview)),
    cell(t("list.col_notice"), ...noticeDetails(interview)),
    el("td", { class: "actions-cell" }, el("div", { class: "row-actions" }, ...rowActions(interview, open))),
  );
}

// A candidate still choosing has no time yet: the one stored is only the earliest they could book.
function timeDetails(interview) {
  if (interview.status === "choosing") return [el("span", { class: "time not-chosen", text: t("slots.not_chosen") })];
  return [
    el("span", { class: "time", text: interview.starts_at.slice(11, 16) }),
    sub(t("list.minutes", { count: interview.duration_minutes })),
    ...zoneLines(interview.timezone),
  ];
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
    return flag("weather_unknown", label("weather_level", "unknown"), `${COLON}${why}`);
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
