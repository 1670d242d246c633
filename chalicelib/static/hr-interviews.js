// The interviews of a day or a week on the HR page: one row each (a card in the week), with what HR can do
// about it from there; notices on their way are followed until they settle.

import { $ } from "./dom.js";
import { localToday } from "./dates.js";
import {
  addDays,
  byName,
  dayName,
  exportShown,
  fillPositions,
  filtered,
  inWeek,
  keepInAddress,
  listQuery,
  scopeText,
  searching,
  showDay,
  shownDay,
  startFilters,
  weekDays,
} from "./hr-list-filters.js";
import { hasStarted, recordedOutcome } from "./hr-outcomes.js";
import { atRisk, CLOSED, interviewRow, STATUS_TONE } from "./hr-row.js";
import { detailsButton, startRowActions } from "./hr-row-actions.js";
import { weekColumns } from "./hr-week.js";
import { api, token } from "./session.js";
import { t } from "./text.js";

// The API answers for at most 31 days at once: the opening looks that far ahead for a working day.
const LOOK_AHEAD_DAYS = 31;
// A queued notice usually leaves within seconds; after a minute the person can refresh themselves.
const POLL_EVERY_MS = 3000;
const POLL_AT_MOST = 20;

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
  // A change made in a side panel (the candidate's phone, a position) shows in the rows once the panel
  // closes, so that the call script and the row's buttons work on what is stored.
  document.addEventListener("showup:changed", () => {
    const open = document.querySelector("dialog[open]");
    if (open) open.addEventListener("close", () => refreshQuietly(), { once: true });
    else refreshQuietly();
  });
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
    if (!row) continue;
    // A row is redrawn under a focused button (which keeps the focus), never under a field being filled.
    const focused = row.contains(document.activeElement) ? document.activeElement : null;
    if (focused && !(focused.tagName === "BUTTON" && focused.dataset.testid)) continue;
    const redrawn = interviewRow(interview);
    row.replaceWith(redrawn);
    if (focused) redrawn.querySelector(`[data-testid="${CSS.escape(focused.dataset.testid)}"]`)?.focus();
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
