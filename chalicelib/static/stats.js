// The statistics page: figures, charts and CSV export over the HR JSON API. Figures go into the page
// as text; the charts are SVG drawn by ShowUp itself, parsed as SVG (never as HTML) before they are shown.

import { formatDay } from "./dates.js";
import { $, el } from "./dom.js";
import { handleSubmit } from "./forms.js";
import { label, values } from "./labels.js";
import { api, ApiError, refused, request, startSession } from "./session.js";
import { LANGUAGE, t } from "./text.js";

const SVG_NS = "http://www.w3.org/2000/svg";
// The table shows every measure the vocabulary names, in its order.
const ROWS = values("measure");
const TILES = ["scheduled", "attended", "no_show", "no_show_rate", "confirmation_rate"];
// The first tile counts every interview of the period, which the table calls "Scheduled".
const TILE_NAME = { scheduled: "stats.interviews" };
const RATES = ["no_show_rate", "confirmation_rate"];

// Answers to an older choice of period are dropped: only the latest request fills the page.
let latest = 0;

// Rounded as the charts round (halves to even, Python's round), so a tile never disagrees with a chart.
function percent(rate) {
  if (rate === null || rate === undefined) return "–";
  const scaled = rate * 100;
  const floor = Math.floor(scaled);
  const whole = scaled - floor === 0.5 ? floor + (floor % 2) : Math.round(scaled);
  return `${whole}%`;
}

const shown = (figures, key) =>
  RATES.includes(key) ? percent(figures[key]) : Number(figures[key]).toLocaleString(LANGUAGE);

function message(text) {
  const box = $("#stats-message");
  box.textContent = text || "";
  box.hidden = !text;
}

// The figures and charts of the chosen period, with the token given (signing in) or kept.
function charts(bearer) {
  const period = encodeURIComponent($("#period").value);
  const day = encodeURIComponent($("#date").value || document.body.dataset.today);
  return api(`stats/charts?period=${period}&date=${day}`, bearer === undefined ? {} : { bearer });
}

async function refresh() {
  const mine = ++latest;
  message("");
  $("#stats-summary").textContent = t("stats.loading");
  let data;
  try {
    data = await charts();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (mine === latest && !refused(error)) {
      $("#stats-summary").textContent = "";
      message(error.message);
    }
    return;
  }
  if (mine === latest) show(data);
}

// "2026-W49" as "2026 年第 49 周" / "Week 49, 2026", "2026-12" as "2026年12月" / "December 2026".
function periodName(stats) {
  const week = /^(\d{4})-W(\d{2})$/.exec(stats.label);
  if (week) return t("period.week", { year: week[1], week: Number(week[2]) });
  const [year, month] = stats.start.split("-").map(Number);
  return new Date(year, month - 1, 1).toLocaleDateString(LANGUAGE, { year: "numeric", month: "long" });
}

function show(data) {
  const stats = data.stats;
  $("#dashboard").hidden = false;
  $("#stats-summary").textContent =
    stats.start === stats.end
      ? formatDay(stats.start)
      : t("stats.range", { label: periodName(stats), start: formatDay(stats.start), end: formatDay(stats.end) });
  $("#tiles").replaceChildren(
    ...TILES.map((key) =>
      el(
        "div",
        { class: "box" },
        el("dt", { text: TILE_NAME[key] ? t(TILE_NAME[key]) : label("measure", key) }),
        el("dd", { text: shown(stats, key) }),
      ),
    ),
  );
  $("#charts").replaceChildren(...data.charts.map(chartFigure));
  calibration();
  const columns = [
    stats,
    stats.by_mode.notification,
    stats.by_mode.invitation,
    stats.by_channel.email,
    stats.by_channel["email+sms"],
  ];
  $("#stats-body").replaceChildren(
    ...ROWS.map((key) =>
      el(
        "tr",
        {},
        el("th", { scope: "row", text: label("measure", key) }),
        ...columns.map((column) => el("td", { text: shown(column, key) })),
      ),
    ),
  );
}

// The calibration covers the last 90 days whatever the period shown, so it is fetched on its own.
async function calibration() {
  let data;
  try {
    data = await api(`stats/calibration?lang=${encodeURIComponent(LANGUAGE)}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return;
  }
  const score = (value) => (value === null ? "–" : value.toFixed(3));
  const model = data.promoted_model;
  const tiles = [
    ["calibration.outcomes", String(data.outcomes)],
    ["calibration.brier", score(data.brier)],
    ["calibration.auc", score(data.auc)],
    ["calibration.calls", t("calibration.calls_value", data.call_level)],
    ["calibration.model", model ? t("calibration.learned", model) : t("calibration.prior")],
  ];
  $("#calibration-tiles").replaceChildren(
    ...tiles.map(([key, value]) => el("div", { class: "box" }, el("dt", { text: t(key) }), el("dd", { text: value }))),
  );
  $("#calibration-chart").replaceChildren(
    chartFigure({ id: "calibration", title: t("calibration.chart"), svg: data.chart }),
  );
}

function chartFigure(chart) {
  const title = el("h2", { text: chart.title });
  return el("figure", { class: "chart box", "data-chart": chart.id }, title, parseSvg(chart.svg));
}

function parseSvg(text) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== "svg" || parsed.querySelector("parsererror")) return null;
  // Charts hold shapes and text only; anything active would be a mistake, so it never runs.
  root.querySelectorAll("script, foreignObject").forEach((node) => node.remove());
  return document.importNode(root, true);
}

function clear() {
  $("#dashboard").hidden = true;
  $("#charts").replaceChildren();
  $("#calibration-chart").replaceChildren();
  $("#calibration-tiles").replaceChildren();
  $("#tiles").replaceChildren();
  $("#stats-body").replaceChildren();
}

// One row per period of the chosen kind, from and to the days given (both optional), saved as a file.
async function download(dates) {
  const response = await request(`stats.csv?${new URLSearchParams({ period: $("#period").value, ...dates })}`);
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") || "";
  const link = el("a", {
    href: URL.createObjectURL(blob),
    download: (disposition.match(/filename="([^"]+)"/) || [])[1] || "showup-stats.csv",
  });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

$("#period-form").addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});
$("#period").addEventListener("change", () => refresh());
$("#date").addEventListener("change", () => refresh());
handleSubmit($("#export-form"), download);
startSession({ check: charts, show, clear });
