// The HR page's positions: the list with what each position is missing, the form that creates one,
// and the position choice of the scheduling form.

import { $, el, fill } from "./dom.js";
import { handleSubmit } from "./forms.js";
import { humanize, label } from "./labels.js";
import { api } from "./session.js";

export function startPositions() {
  handleSubmit($("#position-form"), createPosition);
}

// Shows ``positions``; the scheduling form keeps its choice, or chooses ``selectId``.
export function showPositions(positions, selectId) {
  const select = $("#i-position-id");
  const keep = selectId || select.value;
  select.replaceChildren(
    el("option", { value: "", text: positions.length ? "Choose a position" : "No positions yet" }),
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
      ),
    ),
  );
}

const level = (position) => (position.level ? label("level", position.level) : "");

function salaryRange(position) {
  const amount = (n) => Number(n).toLocaleString();
  return `${amount(position.salary_min)}–${amount(position.salary_max)} ${position.salary_currency || ""}`.trim();
}

// The position's missing or vague facts ({field, problem}), or a note that nothing is missing.
function completeness(gaps, testId) {
  if (!gaps.length) return el("p", { class: "complete", "data-testid": testId, text: "Nothing missing" });
  const count = gaps.length === 1 ? "1 fact to fix" : `${gaps.length} facts to fix`;
  return el(
    "div",
    { class: "gaps", "data-testid": testId },
    el("p", { class: "gaps-head", text: count }),
    el(
      "ul",
      {},
      ...gaps.map((gap) =>
        el("li", { "data-field": gap.field }, el("strong", { text: humanize(gap.field) }), " ", gap.problem),
      ),
    ),
  );
}

async function createPosition(body) {
  const position = await api("positions", { method: "POST", body });
  $("#position-form").reset();
  const gaps = position.completeness || [];
  const box = $("#position-result");
  box.classList.toggle("held", gaps.length > 0);
  fill(
    box,
    el("h2", { text: `Created: ${position.title} at ${position.company}` }),
    gaps.length ? el("p", { text: "Candidates will ask about these; fill them in before you call:" }) : null,
    completeness(gaps, "position-result-completeness"),
    el(
      "div",
      { class: "actions" },
      el("a", { class: "button", href: "#schedule", text: "Schedule an interview for it" }),
    ),
  );
  box.hidden = false;
  showPositions((await api("positions")).positions, position.position_id);
}
