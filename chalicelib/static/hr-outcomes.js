// What happened at an interview that has started: the outcome form in its row, and the outcome it holds.

import { $ } from "./dom.js";
import { handleSubmit } from "./forms.js";
import { humanize } from "./labels.js";
import { api } from "./session.js";

// The status each recorded outcome leaves the interview in.
const STATUS_AFTER = {
  attended: "attended",
  no_show: "no_show",
  cancelled: "cancelled",
  rescheduled: "reschedule_requested",
};

const template = $("#outcome-form-template");

export const hasStarted = (interview) => new Date(interview.starts_at_utc) <= new Date();

// The outcome that explains the current status, if HR recorded one.
export function recordedOutcome(interview) {
  const outcome = interview.outcome;
  return outcome && STATUS_AFTER[outcome.outcome] === interview.status ? outcome : null;
}

// A no-show reason as the form's own choice reads (the page's select holds the server's labels).
export const reasonLabel = (code) =>
  template.content.querySelector(`#o-reason option[value="${CSS.escape(code)}"]`)?.textContent || humanize(code);

// A copy of the template whose ids ("o-outcome", its label's and error slot's) are this row's own;
// ``recorded()`` runs once the API took the outcome.
export function outcomeForm(interview, recorded) {
  const form = template.content.firstElementChild.cloneNode(true);
  const own = (ids) =>
    ids
      .split(" ")
      .map((id) => (id.startsWith("o-") ? `o-${interview.interview_id}-${id.slice(2)}` : id))
      .join(" ");
  for (const name of ["id", "for", "aria-describedby"]) {
    form.querySelectorAll(`[${name}]`).forEach((node) => node.setAttribute(name, own(node.getAttribute(name))));
  }
  const { outcome, reason } = form.elements;
  const current = recordedOutcome(interview) || {};
  outcome.value = current.outcome || "";
  reason.value = current.reason || "";
  // A reason only for a no-show: the API refuses one for any other outcome.
  const showReason = () => {
    const field = form.querySelector(".reason-field");
    field.hidden = outcome.value !== "no_show";
    if (field.hidden) reason.value = "";
  };
  showReason();
  outcome.addEventListener("change", showReason);
  handleSubmit(form, async (body) => {
    await api(`interviews/${encodeURIComponent(interview.interview_id)}/outcome`, { method: "POST", body });
    // ``recorded`` says so, naming the candidate: one message per action.
    await recorded();
  });
  return form;
}
