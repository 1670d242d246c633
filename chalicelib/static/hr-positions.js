// The HR page's positions: the list with what each position is missing, the form that creates one,
// and the position choice of the scheduling form.

import { $, el, fill } from "./dom.js";
import { handleSubmit } from "./forms.js";
import { label } from "./labels.js";
import { api } from "./session.js";
import { LANGUAGE, t } from "./text.js";

export function startPositions() {
  handleSubmit($("#position-form"), createPosition);
}

// Shows ``positions``; the scheduling form keeps its choice, or chooses ``selectId``.
export function showPositions(positions, selectId) {
  const select = $("#i-position-id");
  const keep = selectId || select.value;
  select.replaceChildren(
    el("option", { value: "", text: t(positions.length ? "schedule.choose_position" : "schedule.no_positions_option") }),
    ...positions.map((p) => el("option", { value: p.position_id, text: `${p.title} · ${p.company}` })),
  );
  select.value = positions.some((p) => p.position_id === keep) ? keep : "";
  $("#no-positions").hidden = positions.length > 0;
  $("#position-list").replaceChildren(
    ...positions.map((p) =>
      el(
        "li",
        { class: "box", "data-position-id": p.position_id },
        el("strong", { text: p.title }),
        el("span", { class: "sub", text: `${p.company} · ${p.work_location}` }),
        el("span", { class: "sub", text: [salaryRange(p), level(p)].filter(Boolean).join(" · ") }),
        completeness(p.completeness || [], "position-completeness"),
        slotsButton(p),
      ),
    ),
  );
}

// Opens the position's slots (hr-slots.js) in their side panel.
function slotsButton(position) {
  return el("button", {
    type: "button",
    class: "button small",
    "data-testid": "position-slots",
    "aria-label": t("slots.open_panel_for", { title: position.title }),
    text: t("slots.open_panel"),
    onclick: (event) => {
      const detail = { position, opener: event.currentTarget };
      document.dispatchEvent(new CustomEvent("showup:slots", { detail }));
    },
  });
}

const level = (position) => (position.level ? label("level", position.level) : "");

function salaryRange(position) {
  const amount = (n) => Number(n).toLocaleString(LANGUAGE);
  return `${amount(position.salary_min)}–${amount(position.salary_max)} ${position.salary_currency || ""}`.trim();
}

// The position's missing or vague facts ({field, problem}), or a note that nothing is missing.
function completeness(gaps, testId) {
  if (!gaps.length) return el("p", { class: "complete", "data-testid": testId, text: t("positions.nothing_missing") });
  const count = gaps.length === 1 ? t("positions.gaps_one") : t("positions.gaps", { count: gaps.length });
  return el(
    "div",
    { class: "gaps", "data-testid": testId },
    el("p", { class: "gaps-head", text: count }),
    el(
      "ul",
      {},
      ...gaps.map((gap) =>
        el("li", { "data-field": gap.field }, el("strong", { text: fieldName(gap.field) }), " ", gap.problem),
      ),
    ),
  );
}

// A position's field as the form names it ("salary_max" → "月薪上限").
const fieldName = (field) => t(`positions.field.${field}`);

async function createPosition(body) {
  const position = await api("positions", { method: "POST", body });
  $("#position-form").reset();
  const gaps = position.completeness || [];
  const box = $("#position-result");
  box.classList.toggle("held", gaps.length > 0);
  fill(
    box,
    el("h2", { text: t("positions.created", { title: position.title, company: position.company }) }),
    gaps.length ? el("p", { text: t("positions.ask_about") }) : null,
    completeness(gaps, "position-result-completeness"),
    el(
      "div",
      { class: "actions" },
      el("a", { class: "button", href: "#schedule", text: t("positions.schedule_for") }),
    ),
  );
  box.hidden = false;
  showPositions((await api("positions")).positions, position.position_id);
}
