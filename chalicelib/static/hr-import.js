// The HR page's Import panel: a spreadsheet of candidates checked by ShowUp (encoding, columns, every row),
// then its rows booked in the background while a progress bar follows the job (chalicelib/api/imports.py).

import { $, el, fill } from "./dom.js";
import { localToday } from "./dates.js";
import { ask } from "./feedback.js";
import { addDays } from "./hr-list-filters.js";
import { ApiError, api, refused, request } from "./session.js";
import { LANGUAGE, t } from "./text.js";

const POLL_MS = 1500;
const LOOK_AHEAD_DAYS = 31;
const ENCODINGS = { "utf-8": "utf8", "utf-8-sig": "utf8_bom", gb18030: "gbk", xlsx: "xlsx" };

let positions = [];
let chosen = null;
let current = null;
let pollTimer = null;

export function startImport() {
  $("#import-form").addEventListener("submit", (event) => {
    event.preventDefault();
    check().catch(showError);
  });
  $("#import-choose").addEventListener("click", () => $("#im-file").click());
  $("#im-file").addEventListener("change", () => choose($("#im-file").files[0] || null));
  const zone = $("#import-drop");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    choose(event.dataTransfer.files[0] || null);
  });
  // Positions created since sign-in are offered when the panel opens.
  window.addEventListener("hashchange", () => {
    if (location.hash === "#import") api("positions").then((found) => showImportPositions(found.positions), showError);
  });
  for (const button of document.querySelectorAll("[data-template]")) {
    const [lang, format] = button.dataset.template.split(" ");
    const name = `showup-import-template-${lang}.${format}`;
    const path = `imports/template?lang=${lang}&format=${format}`;
    button.addEventListener("click", () => save(path, name).catch(showError));
  }
}

// The open positions to import into; the choice is kept when it is still open.
export function showImportPositions(list) {
  positions = list;
  const select = $("#im-position");
  const keep = select.value;
  select.replaceChildren(
    el("option", { value: "", text: t(list.length ? "schedule.choose_position" : "schedule.no_positions_option") }),
    ...list.map((p) => el("option", { value: p.position_id, text: `${p.title} · ${p.company}` })),
  );
  select.value = list.some((p) => p.position_id === keep) ? keep : "";
}

// Forgets the file and what was shown, for the next person at this desk.
export function clearImport() {
  clearTimeout(pollTimer);
  chosen = null;
  current = null;
  $("#import-chosen").hidden = true;
  for (const id of ["#import-preview", "#import-progress", "#import-result", "#import-message"]) $(id).hidden = true;
}

function choose(file) {
  chosen = file;
  $("#import-chosen").textContent = file ? t("importer.chosen", { name: file.name }) : "";
  $("#import-chosen").hidden = !file;
}

function showError(error) {
  if (!(error instanceof ApiError)) throw error;
  if (refused(error)) return;
  const box = $("#import-message");
  const fields = Object.values(error.fields || {}).filter((text) => text && text !== error.message);
  box.textContent = [error.message, ...fields].join(" ");
  box.hidden = false;
  box.focus();
}

// A file from the API saved as a download (the token goes in a header, so no plain link can fetch it).
async function save(path, name) {
  const blob = await (await request(path)).blob();
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function check() {
  const message = $("#import-message");
  message.hidden = true;
  const position = $("#im-position").value;
  const problem = !position ? t("importer.need_position") : !chosen ? t("importer.need_file") : "";
  if (problem) {
    message.textContent = problem;
    message.hidden = false;
    message.focus();
    return;
  }
  clearTimeout(pollTimer);
  for (const id of ["#import-preview", "#import-progress", "#import-result"]) $(id).hidden = true;
  const form = new FormData();
  form.append("file", chosen, chosen.name);
  const zone = encodeURIComponent($("#im-timezone").value.trim() || "Asia/Shanghai");
  const found = await api(`imports?position_id=${encodeURIComponent(position)}&timezone=${zone}`, {
    method: "POST",
    body: form,
  });
  showPreview(found);
}

const positionName = (id) => positions.find((p) => p.position_id === id)?.title || "";

function showPreview(found) {
  current = found;
  const box = $("#import-preview");
  const encoding = ENCODINGS[found.encoding] ? t(`importer.encoding.${ENCODINGS[found.encoding]}`) : found.encoding;
  const errors = found.errors || [];
  const repeated = t("importer.repeated", { when: when(found.created_at) });
  const errorsCaption = t("importer.errors", { count: errors.length });
  const counts = t("importer.counts", { rows: found.rows, valid: found.valid, invalid: found.invalid });
  fill(
    box,
    el("h2", { text: t("importer.preview_title") }),
    found.repeated ? el("p", { class: "import-repeated", "data-testid": "import-repeated", text: repeated }) : null,
    el("p", { "data-testid": "import-encoding" }, el("strong", { text: t("importer.encoding") }), " ", encoding),
    el("p", { class: "import-counts", "data-testid": "import-counts", text: counts }),
    errors.length ? table("import-errors", errorsCaption, ERROR_HEADS, errorRows(errors)) : null,
    errors.length ? reportButton(found) : el("p", { class: "complete", text: t("importer.no_errors") }),
    found.status === "checked" ? startButtons(found) : null,
    // How the columns were read comes last: HR reads it once, the problems and the choice every time.
    table("import-columns", t("importer.columns"), ["importer.col_header", "importer.col_field"], columnRows(found)),
  );
  box.hidden = false;
  box.focus();
  if (found.status !== "checked") follow(found);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(LANGUAGE, { dateStyle: "medium", timeStyle: "short" }) : "";
}

const ERROR_HEADS = ["importer.err_row", "importer.err_column", "importer.err_value", "importer.err_message"];

// Each header of the file with the ShowUp field it was read as.
const columnRows = (found) =>
  Object.entries(found.columns || {}).map(([header, field]) => [header, t(`importer.field.${field}`)]);

const errorRows = (errors) => errors.map((e) => [String(e.row ?? ""), e.column || "", e.value || "", e.message || ""]);

// A captioned table of text cells; ``heads`` are the keys of its column headers.
function table(name, caption, heads, rows) {
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { class: name, "data-testid": name },
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {}, ...heads.map((key) => el("th", { scope: "col", text: t(key) })))),
      el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((text) => el("td", { text }))))),
    ),
  );
}

function reportButton(found) {
  return el("button", {
    type: "button",
    class: "button small",
    "data-testid": "import-report",
    text: t("importer.report"),
    onclick: () => {
      const id = found.import_id;
      save(`imports/${id}/report.csv`, `showup-import-${id}-report.csv`).catch(showError);
    },
  });
}

function startButtons(found) {
  const blocked = found.invalid > 0;
  const why = t("importer.all_blocked", { count: found.invalid });
  return el(
    "div",
    { class: "actions import-actions" },
    el("button", {
      type: "button",
      class: "button primary",
      "data-testid": "import-valid",
      ...(found.valid ? {} : { disabled: "" }),
      text: t("importer.import_valid", { count: found.valid }),
      onclick: () => start(found, "valid").catch(showError),
    }),
    el("button", {
      type: "button",
      class: "button",
      "data-testid": "import-all",
      ...(blocked ? { disabled: "", "aria-describedby": "import-all-why" } : {}),
      text: t("importer.import_all"),
      onclick: () => start(found, "all").catch(showError),
    }),
    blocked ? el("p", { class: "hint", id: "import-all-why", text: why }) : null,
  );
}

async function start(found, rows) {
  const count = rows === "all" ? found.rows : found.valid;
  const yes = await ask({
    title: t("importer.confirm_title", { count }),
    body: t("importer.confirm_body", { count, position: positionName(found.position_id) }),
    confirm: t("importer.confirm"),
  });
  if (!yes) return;
  const started = await api(`imports/${found.import_id}/start`, { method: "POST", body: { rows } });
  $(".import-actions")?.remove();
  follow(started);
}

// Total rows the job books: what HR chose to import.
const total = (found) => (found.started_rows === "all" ? found.rows : found.valid);

// Shows the job's progress and asks again every POLL_MS until it is done.
function follow(found) {
  clearTimeout(pollTimer);
  current = found;
  const all = total(found) || 0;
  const done = Math.min(all, (found.progress?.created || 0) + (found.progress?.failed || 0));
  const box = $("#import-progress");
  fill(
    box,
    el("h2", { id: "import-progress-title", text: t("importer.progress_title") }),
    el(
      "div",
      {
        class: "progress",
        role: "progressbar",
        "aria-labelledby": "import-progress-title",
        "aria-valuemin": "0",
        "aria-valuemax": String(all),
        "aria-valuenow": String(done),
        "aria-valuetext": t("importer.progress", { done, all }),
        "data-testid": "import-progressbar",
      },
      bar(all ? Math.round((100 * done) / all) : 100),
    ),
    el("p", { class: "muted", text: t("importer.progress", { done, all }) }),
  );
  box.hidden = false;
  if (found.status === "done") {
    showResult(found).catch(showError);
    return;
  }
  pollTimer = setTimeout(() => {
    if (current?.import_id !== found.import_id) return;
    api(`imports/${found.import_id}`).then(follow, showError);
  }, POLL_MS);
}

// The bar's width is set through the CSSOM: the page's style policy refuses style attributes.
function bar(percent) {
  const span = el("span", { class: "bar" });
  span.style.width = `${percent}%`;
  return span;
}

async function showResult(found) {
  const progress = found.progress || {};
  const notices = t("importer.notices", { queued: progress.notices_queued || 0, held: progress.notices_held || 0 });
  const failures = (found.failures || []).map((f) => t("importer.failure", { row: f.row, message: f.message }));
  const href = await listAddress(found);
  const see = el("a", { class: "button", href, "data-testid": "import-see", text: t("importer.see") });
  const box = $("#import-result");
  fill(
    box,
    el("h2", { text: t("importer.done_title") }),
    el(
      "ul",
      { class: "import-facts", "data-testid": "import-facts" },
      el("li", { text: t("importer.created", { count: progress.created || 0 }) }),
      el("li", { text: notices }),
      progress.failed ? el("li", { text: t("importer.failed", { count: progress.failed }) }) : null,
    ),
    failures.length ? el("ul", { class: "import-failures" }, ...failures.map((text) => el("li", { text }))) : null,
    el(
      "p",
      { class: "actions start" },
      see,
      progress.notices_held ? el("a", { class: "button", href: "#inbox", text: t("importer.see_held") }) : null,
    ),
  );
  box.hidden = false;
  // The inbox's count and the list take in the new interviews and the notices held.
  document.dispatchEvent(new CustomEvent("showup:changed"));
}

// The interview list, the position's week from the import's first day (among the coming weeks).
async function listAddress(found) {
  const url = new URL(location.href);
  url.hash = "interviews";
  url.search = "";
  url.searchParams.set("view", "week");
  url.searchParams.set("position", found.position_id);
  const today = localToday();
  const last = addDays(today, LOOK_AHEAD_DAYS - 1);
  const query = new URLSearchParams({ from: today, to: last, position_id: found.position_id });
  const ahead = await api(`interviews?${query}`).catch(() => ({}));
  const mine = (ahead.interviews || []).filter((i) => (i.imported || "").startsWith(`${found.import_id}#`));
  const first = mine.map((i) => i.local_date).sort()[0];
  if (first) url.searchParams.set("day", first);
  return url.href;
}
