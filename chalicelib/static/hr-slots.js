// A position's slots in their side panel, opened by "showup:slots" events ({ detail: { position, opener } }):
// each time with its seats, waitlist and state, closing one after a confirmation, and publishing another.

import { $, badge, el, fill } from "./dom.js";
import { ask, tell } from "./feedback.js";
import { handleSubmit } from "./forms.js";
import { announce, showSidePanel, startSidePanel } from "./hr-edit.js";
import { formatLocal } from "./hr-timeline.js";
import { api, ApiError, refused } from "./session.js";
import { t } from "./text.js";

const STATE_TONE = { open: "ok", full: "warn", closed: "", past: "" };

let position = null;
let opener = null;

export function startSlots() {
  startSidePanel($("#slots-panel"), $("#slots-close"), () => opener);
  document.addEventListener("showup:slots", (event) => {
    const { position: given, opener: from } = event.detail || {};
    if (given?.position_id) openSlots(given, from || document.activeElement);
  });
  handleSubmit($("#slot-form"), publishSlot);
}

// The slots of ``positionId`` as the API lists them, earliest first.
export const slotsOf = async (positionId) => (await api(slotsPath(positionId))).slots;

// A slot a candidate can book now: open, a seat free, not begun.
export const bookable = (slot) => slot.open && slot.seats_free > 0 && Date.parse(slot.starts_at_utc) > Date.now();

// "周四 2026年12月3日 10:00 (北京时间, Asia/Shanghai)": the slot's own wall clock, its weekday and zone.
export const slotTime = (slot) => formatLocal(slot.starts_at, slot.timezone);

const slotsPath = (positionId) => `positions/${encodeURIComponent(positionId)}/slots`;

async function openSlots(given, from) {
  position = given;
  opener = from;
  $("#slots-who").textContent = [given.title, given.company].filter(Boolean).join(" · ");
  const form = $("#slot-form");
  form.reset();
  $("#s-timezone").value = $("#i-timezone").value || document.body.dataset.companyTimezone;
  fill($("#slot-list"), el("li", { class: "muted", text: t("slots.loading") }));
  showSidePanel($("#slots-panel"));
  await showSlots();
}

async function showSlots() {
  let slots;
  try {
    slots = await slotsOf(position.position_id);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!refused(error)) fill($("#slot-list"), el("li", { class: "form-message", role: "alert", text: error.message }));
    return;
  }
  fill(
    $("#slot-list"),
    ...(slots.length ? slots.map(slotItem) : [el("li", { class: "muted", "data-testid": "slots-none", text: t("slots.none") })]),
  );
}

function stateOf(slot) {
  if (!slot.open) return "closed";
  if (Date.parse(slot.starts_at_utc) <= Date.now()) return "past";
  return slot.seats_free > 0 ? "open" : "full";
}

// How many wait for a seat, when the API says (a number, or the list of those waiting).
function waiting(slot) {
  const list = slot.waitlist;
  const count = Array.isArray(list) ? list.length : Number(list ?? 0);
  return count > 0 ? t("slots.waitlist", { count }) : "";
}

function slotItem(slot) {
  const state = stateOf(slot);
  const when = slotTime(slot);
  const facts = [
    t("slots.minutes", { count: slot.duration_minutes }),
    t("slots.seats", { taken: slot.seats_taken, seats: slot.seats }),
    waiting(slot),
  ].filter(Boolean);
  const place = [slot.address, slot.room].filter(Boolean).join(", ");
  return el(
    "li",
    { class: `box slot is-${state}`, "data-testid": "slot", "data-slot-id": slot.slot_id, "data-state": state },
    el("strong", { class: "slot-when", text: when }),
    el("span", { class: "sub", "data-testid": "slot-facts", text: facts.join(" · ") }),
    place ? el("span", { class: "sub", text: t("slots.place", { place }) }) : null,
    el(
      "span",
      { class: "slot-foot" },
      el("span", { "data-testid": "slot-state" }, badge(t(`slots.state_${state}`), STATE_TONE[state])),
      slot.open
        ? el("button", {
            type: "button",
            class: "button small danger",
            "data-needs": "recruiter",
            "data-testid": "slot-close",
            "aria-label": t("slots.close_for", { when }),
            text: t("slots.close"),
            onclick: () => closeSlot(slot, when),
          })
        : null,
    ),
  );
}

async function closeSlot(slot, when) {
  const sure = await ask({
    title: t("slots.close_ask", { when }),
    body: t("slots.close_explain", { taken: slot.seats_taken }),
    confirm: t("slots.close"),
    danger: true,
  });
  if (!sure) return;
  try {
    await api(`${slotsPath(position.position_id)}/${encodeURIComponent(slot.slot_id)}/close`, { method: "POST" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!refused(error)) tell(error.message, "error");
    return;
  }
  tell(t("slots.closed", { when }));
  await showSlots();
  // The button pressed is gone: the list's heading takes the focus, and the list reads the change.
  $("#slots-list-title").focus();
  announce({ slot: { ...slot, open: false } });
}

async function publishSlot(body) {
  const slot = await api(slotsPath(position.position_id), { method: "POST", body });
  tell(t("slots.published", { when: slotTime(slot), seats: slot.seats }));
  // The next time usually shares the zone, the length and the seats: only the start changes.
  $("#s-starts-at").value = "";
  await showSlots();
  announce({ slot });
}
