// The week at a glance: a column a day on a desk, a list grouped by day on a phone (hr.css), each
// interview a short card; a day's heading opens that day with everything HR can do there.

import { badge, el } from "./dom.js";
import { dayName } from "./hr-list-filters.js";
import { noticeBadge } from "./hr-schedule.js";
import { label } from "./labels.js";
import { t } from "./text.js";

// ``days``: the seven "YYYY-MM-DD" shown; ``openDay(day)`` switches to that day; ``details(interview)``
// and ``tone(status)`` come from the list, so a card and a row read the same.
export function weekColumns(days, interviews, { today, openDay, details, tone }) {
  return days.map((day) => {
    const mine = interviews.filter((i) => i.local_date === day);
    const heading = el(
      "h2",
      { class: "week-day-title" },
      el("button", {
        type: "button",
        class: "link-button",
        "aria-label": t("list.open_day", { day: dayName(day) }),
        text: dayName(day),
        onclick: () => openDay(day),
      }),
    );
    return el(
      "section",
      {
        class: `week-day${day === today ? " is-today" : ""}${mine.length ? "" : " is-empty"}`,
        "data-testid": "week-day",
        "data-day": day,
        "aria-label": dayName(day),
      },
      heading,
      mine.length
        ? el("ul", { class: "week-items" }, ...mine.map((interview) => card(interview, details, tone)))
        : el("p", { class: "muted week-empty", text: t("list.day_empty") }),
    );
  });
}

function card(interview, details, tone) {
  const candidate = interview.candidate || {};
  const status = badge(label("interview_status", interview.status), tone(interview.status));
  // Until the candidate books, the time stored is only the earliest they could choose.
  const choosing = interview.status === "choosing";
  return el(
    "li",
    { class: "week-item", "data-testid": "week-item", "data-interview-id": interview.interview_id },
    choosing
      ? el("span", { class: "time not-chosen", text: t("slots.not_chosen") })
      : el("span", { class: "time", text: interview.starts_at.slice(11, 16) }),
    el("strong", { class: "week-name", text: candidate.name || "" }),
    el("span", { class: "sub", text: interview.position_title }),
    el(
      "span",
      { class: "week-badges" },
      el("span", { "data-testid": "interview-status" }, status),
      el("span", { "data-testid": "notice-status" }, noticeBadge(interview.notice.status)),
    ),
    details(interview),
  );
}
