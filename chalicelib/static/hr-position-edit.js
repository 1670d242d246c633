// A position edited in its side panel, opened by "showup:edit-position" events ({ detail: { position } },
// the positions list's Edit button): its facts saved on the revision read, and closing or reopening it.

import { $ } from "./dom.js";
import { ask, tell } from "./feedback.js";
import { clearErrors, handleSubmit, readForm } from "./forms.js";
import { announce, changedKeys, refusal, showSidePanel, startSidePanel } from "./hr-edit.js";
import { showPositions } from "./hr-positions.js";
import { api, ApiError } from "./session.js";
import { t } from "./text.js";

// The position's facts candidates read in their notice: a change sends those already told an update.
const STATED = ["title", "company", "work_location", "responsibilities", "salary_min", "salary_max"];
const STATED_TOO = ["salary_currency", "company_website", "contact"];

let position = null;
let positionFilled = {};
let positionOpener = null;

export function startPositionEdit() {
  startSidePanel($("#position-edit-panel"), $("#position-edit-close"), () => positionOpener);
  document.addEventListener("showup:edit-position", (event) => {
    const { position: given, opener } = event.detail || {};
    if (given?.position_id) openPosition(given, opener || document.activeElement);
  });
  handleSubmit($("#position-edit-form"), savePosition);
  $("#position-close").addEventListener("click", closePosition);
  $("#position-reopen").addEventListener("click", () => openOrClose("reopen", "position_edit.reopened"));
}

async function openPosition(given, opener) {
  positionOpener = opener;
  showPosition(given);
  showSidePanel($("#position-edit-panel"));
  // The list may show an older revision than the one stored: the form starts from the stored one,
  // and cannot be saved until it has (what was typed meanwhile would be overwritten).
  const form = $("#position-edit-form");
  form.setAttribute("aria-busy", "true");
  form.querySelector("[type=submit]").disabled = true;
  try {
    showPosition(await api(`positions/${encodeURIComponent(given.position_id)}`));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  } finally {
    form.removeAttribute("aria-busy");
    form.querySelector("[type=submit]").disabled = false;
  }
}

function showPosition(found) {
  position = found;
  const form = $("#position-edit-form");
  clearErrors(form);
  for (const input of form.querySelectorAll("[name]")) {
    const value = input.name.split(".").reduce((node, key) => node?.[key], found);
    if (input.dataset.kind === "bool") input.checked = value === true;
    else input.value = Array.isArray(value) ? value.join(", ") : (value ?? "");
  }
  $("#position-edit-who").textContent = `${found.title} · ${found.company}`;
  const closed = Boolean(found.closed_at);
  $("#position-edit-closed").hidden = !closed;
  $("#position-close").hidden = closed;
  $("#position-reopen").hidden = !closed;
  positionFilled = readForm(form);
}

async function savePosition(values) {
  const changed = changedKeys(positionFilled, values);
  if (!changed.length) {
    tell(t("candidate_edit.unchanged"));
    $("#position-edit-panel").close();
    return;
  }
  // A field emptied is removed (skills become none); a partly filled contact is checked whole.
  const body = { revision: position.revision };
  for (const key of changed) body[key] = values[key] ?? (key === "skills" ? [] : null);
  const path = `positions/${encodeURIComponent(position.position_id)}`;
  let saved;
  try {
    saved = await api(path, { method: "PATCH", body });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409 || !("revision" in error.fields)) throw error;
    showPosition(await api(path));
    throw refusal(409, t("position_edit.conflict"));
  }
  const told = changed.some((key) => STATED.includes(key) || STATED_TOO.includes(key));
  tell(t(told ? "position_edit.saved_told" : "position_edit.saved_quiet"));
  $("#position-edit-panel").close();
  await positionChanged(saved);
}

async function closePosition() {
  const sure = await ask({
    title: t("position_edit.close_ask", { title: position.title }),
    body: t("position_edit.close_explain"),
    confirm: t("position_edit.close"),
    danger: true,
  });
  if (sure) await openOrClose("close", "position_edit.closed");
}

async function openOrClose(action, said) {
  let saved;
  try {
    saved = await api(`positions/${encodeURIComponent(position.position_id)}/${action}`, { method: "POST" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    tell(error.message, "error");
    return;
  }
  showPosition(saved);
  tell(t(said, { title: saved.title }));
  // The button pressed is hidden now: its twin takes the focus.
  $(action === "close" ? "#position-reopen" : "#position-close").focus();
  await positionChanged(saved);
}

// The positions list and the scheduling form's choice follow the change.
async function positionChanged(saved) {
  announce({ position: saved });
  showPositions((await api("positions")).positions);
}
