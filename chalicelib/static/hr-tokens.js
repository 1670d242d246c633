// People and tokens on the HR page, for admins: mint a token for someone, see every token, revoke one.
// The API holds the rule (GET/POST tokens, DELETE tokens/{id} are an admin's); this only offers it.

import { $, badge, el, fill } from "./dom.js";
import { formatDay } from "./dates.js";
import { ask, tell } from "./feedback.js";
import { handleSubmit } from "./forms.js";
import { label } from "./labels.js";
import { api, ApiError, may, refused } from "./session.js";
import { t } from "./text.js";

export function startTokens() {
  handleSubmit($("#token-form"), mintToken);
}

// The list of tokens, when the person signed in may manage them.
export async function loadTokens() {
  if (!may("admin")) return;
  let listed;
  try {
    listed = await api("tokens");
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!refused(error)) $("#token-list").replaceChildren(el("li", { text: t("tokens.cannot_list", { problem: error.message }) }));
    return;
  }
  $("#token-list").replaceChildren(...listed.tokens.map(tokenItem));
}

// Forgets the list and any token shown once, for the next person at this desk.
export function clearTokens() {
  $("#token-list").replaceChildren();
  $("#token-result").replaceChildren();
}

function tokenItem(token) {
  const over = new Date(token.expires_at) <= new Date();
  const state = token.revoked
    ? badge(t("tokens.revoked"), "bad")
    : over
      ? badge(t("tokens.expired"), "")
      : badge(t("tokens.active"), "ok");
  const until = t("tokens.until", { role: label("role", token.role), day: formatDay(token.expires_at.slice(0, 10)) });
  return el(
    "li",
    { class: "box", "data-testid": "token-item", "data-token-id": token.token_id },
    el("strong", { text: token.holder }),
    el("span", { class: "sub", text: until }),
    state,
    token.revoked
      ? null
      : el("button", { type: "button", class: "button small danger", text: t("tokens.revoke"), onclick: () => revoke(token) }),
  );
}

async function mintToken(body) {
  const minted = await api("tokens", { method: "POST", body });
  $("#token-form").reset();
  const box = $("#token-result");
  fill(
    box,
    el("h2", { text: t("tokens.minted", { holder: minted.holder, role: label("role", minted.role) }) }),
    el("p", { text: t("tokens.copy_now") }),
    el("code", { class: "token-once", "data-testid": "minted-token", text: minted.token }),
  );
  box.hidden = false;
  tell(t("tokens.minted_done", { holder: minted.holder }));
  await loadTokens();
}

async function revoke(token) {
  const sure = await ask({
    title: t("tokens.ask_revoke", { holder: token.holder }),
    body: t("tokens.ask_revoke_body"),
    confirm: t("tokens.revoke"),
    danger: true,
  });
  if (!sure) return;
  try {
    await api(`tokens/${encodeURIComponent(token.token_id)}`, { method: "DELETE" });
    tell(t("tokens.revoked_done", { holder: token.holder }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (refused(error)) return;
  }
  await loadTokens();
}
