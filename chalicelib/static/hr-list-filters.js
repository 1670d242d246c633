// What the interview list shows: one day or a week, a candidate search, status and position filters,
// kept in the address so a reload shows the same; and the CSV export of exactly that.

import { $, el } from "./dom.js";
import { tell } from "./feedback.js";
import { label, values } from "./labels.js";
import { api, request, token } from "./session.js";
import { LANGUAGE, t } from "./text.js";

// The search, status and position as last applied; the day lives in #day, the view in its buttons.
const chosen = { view: "day", search: "", status: "", position: "" };

// ---------- Days as "YYYY-MM-DD", in the calendar (no time of day, so no time zone either) ----------

const toDate = (iso) => {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year, month - 1, day);
};
const pad = (n) => String(n).padStart(2, "0");
const toIso = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

export function addDays(iso, count) {
  const date = toDate(iso);
  date.setDate(date.getDate() + count);
  return toIso(date);
}

// A week runs Monday to Sunday, as Chinese (and most European) calendars print it.
export const weekDays = (iso) => {
  const monday = addDays(iso, -((toDate(iso).getDay() + 6) % 7));
  return Array.from({ length: 7 }, (_, n) => addDays(monday, n));
};

// "12月3日 周四" or "Thu, Dec 3": the weekday always, since HR plans by it.
export function dayName(iso) {
  const date = toDate(iso);
  const weekday = date.toLocaleDateString(LANGUAGE, { weekday: "short" });
  if (LANGUAGE === "zh-CN") return `${date.getMonth() + 1}月${date.getDate()}日 ${weekday}`;
  return `${weekday}, ${date.toLocaleDateString("en", { month: "short", day: "numeric" })}`;
}

export const shownDay = () => $("#day").value || toIso(new Date());
export const inWeek = () => chosen.view === "week";

// ---------- Search and filters ----------

// An address or a phone number finds the candidate's interviews on every day (the API looks them up);
// anything else is part of a name, matched among the interviews of the days shown.
const CONTACT = /@|^\+?[\d\s()-]{7,}$/;
const searchKind = () => (!chosen.search ? "" : CONTACT.test(chosen.search) ? "contact" : "name");

export const searching = () => searchKind() !== "";
export const filtered = () => Boolean(chosen.search || chosen.status || chosen.position);

// The query of GET interviews (and interviews.csv) for what is chosen; ``days`` overrides the days.
export function listQuery(days = null) {
  const params = new URLSearchParams();
  if (days) {
    params.set("from", days[0]);
    params.set("to", days[1]);
  } else if (searchKind() === "contact") params.set("candidate", chosen.search);
  else if (inWeek()) {
    const week = weekDays(shownDay());
    params.set("from", week[0]);
    params.set("to", week[6]);
  } else params.set("date", shownDay());
  if (chosen.status) params.set("status", chosen.status);
  if (chosen.position) params.set("position_id", chosen.position);
  return params.toString();
}

// The interviews a name search keeps; every one when the search is no name.
export function byName(interviews) {
  if (searchKind() !== "name") return interviews;
  const wanted = chosen.search.toLocaleLowerCase();
  return interviews.filter((i) => (i.candidate?.name || "").toLocaleLowerCase().includes(wanted));
}

// What the summary says the list holds, e.g. "12月3日 周四：2 场面试" or "2 interviews for +86…, every day".
export function scopeText(count) {
  const counted = count === 0 ? t("list.count_none") : count === 1 ? t("list.count_one") : t("list.count_many", { count });
  let text;
  if (searchKind() === "contact") text = t("list.of_candidate", { who: chosen.search, count: counted });
  else if (inWeek()) {
    const week = weekDays(shownDay());
    text = t("list.in_week", { first: dayName(week[0]), last: dayName(week[6]), count: counted });
  } else text = t("list.on_day", { day: dayName(shownDay()), count: counted });
  return searchKind() === "name" ? `${text} · ${t("list.named", { name: chosen.search })}` : text;
}

// ---------- The address: day, view and filters (never the search: a candidate's contact stays out of history) ----------

const KEPT = {
  day: () => $("#day").value,
  view: () => (inWeek() ? "week" : ""),
  status: () => chosen.status,
  position: () => chosen.position,
};

export function keepInAddress() {
  const url = new URL(location.href);
  for (const [name, value] of Object.entries(KEPT)) {
    if (value()) url.searchParams.set(name, value());
    else url.searchParams.delete(name);
  }
  if (url.href !== location.href) history.replaceState(history.state, "", url);
}

// Whether the address named a day to show (then the list opens on it, never on another).
function readAddress() {
  const asked = new URLSearchParams(location.search);
  const day = asked.get("day") || "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) $("#day").value = day;
  chosen.view = asked.get("view") === "week" ? "week" : "day";
  chosen.status = values("interview_status").includes(asked.get("status")) ? asked.get("status") : "";
  chosen.position = asked.get("position") || "";
  return Boolean($("#day").value);
}

// ---------- The toolbar ----------

// Wires the toolbar; ``reload()`` shows the list again. Returns whether the address named a day.
export function startFilters(reload) {
  const step = (days) => () => {
    $("#day").value = addDays(shownDay(), inWeek() ? 7 * days : days);
    reload();
  };
  $("#day-form").addEventListener("submit", (event) => {
    event.preventDefault();
    reload();
  });
  $("#day").addEventListener("change", () => reload());
  $("#prev-day").addEventListener("click", step(-1));
  $("#next-day").addEventListener("click", step(1));
  $("#today").addEventListener("click", () => {
    $("#day").value = toIso(new Date());
    reload();
  });
  for (const button of document.querySelectorAll("[data-view]")) {
    button.addEventListener("click", () => {
      chosen.view = button.dataset.view;
      showView();
      reload();
    });
  }
  fillStatuses();
  const form = $("#list-filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
    reload();
  });
  // A choice from a list applies at once; the search applies on Enter or "Find".
  for (const select of form.querySelectorAll("select")) select.addEventListener("change", () => form.requestSubmit());
  $("#position-filter").addEventListener("focus", fillPositions);
  form.addEventListener("reset", () => {
    // After the browser has emptied the fields; signing out resets every form, and then nothing loads.
    setTimeout(() => {
      applyFilters();
      if (token()) reload();
    });
  });
  const named = readAddress();
  showView();
  $("#status-filter").value = chosen.status;
  return named;
}

function applyFilters() {
  chosen.search = $("#search").value.trim();
  chosen.status = $("#status-filter").value;
  chosen.position = $("#position-filter").value;
}

// The buttons and arrows say what they do in the view shown.
function showView() {
  for (const button of document.querySelectorAll("[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === chosen.view));
  }
  const week = inWeek();
  $("#prev-day").setAttribute("aria-label", t(week ? "list.prev_week" : "list.prev_day"));
  $("#next-day").setAttribute("aria-label", t(week ? "list.next_week" : "list.next_day"));
}

export function showDay(day) {
  $("#day").value = day;
  chosen.view = "day";
  showView();
}

function fillStatuses() {
  const select = $("#status-filter");
  const options = values("interview_status").map((code) => el("option", { value: code, text: label("interview_status", code) }));
  select.replaceChildren(el("option", { value: "", text: t("list.any_status") }), ...options);
}

// The positions as they are now (one may have been added since the page opened).
export async function fillPositions() {
  const select = $("#position-filter");
  let answer;
  try {
    answer = await api("positions");
  } catch {
    return;
  }
  const options = (answer.positions || []).map((p) =>
    el("option", { value: p.position_id, text: `${p.title} · ${p.company}` }),
  );
  const keep = select.value || chosen.position;
  select.replaceChildren(el("option", { value: "", text: t("list.any_position") }), ...options);
  select.value = keep;
}

// ---------- Export ----------

// Downloads interviews.csv for what is shown (the HR token rides in a header, so no plain link can);
// a name search keeps only the shown interviews' lines, which the API cannot search by.
export async function exportShown(shown) {
  const response = await request(`interviews.csv?${listQuery()}`);
  let text = await response.text();
  if (searchKind() === "name") {
    const ids = new Set(shown.map((i) => i.interview_id));
    const [header, ...lines] = csvRecords(text);
    text = [header, ...lines.filter((line) => ids.has(line.trimEnd().split(",").pop()))].join("");
  }
  // fetch's text() drops the byte-order mark that Excel on Chinese Windows needs to read UTF-8.
  const file = new Blob([text.startsWith("\ufeff") ? text : `\ufeff${text}`], { type: "text/csv;charset=utf-8" });
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "")?.[1];
  const link = el("a", { href: URL.createObjectURL(file), download: name || "showup-interviews.csv", hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  tell(t("list.exported", { count: shown.length }));
}

// A CSV file's records, each with its line end; a line end inside quotes belongs to its field.
function csvRecords(text) {
  const records = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === "\n" && !quoted) {
      records.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}
