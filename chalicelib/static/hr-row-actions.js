// What HR does from an interview's row: call, send a held notice, resend, reschedule, cancel, record the
// outcome, open the details; each asks first when it tells the candidate something, and says when done.

import { $, el } from "./dom.js";
import { ask, tell } from "./feedback.js";
import { clearErrors, handleSubmit } from "./forms.js";
import { openCallScript } from "./hr-call.js";
import { dayName } from "./hr-list-filters.js";
import { hasStarted, outcomeForm } from "./hr-outcomes.js";
import { heldWarnings, noticePath, showInterviewResult } from "./hr-schedule.js";
import { label } from "./labels.js";
import { api, ApiError, may, refused } from "./session.js";
import { t } from "./text.js";

// What HR does about a notice that did not arrive; both can be sent again from the list.
const RESENDABLE = ["failed", "bounced"];

// Shows the list again; ``problem`` is what went wrong, shown above it (set by startRowActions).
let reload = async (problem = "") => problem;

export function startRowActions(reloadList) {
  reload = reloadList;
  $("#reschedule-close").addEventListener("click", () => $("#reschedule-dialog").close());
  handleSubmit($("#reschedule-form"), reschedule);
}

const nameOf = (interview) => interview.candidate?.name || t("list.someone");
const when = (interview) =>
  interview.status === "choosing"
    ? t("slots.not_chosen")
    : `${dayName(interview.local_date)} ${interview.starts_at.slice(11, 16)}`;
const channels = (interview) => t((interview.channels || []).includes("sms") ? "list.by_email_sms" : "list.by_email");

function actionButton(text, onclick, extraClass = "", more = {}) {
  return el("button", { type: "button", class: `button small ${extraClass}`.trim(), text, onclick, ...more });
}

// The side panel (its own module) opens on this event with the interview's timeline and edit forms.
export function detailsButton(interview) {
  const open = () => document.dispatchEvent(new CustomEvent("showup:details", { detail: { interview } }));
  const named = { "aria-label": t("list.details_of", { name: nameOf(interview) }), "data-testid": "details" };
  return actionButton(t("list.details"), open, "span", named);
}

// The row's buttons (and outcome form) for who is signed in; ``open``: the interview can still change.
export function rowActions(interview, open) {
  const callScript = () => actionButton(t("list.call_script"), () => openCallScript(interview), "span");
  // A viewer reads: of a row's actions only the call script and the details, which change nothing.
  if (!may("recruiter")) return [open && !hasStarted(interview) ? callScript() : null, detailsButton(interview)];
  if (hasStarted(interview)) {
    // What happened is recorded, and can be corrected; a cancelled interview is history.
    if (interview.status === "cancelled") return [detailsButton(interview)];
    const moving = interview.status === "reschedule_requested";
    const form = outcomeForm(interview, async () => {
      const outcome = label("outcome", form.elements.outcome.value);
      tell(t("list.told_outcome", { name: nameOf(interview), outcome }));
      await reload();
    });
    return [
      form,
      moving ? actionButton(t("list.reschedule"), () => openReschedule(interview), "span") : null,
      detailsButton(interview),
    ];
  }
  if (!open) return [detailsButton(interview)];
  const status = interview.notice.status;
  return [
    callScript(),
    status === "held" ? actionButton(t("list.accept_send"), () => sendHeldNotice(interview), "span primary") : null,
    RESENDABLE.includes(status) ? actionButton(t("list.resend"), () => resendNotice(interview), "span") : null,
    detailsButton(interview),
    // Side by side, the two halves of one row: what changes the interview's time or calls it off.
    actionButton(t("list.reschedule"), () => openReschedule(interview)),
    actionButton(t("list.cancel"), () => cancelInterview(interview), "danger"),
  ];
}

// Row actions reload the list either way: a refusal (e.g. 409) usually means the row was stale.
async function rowAction(work, done) {
  let problem = "";
  try {
    await work();
    tell(done);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (refused(error)) return;
    problem = error.message;
  }
  await reload(problem);
}

async function cancelInterview(interview) {
  const name = nameOf(interview);
  const body = t("list.ask_cancel_body", {
    when: when(interview),
    position: interview.position_title,
    channels: channels(interview),
  });
  const yes = await ask({ title: t("list.ask_cancel", { name }), body, confirm: t("list.ask_cancel_yes"), danger: true });
  if (!yes) return;
  const path = `interviews/${encodeURIComponent(interview.interview_id)}/cancel`;
  await rowAction(() => api(path, { method: "POST", body: {} }), t("list.told_cancelled", { name }));
}

async function sendHeldNotice(interview) {
  const name = nameOf(interview);
  const details = heldWarnings(interview).map((w) =>
    t("list.warning_line", { label: label("warning_code", w.code), message: w.message }),
  );
  const yes = await ask({
    title: t("list.ask_send", { name }),
    body: t("list.ask_send_body", { channels: channels(interview), when: when(interview) }),
    details,
    confirm: t("list.ask_send_yes"),
  });
  if (!yes) return;
  const body = { accept_warnings: interview.notice.held_for };
  await rowAction(async () => {
    const sent = await api(noticePath(interview), { method: "POST", body });
    const box = $("#interview-result");
    if (!box.hidden && box.dataset.interviewId === interview.interview_id) showInterviewResult(sent);
  }, t("list.told_sent", { name }));
}

// A failed or bounced notice goes out again with the warnings HR already accepted.
function resendNotice(interview) {
  const body = { accept_warnings: [] };
  rowAction(() => api(noticePath(interview), { method: "POST", body }), t("list.told_sent", { name: nameOf(interview) }));
}

function openReschedule(interview) {
  const form = $("#reschedule-form");
  clearErrors(form);
  form.dataset.interviewId = interview.interview_id;
  form.dataset.name = nameOf(interview);
  $("#reschedule-who").textContent = `${interview.candidate?.name || ""} · ${interview.position_title}`;
  $("#r-starts-at").value = interview.starts_at;
  $("#r-timezone").value = interview.timezone;
  $("#reschedule-dialog").showModal();
}

async function reschedule(body) {
  const form = $("#reschedule-form");
  const moved = await api(`interviews/${encodeURIComponent(form.dataset.interviewId)}/reschedule`, {
    method: "POST",
    body,
  });
  $("#reschedule-dialog").close();
  tell(t("list.told_rescheduled", { name: form.dataset.name, when: when(moved) }));
  $("#day").value = moved.local_date;
  await reload();
}
