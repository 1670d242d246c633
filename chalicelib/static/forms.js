// Forms: request bodies from field names, and the API's errors shown back on the fields they name.
// A control's name is its API field path ("candidate.email"); its error slot is "<id>-error".
// Before sending a form marked data-checks, the page's checks (checks.js) show every problem they see at once.

import { amount, check } from "./checks.js";
import { el, fill } from "./dom.js";
import { ApiError, refused } from "./session.js";
import { t } from "./text.js";

function setPath(target, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let node = target;
  for (const key of keys) node = node[key] ??= {};
  node[last] = value;
}

function convert(raw, kind) {
  // A value that does not parse is sent as typed, so the API names the problem next to the field.
  if (kind === "int") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (kind === "amount") return amount(raw) ?? raw;
  if (kind === "currency") return raw.toUpperCase();
  if (kind === "list") return raw.split(",").map((item) => item.trim()).filter(Boolean);
  if (kind === "bool") return raw === "true";
  return raw;
}

export function readForm(form) {
  const data = {};
  for (const input of form.querySelectorAll("[name]")) {
    if (input.type === "checkbox" && input.dataset.kind === "bool") {
      // A yes/no setting is sent either way, so unticking it is a change too.
      setPath(data, input.name, input.checked);
      continue;
    }
    if (input.type === "checkbox") {
      // Checkbox groups are top-level lists (channels); a disabled, checked box still counts.
      if (input.checked) (data[input.name] ??= []).push(input.value);
      continue;
    }
    if (input.type === "radio") {
      // A choice inside a disabled group (intent when nobody answered) does not apply.
      if (input.checked && !input.matches(":disabled")) {
        setPath(data, input.name, convert(input.value, input.dataset.kind));
      }
      continue;
    }
    const raw = input.value.trim();
    if (raw !== "") setPath(data, input.name, convert(raw, input.dataset.kind));
  }
  return data;
}

// "candidate.email" names an input; "skills.2" is an item of the "skills" input.
function inputFor(form, field) {
  const parts = field.split(".");
  while (parts.length) {
    const input = form.querySelector(`[name="${CSS.escape(parts.join("."))}"]`);
    if (input) return input;
    parts.pop();
  }
  return null;
}

const errorSlot = (input) => document.getElementById(input.dataset.errorId || `${input.id}-error`);

export function clearErrors(form) {
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  form.querySelectorAll(".field-error").forEach((slot) => (slot.textContent = ""));
  const message = form.querySelector(".form-message");
  message.hidden = true;
  message.replaceChildren();
}

// How many fields need fixing, above the form; each field's problem next to its field (problems of
// fields the form lacks are listed under that line); the focus on the first field to fix.
export function showErrors(form, error) {
  const elsewhere = [];
  let first = null;
  const named = Object.entries(error.fields);
  for (const [field, text] of named) {
    const input = inputFor(form, field);
    const slot = input && errorSlot(input);
    if (!slot) {
      elsewhere.push(el("li", { text }));
      continue;
    }
    const group = input.type === "radio" ? form.querySelectorAll(`[name="${CSS.escape(input.name)}"]`) : [input];
    group.forEach((control) => control.setAttribute("aria-invalid", "true"));
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    first ??= input;
  }
  // Bad input (the page's own checks, or a 400) is summed up; a refusal for another cause says that cause.
  const count = named.length;
  const bad = count && (error.status ?? 400) === 400;
  const summary = bad ? t(count === 1 ? "problem.summary_one" : "problem.summary", { count }) : error.message;
  const message = form.querySelector(".form-message");
  fill(message, summary, elsewhere.length ? el("ul", {}, ...elsewhere) : null);
  message.hidden = false;
  (first && !first.disabled ? first : message).focus?.();
}

// Runs a form's submit action with errors shown in the form and the button locked meanwhile.
export function handleSubmit(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("[type=submit]");
    clearErrors(form);
    // Forms marked data-checks are checked by the page first; others run their own checks in ``action``.
    const problems = "checks" in form.dataset ? check(form) : {};
    if (Object.keys(problems).length) {
      showErrors(form, { fields: problems });
      return;
    }
    button.disabled = true;
    try {
      await action(readForm(form));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (!refused(error)) showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  });
}
