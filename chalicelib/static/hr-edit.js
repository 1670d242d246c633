// The side panels' common parts, and the candidate's details edited in the interview's panel. An edit
// form saves only what changed, on the revision it read: when someone else saved meanwhile (409) the
// form shows the current values (hr-position-edit.js edits a position alike).

import { $ } from "./dom.js";
import { tell } from "./feedback.js";
import { clearErrors, handleSubmit } from "./forms.js";
import { listOf } from "./hr-timeline.js";
import { api, ApiError } from "./session.js";
import { t } from "./text.js";

// Interviews that are over or called off: how the candidate is reached no longer changes.
const CLOSED = ["cancelled", "attended", "no_show"];

// The side panels are dialogs without a backdrop, so that the page beside them stays in view and the
// answers (feedback.js' messages) show above them; Esc closes them as it closes a modal dialog.
export function startSidePanel(panel, closeButton, focusBack) {
  closeButton.addEventListener("click", () => panel.close());
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented) panel.close();
  });
  panel.addEventListener("close", () => {
    const control = focusBack();
    // A control the page has since redrawn cannot take the focus back: the page's main part does.
    (control?.isConnected ? control : $("#main")).focus();
  });
}

// Shows the panel with the focus on its heading, which screen readers then read first.
export function showSidePanel(panel) {
  if (!panel.open) panel.show();
  panel.querySelector("h2").focus();
}

// A refusal the form shows like the API's own: the message above, each field's problem beside it.
export const refusal = (status, message, fields = {}) => new ApiError(status, { message, fields });

// Tells the page (the lists, the inbox count) that something changed.
export function announce(detail) {
  document.dispatchEvent(new CustomEvent("showup:changed", { detail }));
}

// Which of ``before``'s fields ``after`` changes (each compared as JSON).
export const changedKeys = (before, after) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  );

// ---------- The candidate's details ----------

// The interview the form was filled from, and its values as filled: a save sends what differs.
let editing = null;
let filled = {};
let afterSave = () => {};

export function startCandidateEdit(saved) {
  afterSave = saved;
  handleSubmit($("#candidate-edit-form"), saveCandidate);
  $("#candidate-edit-cancel").addEventListener("click", () => stopEditing(true));
}

export function editCandidate(interview) {
  if (!interview) return;
  fillCandidate(interview);
  $("#candidate-edit-form").hidden = false;
  $("#details-edit").hidden = true;
  $("#ce-candidate-name").focus();
}

// Hides the form; ``refocus`` puts the focus back on the button that opened it.
export function stopEditing(refocus = false) {
  const form = $("#candidate-edit-form");
  if (form.hidden) return;
  clearErrors(form);
  form.hidden = true;
  $("#details-edit").hidden = false;
  editing = null;
  if (refocus) $("#details-edit").focus();
}

function fillCandidate(interview) {
  editing = interview;
  const candidate = interview.candidate || {};
  $("#ce-candidate-name").value = candidate.name || "";
  $("#ce-candidate-email").value = candidate.email || "";
  $("#ce-candidate-phone").value = candidate.phone || "";
  const language = $("#ce-candidate-language");
  language.value = candidate.language || language.value;
  $("#ce-channels-sms").checked = (interview.channels || []).includes("sms");
  $("#ce-notes").value = interview.notes || "";
  const closed = CLOSED.includes(interview.status);
  language.disabled = closed;
  $("#ce-channels-sms").disabled = closed;
  filled = candidateValues();
}

function candidateValues() {
  const value = (id) => $(id).value.trim();
  return {
    "candidate.name": value("#ce-candidate-name"),
    "candidate.email": value("#ce-candidate-email"),
    "candidate.phone": value("#ce-candidate-phone"),
    "candidate.language": value("#ce-candidate-language"),
    channels: $("#ce-channels-sms").checked ? ["email", "sms"] : ["email"],
    notes: value("#ce-notes"),
  };
}

async function saveCandidate() {
  // The form's own problems were shown by checks.js (data-checks) before this runs.
  const values = candidateValues();
  const changed = changedKeys(filled, values);
  if (!changed.length) {
    tell(t("candidate_edit.unchanged"));
    stopEditing(true);
    return;
  }
  const body = { revision: editing.revision };
  for (const key of changed) {
    // An emptied optional field (a phone, the notes) is removed: the API reads null as "remove".
    const value = values[key] === "" ? null : values[key];
    if (key.startsWith("candidate.")) (body.candidate ??= {})[key.slice("candidate.".length)] = value;
    else body[key] = value;
  }
  const path = `interviews/${encodeURIComponent(editing.interview_id)}`;
  let saved;
  try {
    saved = await api(path, { method: "PATCH", body });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409 || !("revision" in error.fields)) throw error;
    // Someone saved meanwhile: their values replace what was typed, to be changed again knowingly.
    fillCandidate(await api(path));
    await afterSave();
    throw refusal(409, t("candidate_edit.conflict"));
  }
  tell(candidateSaved(saved));
  stopEditing(true);
  announce({ interview: saved });
  await afterSave();
}

// What ShowUp does after the correction, in the page's language (the API says it in English only).
function candidateSaved(saved) {
  if (saved.unchanged) return t("candidate_edit.unchanged");
  const resent = saved.resent_by || [];
  if (resent.length) {
    return t("candidate_edit.saved_resent", { channels: listOf(resent.map((c) => t(`candidate_edit.channel_${c}`))) });
  }
  const corrected = saved.corrected || [];
  const texted = (saved.channels || []).includes("sms");
  const readdressed =
    corrected.includes("candidate.email") || (texted && (corrected.includes("candidate.phone") || corrected.includes("channels")));
  const sendable = !CLOSED.includes(saved.status) && saved.status !== "declined";
  if (readdressed && sendable && saved.notice?.status === "held") return t("candidate_edit.saved_held");
  if (readdressed && sendable && saved.notice?.status === "queued") return t("candidate_edit.saved_queued");
  return t("candidate_edit.saved_quiet");
}
