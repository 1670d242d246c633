// The interview's side panel: its details and its timeline, opened from any "showup:details" event
// ({ detail: { interview } }, e.g. a row's Details button) or from the inbox. It slides in from the
// right; Esc closes it and the focus goes back to the button that opened it.

import { $, el, fill } from "./dom.js";
import { editCandidate, showSidePanel, startCandidateEdit, startSidePanel, stopEditing } from "./hr-edit.js";
import { startPositionEdit } from "./hr-position-edit.js";
import { formatLocal, listOf, timelineItem } from "./hr-timeline.js";
import { label } from "./labels.js";
import { api, ApiError } from "./session.js";
import { LANGUAGE, t } from "./text.js";

// The interview shown, as last read, and the control to give the focus back to.
let current = null;
let opener = null;
// Answers for an interview opened before the current one are dropped.
let latest = 0;

export function startDetails() {
  const panel = $("#details-panel");
  startSidePanel(panel, $("#details-close"), () => opener);
  panel.addEventListener("close", () => stopEditing());
  document.addEventListener("showup:details", (event) => {
    const { interview, opener: from } = event.detail || {};
    if (interview?.interview_id) openDetails(interview.interview_id, from || document.activeElement, interview);
  });
  $("#details-edit").addEventListener("click", () => editCandidate(current));
  startCandidateEdit(() => (current ? load(current.interview_id) : null));
  startPositionEdit();
}

// Opens the panel on an interview; ``known`` (the list's copy) shows at once, the stored one follows.
export function openDetails(interviewId, from, known = null) {
  opener = from;
  stopEditing();
  if (known) showInterview(known);
  else clearPanel();
  fill($("#details-timeline"), el("li", { class: "muted", text: t("details.loading") }));
  showSidePanel($("#details-panel"));
  return load(interviewId);
}

async function load(interviewId) {
  const mine = ++latest;
  const path = `interviews/${encodeURIComponent(interviewId)}`;
  let interview;
  let timeline;
  try {
    [interview, timeline] = await Promise.all([api(path), api(`${path}/events`)]);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (mine === latest) showProblem(t("details.failed", { reason: error.message }));
    return;
  }
  if (mine !== latest) return;
  showProblem("");
  showInterview(interview);
  const events = timeline.events || [];
  fill(
    $("#details-timeline"),
    ...(events.length ? events.map(timelineItem) : [el("li", { class: "muted", text: t("timeline.none") })]),
  );
}

function clearPanel() {
  current = null;
  $("#details-who").textContent = "";
  $("#details-facts").replaceChildren();
  showProblem("");
}

function showProblem(text) {
  const message = $("#details-message");
  message.textContent = text;
  message.hidden = !text;
}

function showInterview(interview) {
  current = interview;
  const candidate = interview.candidate || {};
  $("#details-who").textContent = [candidate.name, interview.position_title, interview.company]
    .filter(Boolean)
    .join(" · ");
  const when =
    interview.status === "choosing"
      ? t("slots.not_chosen")
      : `${formatLocal(interview.starts_at, interview.timezone)} · ${t("details.minutes", {
          minutes: interview.duration_minutes,
        })}`;
  fill(
    $("#details-facts"),
    ...fact("when", t("details.when"), when),
    ...fact("where", t("details.where"), [interview.address, interview.city].filter(Boolean).join(LANGUAGE === "zh-CN" ? "，" : ", ")),
    ...fact("status", t("details.status"), label("interview_status", interview.status)),
    ...fact("notice", t("details.notice"), label("notice_status", interview.notice?.status)),
    ...(interview.erased_at
      ? fact("erased", t("details.title"), t("details.erased"))
      : [
          ...fact("email", t("details.email"), candidate.email),
          ...fact("phone", t("details.phone"), candidate.phone ? phoneLink(candidate) : ""),
          ...fact("language", t("details.language"), candidate.language ? label("language", candidate.language) : ""),
          ...fact("channels", t("details.channels"), listOf((interview.channels || []).map((c) => label("channel", c)))),
          ...fact("notes", t("details.notes"), interview.notes || ""),
        ]),
  );
  // Erased details cannot be filled in again.
  $("#details-edit").hidden = Boolean(interview.erased_at);
}

// Dialled as stored, read grouped as on the rows: "+86 138 0013 8000".
const phoneLink = (candidate) => el("a", { href: `tel:${candidate.phone}`, text: candidate.phone_display || candidate.phone });

function fact(name, term, value) {
  const shown = value === "" || value === null || value === undefined ? t("details.empty") : value;
  return [el("dt", { text: term }), el("dd", { class: `fact-${name}`, "data-testid": `fact-${name}` }, shown)];
}
