// What the pages call ShowUp's codes (statuses, modes, channels, warnings, measures): the one copy in
// the browser, so that no page module spells a label.
//
// VOCABULARY has the shape of chalicelib/vocabulary.py's as_json() ({languages, enums: {name: [{value,
// label: {"zh-CN", en}}]}}), English only for now. Once the server serves it as vocabulary.json, this
// constant becomes
//   const VOCABULARY = await (await fetch(new URL("../vocabulary.json", import.meta.url))).json();
// (a module may await at its top level) and label() and every page stay as they are.

const english = (labels) => Object.entries(labels).map(([value, en]) => ({ value, label: { en } }));

const VOCABULARY = {
  languages: ["en"],
  enums: {
    interview_status: english({
      scheduled: "scheduled",
      confirmed: "confirmed",
      declined: "declined",
      reschedule_requested: "reschedule requested",
      cancelled: "cancelled",
      attended: "attended",
      no_show: "no show",
    }),
    notice_status: english({
      queued: "queued",
      held: "held",
      sent: "sent",
      delivered: "delivered",
      failed: "failed",
      bounced: "bounced",
    }),
    notice_mode: english({ notification: "notification", invitation: "invitation" }),
    channel: english({ email: "email", sms: "SMS" }),
    language: english({ en: "English", "zh-CN": "Chinese" }),
    warning_code: english({
      low_match: "low match",
      salary_mismatch: "salary mismatch",
      weather_risk: "weather risk",
      incomplete_position: "incomplete position",
    }),
    level: english({ intern: "intern", junior: "junior", mid: "mid", senior: "senior", executive: "executive" }),
    role: english({ viewer: "Viewer (read-only)", recruiter: "Recruiter", admin: "Administrator" }),
    // The statistics' counters and rates, as the dashboard's table names them, in its order.
    measure: english({
      scheduled: "Scheduled",
      notified: "Notified",
      reminded: "Reminded",
      confirmed: "Confirmed",
      declined: "Declined",
      attended: "Attended",
      no_show: "No-shows",
      cancelled: "Cancelled",
      rescheduled: "Rescheduled",
      bounced: "Emails bounced",
      no_show_rate: "No-show rate",
      confirmation_rate: "Confirmation rate",
    }),
  },
};

const LANGUAGE = document.documentElement.lang || "en";

const labels = new Map(
  Object.entries(VOCABULARY.enums).map(([name, entries]) => [
    name,
    new Map(entries.map((entry) => [entry.value, entry.label[LANGUAGE] ?? entry.label.en])),
  ]),
);

// A code outside the vocabulary (a position's field, a risk factor) read as words: "salary_max" → "salary max".
export const humanize = (code) => String(code || "").replaceAll("_", " ");

// What a person reads for ``value`` of the enum ``name``.
export const label = (name, value) => labels.get(name)?.get(value) ?? humanize(value);

// The values of the enum ``name``, in the vocabulary's order.
export const values = (name) => [...(labels.get(name)?.keys() ?? [])];
