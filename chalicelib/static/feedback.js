// How the pages answer: a spinner while ShowUp takes longer than 300 ms, a short message after each
// action, and a confirmation dialog that says what will happen (never the browser's bare confirm()).

import { $, el } from "./dom.js";
import { t } from "./text.js";

// Quicker answers show nothing: a spinner that flashes reads as a glitch.
const SPINNER_AFTER_MS = 300;
const MESSAGE_FOR_MS = 5000;

let pending = 0;
let spinnerTimer = null;

// Call around every wait on ShowUp; the returned function ends the wait.
export function waiting() {
  pending += 1;
  if (pending === 1) spinnerTimer = setTimeout(() => showBusy(true), SPINNER_AFTER_MS);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pending -= 1;
    if (pending === 0) {
      clearTimeout(spinnerTimer);
      showBusy(false);
    }
  };
}

function showBusy(busy) {
  const spinner = $("#busy");
  if (spinner) spinner.hidden = !busy;
  if (busy) document.body.setAttribute("aria-busy", "true");
  else document.body.removeAttribute("aria-busy");
}

// A short message that something worked (tone "ok") or did not ("error"), read out by screen readers.
export function tell(message, tone = "ok") {
  const region = $("#toasts");
  if (!region) return;
  const toast = el(
    "p",
    { class: `toast ${tone}`, "data-testid": "toast" },
    el("span", { text: message }),
    el("button", { type: "button", class: "toast-close", "aria-label": t("page.dismiss"), text: "×", onclick: () => toast.remove() }),
  );
  region.append(toast);
  setTimeout(() => toast.remove(), tone === "error" ? MESSAGE_FOR_MS * 2 : MESSAGE_FOR_MS);
}

// Asks before an action: resolves true when the person confirms, false when they go back (Esc too).
// ``details`` are lines shown under the question (e.g. the warnings a notice goes out despite).
export function ask({ title, body, details = [], confirm, danger = false }) {
  const dialog = $("#ask-dialog");
  $("#ask-title").textContent = title;
  $("#ask-body").textContent = body;
  $("#ask-details").replaceChildren(...details.map((line) => el("li", { text: line })));
  $("#ask-details").hidden = details.length === 0;
  const yes = $("#ask-confirm");
  yes.textContent = confirm;
  yes.className = `button ${danger ? "danger" : "primary"}`;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    // The safe choice has the focus: Enter alone must not cancel an interview.
    $("#ask-cancel").focus();
  });
}
