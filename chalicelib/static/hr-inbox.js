// HR's inbox: the count of open items on the top bar's link, and the panel (#inbox) that lists them,
// each with its interview's details one click away and resolved in one click. The count is read again
// after every change the page makes ("showup:changed") and whenever the tab gets the focus back.

import { $, badge, el, fill } from "./dom.js";
import { tell } from "./feedback.js";
import { openDetails } from "./hr-details.js";
import { formatInstant, formatLocal } from "./hr-timeline.js";
import { label } from "./labels.js";
import { api, ApiError, may, token } from "./session.js";
import { t } from "./text.js";

// The items as last read, and the answer of the latest read only (an older one may come back later).
let items = [];
let latest = 0;

const panel = () => $("#inbox-panel");

export function startInbox() {
  // hr.js owns signing in and showing panels; the inbox follows what they change on the page: the
  // role session.js sets on <body> once someone is signed in, and the panel's own hidden attribute.
  new MutationObserver(() => (document.body.dataset.role ? refresh() : forget())).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-role"],
  });
  new MutationObserver(() => !panel().hidden && showItems()).observe(panel(), {
    attributes: true,
    attributeFilter: ["hidden"],
  });
  window.addEventListener("focus", refresh);
  document.addEventListener("showup:changed", refresh);
}

export async function refresh() {
  if (!token()) return;
  const mine = ++latest;
  let found;
  try {
    found = await api("inbox");
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (mine === latest) showProblem(t("inbox.failed", { reason: error.message }));
    return;
  }
  if (mine !== latest) return;
  showProblem("");
  items = found.items || [];
  showCount();
  if (!panel().hidden) showItems();
}

function forget() {
  latest += 1;
  items = [];
  showCount();
  $("#inbox-list").replaceChildren();
}

function showCount() {
  const count = $("#inbox-count");
  count.textContent = String(items.length);
  count.hidden = items.length === 0;
}

function showProblem(text) {
  const message = $("#inbox-message");
  message.textContent = text;
  message.hidden = !text;
}

function showItems() {
  // A refresh redraws the list: the focus stays on the same item's button if it was on one.
  const focused = document.activeElement?.closest?.("#inbox-list [data-item-id]");
  const testId = focused && document.activeElement.dataset.testid;
  fill($("#inbox-list"), ...items.map(itemRow));
  $("#inbox-empty").hidden = items.length > 0;
  if (!focused || !testId) return;
  const again = $(`#inbox-list [data-item-id="${CSS.escape(focused.dataset.itemId)}"] [data-testid="${testId}"]`);
  again?.focus();
}

function itemRow(item) {
  const interview = item.interview || {};
  const candidate = interview.candidate || "";
  const kind = label("inbox_kind", item.kind);
  const when = interview.starts_at ? formatLocal(interview.starts_at, interview.timezone) : "";
  const detail = item.detail || {};
  const open = el("button", {
    type: "button",
    class: "button small",
    "data-testid": "inbox-open",
    "aria-label": t("inbox.open_label", { candidate }),
    text: t("inbox.open"),
  });
  open.addEventListener("click", () => openDetails(item.interview_id, open));
  return el(
    "li",
    { class: "box inbox-item", "data-testid": "inbox-item", "data-item-id": item.id, "data-kind": item.kind },
    el(
      "p",
      { class: "inbox-head" },
      badge(kind, "warn"),
      el("time", { class: "sub", datetime: item.raised_at, text: formatInstant(item.raised_at) }),
    ),
    el("p", {
      class: "inbox-interview",
      text: t("inbox.interview", { candidate, position: interview.position || "", when }),
    }),
    detail.message ? el("p", { class: "sub", text: t("inbox.message", { message: detail.message }) }) : null,
    detail.email ? el("p", { class: "sub email", text: detail.email }) : null,
    detail.phone
      ? el("p", { class: "sub" }, el("a", { href: `tel:${detail.phone}`, text: detail.phone_display || detail.phone }))
      : null,
    el(
      "div",
      { class: "actions" },
      open,
      may("recruiter")
        ? el("button", {
            type: "button",
            class: "button small primary",
            "data-testid": "inbox-resolve",
            "aria-label": t("inbox.resolve_label", { kind, candidate }),
            text: t("inbox.resolve"),
            onclick: () => resolve(item),
          })
        : null,
    ),
  );
}

// Optimistic: the item leaves the list and the count at once, and comes back if ShowUp refuses.
async function resolve(item) {
  const row = $(`#inbox-list [data-item-id="${CSS.escape(item.id)}"]`);
  const next = row?.nextElementSibling || row?.previousElementSibling;
  items = items.filter((found) => found.id !== item.id);
  showItems();
  showCount();
  // The focus stays in the list, on the next item's button, or on the heading once the list is empty.
  const focusable = next && $(`#inbox-list [data-item-id="${CSS.escape(next.dataset.itemId)}"] [data-testid=inbox-resolve]`);
  (focusable || $("#inbox-title")).focus();
  const kind = label("inbox_kind", item.kind);
  const candidate = item.interview?.candidate || "";
  latest += 1;
  try {
    await api(`inbox/${encodeURIComponent(item.id)}/resolve`, { method: "POST", body: {} });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    tell(t("inbox.resolve_failed", { reason: error.message }), "error");
    await refresh();
    return;
  }
  tell(t("inbox.resolved", { kind, candidate }));
  document.dispatchEvent(new CustomEvent("showup:changed", { detail: { interview_id: item.interview_id } }));
}
