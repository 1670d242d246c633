// Scheduling on the HR page: the interview form, and the result with the warnings that hold its notice.

import { $, badge, el, fill } from "./dom.js";
import { formatDay, formatStart, formatZone } from "./dates.js";
import { tell } from "./feedback.js";
import { handleSubmit } from "./forms.js";
import { refusal } from "./hr-edit.js";
import { bookable, slotsOf, slotTime } from "./hr-slots.js";
import { label } from "./labels.js";
import { api, ApiError, refused } from "./session.js";
import { t } from "./text.js";

const NOTICE_TONE = { queued: "", held: "warn", sent: "info", delivered: "ok", failed: "bad", bounced: "bad" };

// Reloads the day's interviews; the list's module hands it over (it imports this one).
let reload = async () => {};

export function startScheduling(reloadInterviews) {
  reload = reloadInterviews;
  handleSubmit($("#interview-form"), createInterview);
  $("#i-choose-slot").addEventListener("change", showSlotChoice);
  $("#i-position-id").addEventListener("change", showSlotChoice);
  // A reset (signing out) unticks the choice after this event: the time fields come back then.
  $("#interview-form").addEventListener("reset", () => queueMicrotask(showSlotChoice));
  // A slot published or closed in its panel changes what the candidate could choose from.
  document.addEventListener("showup:changed", (event) => {
    if (event.detail?.slot) showSlotChoice();
  });
}

// ---------- "Let the candidate choose a time" ----------

// The open slots of the position chosen when the candidate chooses, or null while not known.
let choosable = null;
// Answers to older questions (another position chosen meanwhile) are dropped.
let asked = 0;

// With the choice made, the time fields give way to what the position offers to choose from.
async function showSlotChoice() {
  const choosing = $("#i-choose-slot").checked;
  // A refusal said of the choice before no longer holds once it changes (or its position does).
  $("#i-choose-slot").removeAttribute("aria-invalid");
  $("#i-choose-slot-error").textContent = "";
  const box = $("#i-slot-choice");
  const select = $("#i-position-id");
  $("#i-when-fields").hidden = choosing;
  box.hidden = !choosing;
  choosable = null;
  const mine = ++asked;
  if (!choosing) return;
  if (!select.value) {
    fill(box, el("p", { class: "muted", text: t("slots.choose_position_first") }));
    return;
  }
  let slots;
  try {
    slots = (await slotsOf(select.value)).filter(bookable);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!refused(error)) fill(box, el("p", { class: "form-message", text: error.message }));
    return;
  }
  if (mine !== asked) return;
  choosable = slots;
  const position = { position_id: select.value, title: select.selectedOptions[0]?.text || "" };
  const publish = el("button", {
    type: "button",
    class: "button small",
    "data-testid": "choose-publish",
    text: t("slots.choose_publish"),
    // The focus comes back to the choice: this button is gone once a slot is published.
    onclick: () => {
      const detail = { position, opener: $("#i-choose-slot") };
      document.dispatchEvent(new CustomEvent("showup:slots", { detail }));
    },
  });
  fill(
    box,
    el("p", { class: slots.length ? "" : "note", "data-testid": "slot-choice-text", text: openTimes(slots) }),
    slots.length ? null : publish,
  );
}

function openTimes(slots) {
  if (!slots.length) return t("slots.choose_none");
  const when = slotTime(slots[0]);
  return slots.length === 1 ? t("slots.choose_open_one", { when }) : t("slots.choose_open", { count: slots.length, when });
}

// The request for a candidate who chooses: no time of HR's, and refused at once when nothing is open.
function choosingBody(body) {
  if (choosable && !choosable.length) {
    throw refusal(400, t("slots.choose_none"), { choose_slot: t("slots.choose_none") });
  }
  // The slot booked gives the time, the zone and the length.
  const rest = { ...body };
  for (const field of ["starts_at", "timezone", "duration_minutes"]) delete rest[field];
  return { ...rest, choose_slot: true };
}

export const noticeBadge = (status) => badge(label("notice_status", status), NOTICE_TONE[status]);

export const noticePath = (interview) => `interviews/${encodeURIComponent(interview.interview_id)}/notice`;

export const heldWarnings = (interview) =>
  (interview.warnings || []).filter((w) => interview.notice.held_for.includes(w.code));

// Each warning as its code and HR-readable message.
export function warningList(warnings, testId) {
  return el(
    "ul",
    { class: "warnings", "data-testid": testId },
    ...warnings.map((w) =>
      el(
        "li",
        { "data-code": w.code },
        el("span", { class: "code", text: label("warning_code", w.code) }),
        " ",
        w.message,
      ),
    ),
  );
}

async function createInterview(values) {
  const { choose_slot: choose, ...body } = values;
  const interview = await api("interviews", { method: "POST", body: choose ? choosingBody(body) : body });
  showInterviewResult(interview);
  // The next candidate for the same slot usually shares position, place and time; only the person changes.
  $("#interview-form").querySelectorAll("[data-group=candidate] input").forEach((input) => (input.value = ""));
  $("#day").value = interview.local_date;
  $("#interview-result").scrollIntoView({ block: "start" });
  await reload();
}

// The scheduled interview; its warnings come first because a held notice waits for HR.
export function showInterviewResult(interview, problem = "") {
  const held = interview.notice.status === "held";
  const tone = label("notice_mode", interview.mode);
  const box = $("#interview-result");
  box.dataset.interviewId = interview.interview_id;
  box.classList.toggle("held", held);
  fill(
    box,
    interview.warnings.length ? warningsPanel(interview, problem) : null,
    el("h2", {
      text:
        interview.status === "choosing"
          ? t("slots.invited", { name: interview.candidate.name })
          : t("schedule.scheduled", {
              name: interview.candidate.name,
              when: formatStart(interview.starts_at_utc, interview.timezone),
            }),
    }),
    el("p", {
      text: t("schedule.summary", {
        title: interview.position_title,
        company: interview.company,
        zone: formatZone(interview.timezone),
        tone,
      }),
    }),
    el(
      "p",
      {},
      t("schedule.notice_status"),
      el("span", { "data-testid": "result-notice" }, noticeBadge(interview.notice.status)),
    ),
    el(
      "div",
      { class: "actions" },
      el("a", {
        class: "button",
        href: "#interviews",
        // A candidate still choosing has no day yet: the list, not a day they never picked.
        text:
          interview.status === "choosing"
            ? t("slots.see_list")
            : t("schedule.see_day", { day: formatDay(interview.local_date) }),
      }),
    ),
  );
  box.hidden = false;
}

function warningsPanel(interview, problem) {
  const held = interview.notice.status === "held";
  const codes = interview.notice.held_for.map((code) => label("warning_code", code)).join(t("fields.list_separator"));
  const props = { class: `alert ${held ? "warn" : "neutral"}`, "data-testid": "result-warnings" };
  return el(
    "div",
    held ? { ...props, role: "alert" } : props,
    el("h2", { text: t(held ? "schedule.check_first" : "schedule.accepted") }),
    warningList(interview.warnings, "result-warning-list"),
    held ? el("p", { text: t("schedule.held_until", { codes }) }) : null,
    problem ? el("p", { class: "form-message", role: "alert", text: problem }) : null,
    held
      ? el(
          "div",
          { class: "actions start" },
          el("button", {
            type: "button",
            class: "button primary",
            "data-testid": "accept-and-send",
            text: t("schedule.accept_and_send"),
            onclick: (event) => acceptFromResult(interview, event.currentTarget),
          }),
        )
      : null,
  );
}

async function acceptFromResult(interview, button) {
  button.disabled = true;
  try {
    const body = { accept_warnings: interview.notice.held_for };
    showInterviewResult(await api(noticePath(interview), { method: "POST", body }));
    tell(t("list.told_sent", { name: interview.candidate.name }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (refused(error)) return;
    showInterviewResult(interview, error.message);
  }
  await reload();
}
