// Scheduling on the HR page: the interview form, and the result with the warnings that hold its notice.

import { $, badge, el, fill } from "./dom.js";
import { formatDay, formatStart, formatZone } from "./dates.js";
import { tell } from "./feedback.js";
import { handleSubmit } from "./forms.js";
import { label } from "./labels.js";
import { api, ApiError, refused } from "./session.js";
import { t } from "./text.js";

const NOTICE_TONE = { queued: "", held: "warn", sent: "info", delivered: "ok", failed: "bad", bounced: "bad" };

// Reloads the day's interviews; the list's module hands it over (it imports this one).
let reload = async () => {};

export function startScheduling(reloadInterviews) {
  reload = reloadInterviews;
  handleSubmit($("#interview-form"), createInterview);
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

async function createInterview(body) {
  const interview = await api("interviews", { method: "POST", body });
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
      text: t("schedule.scheduled", {
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
      el("a", { class: "button", href: "#interviews", text: t("schedule.see_day", { day: formatDay(interview.local_date) }) }),
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
