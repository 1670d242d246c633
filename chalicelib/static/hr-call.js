// The call script dialog on the HR page: the script read aloud, then the call logged and its risk shown.

import { $, badge, el, fill } from "./dom.js";
import { formatStart } from "./dates.js";
import { clearErrors, handleSubmit } from "./forms.js";
import { label } from "./labels.js";
import { api, ApiError } from "./session.js";
import { LANGUAGE, t } from "./text.js";

const LEVEL_TONE = { low: "ok", watch: "warn", call: "bad" };
const MODE_NOTE = { notification: "call.mode.notification", invitation: "call.mode.invitation" };
// Stage directions in a call script ("[listen to the tone]", "【…】") are read, not said.
const DIRECTION = /(\[[^\]]*\]|【[^】]*】)/;

let calling = null;
// Reloads the day's interviews; the list's module hands it over (it imports this one).
let reload = async () => {};

export function startCalls(reloadInterviews) {
  reload = reloadInterviews;
  $("#call-close").addEventListener("click", () => $("#call-dialog").close());
  $("#call-form").addEventListener("change", updateIntentGroup);
  handleSubmit($("#call-form"), logCall);
}

export async function openCallScript(interview) {
  const candidate = interview.candidate || {};
  calling = interview;
  const form = $("#call-form");
  form.reset();
  clearErrors(form);
  updateIntentGroup();
  askCommitments([]);
  $("#call-result").hidden = true;
  fill(
    $("#call-who"),
    el("strong", { text: candidate.name || t("call.candidate") }),
    " · ",
    candidate.phone
      ? el("a", { href: `tel:${candidate.phone}`, text: candidate.phone_display || candidate.phone })
      : t("fields.phone_none"),
    ` · ${interview.position_title} · ${formatStart(interview.starts_at_utc, interview.timezone)}`,
  );
  const box = $("#call-script");
  box.removeAttribute("lang");
  fill(box, el("p", { class: "muted", text: t("call.loading") }));
  $("#call-dialog").showModal();
  let script;
  try {
    script = await api(`interviews/${encodeURIComponent(interview.interview_id)}/call-script`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const problem = el("p", { class: "form-message", role: "alert", text: error.message });
    if (calling === interview) fill(box, problem);
    return;
  }
  if (calling === interview) {
    showScript(script, candidate.email || "");
    askCommitments(script.commitments || []);
  }
}

// The questions the script asks get one tap each up front; the others wait under "volunteered".
function askCommitments(asked) {
  const more = $("#c-commitments-more");
  for (const group of document.querySelectorAll("#call-form [data-commitment]")) {
    (asked.includes(group.dataset.commitment) ? $("#c-commitments-asked") : more).append(group);
  }
  more.open = false;
}

function showScript(script, email) {
  const over = script.estimated_seconds > script.target_seconds;
  const spelledInline = script.sections.some((s) => s.lines.some((line) => line.includes(script.email_spelled)));
  const box = $("#call-script");
  box.lang = script.language;
  fill(
    box,
    el(
      "div",
      { class: "script-meta", lang: LANGUAGE },
      el("span", { class: "badge lg info", "data-testid": "script-mode", text: label("notice_mode", script.mode) }),
      MODE_NOTE[script.mode] ? el("span", { class: "muted", text: t(MODE_NOTE[script.mode]) }) : null,
      el("span", {
        class: `timing ${over ? "over" : ""}`.trim(),
        "data-testid": "script-timing",
        text: t("call.timing", { estimated: script.estimated_seconds, target: script.target_seconds }),
      }),
      script.spelling_seconds
        ? el("span", { class: "muted", text: t("call.spelling", { seconds: script.spelling_seconds }) })
        : null,
      el("span", { class: "muted", text: label("language", script.language) }),
    ),
    ...script.sections.map((section) =>
      el(
        "section",
        { class: "script-section", "data-testid": "script-section" },
        el("h3", { text: section.title }),
        ...section.lines.map((line) => scriptLine(line, script, email)),
      ),
    ),
    spelledInline ? null : spelledEmail(script, email),
  );
}

function scriptLine(line, script, email) {
  const at = script.email_spelled ? line.indexOf(script.email_spelled) : -1;
  if (at < 0) {
    const parts = spoken(line);
    const onlyDirection = parts.length === 1 && typeof parts[0] !== "string";
    return el("div", { class: onlyDirection ? "line direction-only" : "line" }, ...parts);
  }
  return el(
    "div",
    { class: "line" },
    ...spoken(line.slice(0, at)),
    spelledEmail(script, email),
    // The sentence goes on after the letters; its full stop would otherwise open the next line.
    ...spoken(line.slice(at + script.email_spelled.length).replace(/^[.。]\s*/, "")),
  );
}

// Spoken text as strings, stage directions as notes without their brackets.
function spoken(text) {
  return text
    .split(DIRECTION)
    .filter((part) => part.trim())
    .map((part) => (DIRECTION.test(part) ? el("span", { class: "direction", text: part.slice(1, -1) }) : part));
}

function spelledEmail(script, email) {
  const letters = script.email_spelled
    .split(/,\s*|，/)
    .map((part) => part.trim())
    .filter(Boolean);
  return el(
    "div",
    { class: "spelled", "data-testid": "email-spelled" },
    email ? el("p", { class: "email", text: email }) : null,
    el(
      "ol",
      { class: "letters", "aria-label": t("call.spelled") },
      ...letters.map((letter) => el("li", { text: letter })),
    ),
  );
}

// Intent is only heard, and answers only given, when someone answered.
function updateIntentGroup() {
  $("#c-intent-group").disabled = $("#c-reached-no").checked;
  $("#c-answers-group").disabled = $("#c-reached-no").checked;
}

async function logCall(body) {
  if (body.attendance === "not_asked") delete body.attendance;
  const logged = await api(`interviews/${encodeURIComponent(calling.interview_id)}/call`, {
    method: "POST",
    body,
  });
  $("#call-form").reset();
  updateIntentGroup();
  showCallResult(logged);
  await reload();
}

function showCallResult(logged) {
  const risk = logged.risk;
  const box = $("#call-result");
  // A declined interview can still be called; it has no risk, so the result says why instead.
  if (risk.applies === false) {
    const why = el("p", { class: "risk-score", "data-testid": "risk-score", text: label("no_risk_reason", risk.reason) });
    fill(box, el("h3", { text: t("risk.logged") }), why);
    box.hidden = false;
    box.focus({ preventScroll: true });
    return;
  }
  const signed = (effect) => (effect > 0 ? `+${effect.toFixed(2)}` : `−${(-effect).toFixed(2)}`);
  fill(
    box,
    logged.at_risk
      ? el(
          "div",
          { class: "alert bad", role: "alert", "data-testid": "at-risk-prompt" },
          el("strong", { text: t("risk.at_risk") }),
          logged.at_risk_prompt || t("risk.confirm_directly"),
        )
      : null,
    el("h3", { text: t("risk.logged") }),
    el(
      "p",
      { class: "risk-score", "data-testid": "risk-score" },
      el("span", { class: "score", text: t("risk.probability", { percent: Math.round(risk.probability * 100) }) }),
      " ",
      badge(label("risk_level", risk.level), LEVEL_TONE[risk.level]),
      el("span", { class: "muted", text: ` ${t("risk.model", { version: risk.model })}` }),
    ),
    el(
      "table",
      { class: "factors", "data-testid": "risk-factors" },
      el("caption", { class: "visually-hidden", text: t("risk.factors") }),
      el(
        "thead",
        {},
        el("tr", {}, el("th", { scope: "col", text: t("risk.factor") }), el("th", { scope: "col", text: t("risk.effect") })),
      ),
      el(
        "tbody",
        {},
        ...risk.factors.map((f) =>
          el(
            "tr",
            { "data-factor": f.name },
            el("td", { text: label("risk_factor", f.name) }),
            el("td", { class: "points", text: signed(f.effect) }),
          ),
        ),
      ),
    ),
  );
  box.hidden = false;
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: "nearest" });
}
