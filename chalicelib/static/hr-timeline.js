// An interview's timeline as HR reads it: each event's label, who acted and when, and what it said
// (call notes, the candidate's message, old → new for an edit), all in the page's language.

import { formatZone } from "./dates.js";
import { el } from "./dom.js";
import { humanize, label } from "./labels.js";
import { LANGUAGE, t } from "./text.js";
import TEXT from "./text.json" with { type: "json" };

// Words that exist for some codes only (a job, a notice kind): the rest read as the general label.
const worded = (key) => key in TEXT;

// A weekday, a date and a time on the 24-hour clock, in the page's language.
const DAY_AND_TIME = {
  weekday: "short",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const MOMENT = new Intl.DateTimeFormat(LANGUAGE, DAY_AND_TIME);
// A wall-clock time where the interview happens: formatted as UTC so the browser's zone moves nothing.
const WALL_CLOCK = new Intl.DateTimeFormat(LANGUAGE, { ...DAY_AND_TIME, timeZone: "UTC" });
const LIST = new Intl.ListFormat(LANGUAGE, { style: "short", type: "conjunction" });

// An instant (UTC ISO) in the browser's time zone: "周四 2026年12月3日 14:30", "Thu, Dec 3, 2026, 14:30".
export const formatInstant = (iso) => MOMENT.format(new Date(iso));

// "2026-12-03T14:30" in "Asia/Shanghai" as its weekday, date and time, with the zone's everyday name.
export function formatLocal(startsAt, timezone) {
  const [day, time = "00:00"] = String(startsAt).split("T");
  const [year, month, date] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const when = WALL_CLOCK.format(new Date(Date.UTC(year, month - 1, date, hour, minute)));
  // The zone as every other place on the page writes it: "北京时间（Asia/Shanghai）".
  return timezone ? `${when} ${formatZone(timezone)}` : when;
}

export const listOf = (items) => LIST.format(items.map(String));

// Who acted: the HR person by name, the candidate, or the ShowUp job that ran.
export function actorOf(actor) {
  if (actor.kind === "hr" && actor.name) return t("timeline.by_hr", { name: actor.name });
  const job = `timeline.job.${actor.name}`;
  if (actor.kind === "job" && worded(job)) return t(job);
  return label("actor_kind", actor.kind);
}

// One event of GET interviews/{id}/events as a list item.
export function timelineItem(event) {
  return el(
    "li",
    { class: `timeline-event kind-${event.kind}`, "data-testid": "timeline-event", "data-kind": event.kind },
    el(
      "p",
      { class: "event-head" },
      el("strong", { class: "event-label", "data-testid": "event-label", text: label("event_kind", event.kind) }),
      el("span", { class: "event-actor", "data-testid": "event-actor", text: actorOf(event.actor) }),
      el("time", { class: "event-at", datetime: event.at, "data-testid": "event-at", text: formatInstant(event.at) }),
    ),
    ...detailOf(event.kind, event.detail || {}),
  );
}

const line = (text) => el("p", { class: "event-detail", text });
// What someone wrote (a call note, the candidate's message): kept as written, line breaks included.
const quote = (heading, text) =>
  el("blockquote", { class: "event-quote" }, el("span", { class: "sub", text: heading }), el("p", { text }));
const labels = (name, codes) => listOf((codes || []).map((code) => label(name, code)));

function noticeLines(detail) {
  const kind = `timeline.notice_kind.${detail.notice}`;
  return [
    detail.notice && worded(kind) ? line(t(kind)) : null,
    detail.held_for?.length ? line(t("timeline.held_for", { reasons: labels("warning_code", detail.held_for) })) : null,
    detail.changed?.length ? line(t("timeline.changed_facts", { facts: labels("notice_fact", detail.changed) })) : null,
  ];
}

const DETAILS = {
  created: (d) => [d.starts_at ? line(t("timeline.starts", { when: formatLocal(d.starts_at, d.timezone) })) : null],
  warning_raised: (d) => [line(label("warning_code", d.code))],
  warning_accepted: (d) => [line(label("warning_code", d.code))],
  notice_held: noticeLines,
  notice_queued: noticeLines,
  notice_sent: noticeLines,
  notice_delivered: noticeLines,
  notice_failed: noticeLines,
  notice_bounced: noticeLines,
  call: (d) => [
    // The intent's label says what it sounded like ("高：积极，会问职位情况").
    line([t(d.reached ? "timeline.reached" : "timeline.not_reached"), d.intent ? label("intent", d.intent) : ""].filter(Boolean).join(" · ")),
    d.notes ? quote(t("timeline.call_notes"), d.notes) : null,
  ],
  answered: (d) => [
    worded(`timeline.action.${d.action}`) ? line(t(`timeline.action.${d.action}`)) : null,
    d.message ? quote(t("timeline.message"), d.message) : null,
  ],
  weather_risky: (d) => [d.risk ? line(label("weather_level", d.risk)) : null],
  weather_calm: (d) => [d.risk ? line(label("weather_level", d.risk)) : null],
  rescheduled: (d) => [changesList(d.changes)],
  edited: (d) => [changesList(d.changes)],
  outcome_recorded: outcomeLines,
  outcome_corrected: outcomeLines,
  resolved: (d) => [
    line(t("timeline.resolved_kind", { kind: label("inbox_kind", d.kind) })),
    d.notes ? quote(t("timeline.resolve_notes"), d.notes) : null,
  ],
};

const detailOf = (kind, detail) => (DETAILS[kind] ? DETAILS[kind](detail) : []);

function outcomeLines(d) {
  return [
    line([label("outcome", d.outcome), d.reason ? label("no_show_reason", d.reason) : ""].filter(Boolean).join(" · ")),
    d.from ? line(t("timeline.outcome_from", { outcome: label("outcome", d.from) })) : null,
  ];
}

// {"candidate.email": {from, to}} as "邮箱：old@… → new@…", one line each.
function changesList(changes = {}) {
  return el(
    "ul",
    { class: "event-changes", "aria-label": t("timeline.changes") },
    ...Object.entries(changes).map(([field, { from, to }]) =>
      el("li", {
        "data-field": field,
        text: t("timeline.from_to", { field: fieldName(field), old: shownValue(field, from), new: shownValue(field, to) }),
      }),
    ),
  );
}

const fieldName = (field) => (worded(`details.field.${field}`) ? t(`details.field.${field}`) : humanize(field));

// A field's value as a person reads it: labels for codes, times with their weekday, "—" for none.
export function shownValue(field, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
    return t("details.empty");
  }
  if (field === "candidate.language") return label("language", value);
  if (field === "channels") return labels("channel", value);
  if (field === "mode") return label("notice_mode", value);
  if (field === "starts_at") return formatLocal(value);
  if (field === "duration_minutes") return t("details.minutes", { minutes: value });
  if (Array.isArray(value)) return listOf(value);
  if (typeof value === "object") return [value.name, value.phone, value.email].filter(Boolean).join(" · ");
  return String(value);
}
