// What the page can tell is wrong with a form before sending it, every problem at once, in the words the
// server uses for the same problem (chalicelib/text/problems.py). The server checks everything again.

import { t } from "./text.js";

// Something a mail server takes: one @, no spaces, a dot in the domain. The server's rule is stricter.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;
const FULL_WIDTH_DIGITS = /[０-９]/g;

// An amount as typed ("15000", "15,000", "１５０００", "1.5万", "15k") as a whole number, or null.
export function amount(raw) {
  const text = raw
    .replace(FULL_WIDTH_DIGITS, (digit) => String(digit.charCodeAt(0) - 0xff10))
    .replace(/[\s,，_]|元$/g, "");
  const found = /^(-?\d+(?:\.\d+)?)(万|[kK])?$/.exec(text);
  if (!found) return null;
  const value = Number(found[1]) * (found[2] === "万" ? 10000 : found[2] ? 1000 : 1);
  return Number.isInteger(value) ? value : null;
}

const digits = (text) => text.replace(/\D/g, "").length;
const bound = (value) => (value === undefined || value === "" ? null : Number(value));

// The problem of one control's text, or "" when the page sees none. A control marked
// data-needed-by="<checkbox id>" is required while that box is ticked (a phone for texts).
function problemOf(control, raw) {
  if (raw === "") {
    if (control.dataset.neededBy && document.getElementById(control.dataset.neededBy)?.checked) {
      return t(`problem.${control.dataset.neededProblem || "required"}`);
    }
    if (!control.required) return "";
    return t(control.tagName === "SELECT" ? "problem.choose" : "problem.required");
  }
  const kind = control.dataset.kind;
  let number = null;
  if (kind === "amount") {
    number = amount(raw);
    if (number === null) return t(control.dataset.salary === "true" ? "problem.salary_in_words" : "problem.not_a_number");
  } else if (kind === "int") {
    if (!/^-?\d+$/.test(raw)) return t("problem.not_a_whole_number");
    number = Number(raw);
  }
  if (number !== null) {
    const min = bound(control.dataset.min ?? control.min);
    const max = bound(control.dataset.max ?? control.max);
    if (min !== null && number < min) return t("problem.too_small", { min });
    if (max !== null && number > max) return t("problem.too_large", { max });
  }
  if (control.type === "email" && !EMAIL_SHAPE.test(raw)) return t("problem.invalid_email");
  if (control.type === "tel" && (!PHONE_CHARACTERS.test(raw) || digits(raw) < 7 || digits(raw) > 15)) {
    return t("problem.invalid_phone");
  }
  if (control.type === "url" && !/^https?:\/\/\S+\.\S+$/.test(raw)) return t("problem.invalid_website");
  if (kind === "currency" && !/^[A-Za-z]{3}$/.test(raw)) return t("problem.invalid_currency");
  if (control.name === "timezone" && !knownZone(raw)) return t("problem.invalid_timezone");
  return "";
}

function knownZone(zone) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Every problem the page can see in ``form``, by field name: {salary_max: "最高薪资不能低于最低薪资。"}.
// Controls that are hidden or disabled are not asked for.
export function check(form) {
  const found = {};
  for (const control of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (control.disabled || control.closest("[hidden]") || ["checkbox", "radio"].includes(control.type)) continue;
    const problem = problemOf(control, control.value.trim());
    if (problem) found[control.name] = problem;
  }
  // A salary range upside down: said on its top, as the server says it.
  for (const top of form.querySelectorAll("[data-at-least]")) {
    const bottom = form.querySelector(`[name="${CSS.escape(top.dataset.atLeast)}"]`);
    if (!bottom || found[top.name] || found[bottom.name]) continue;
    const [low, high] = [amount(bottom.value.trim()), amount(top.value.trim())];
    if (low !== null && high !== null && high < low) found[top.name] = t("problem.salary_range");
  }
  return found;
}
