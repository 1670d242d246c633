// People and tokens on the HR page, for admins: mint a token for someone, see every token, revoke one.
// The API holds the rule (GET/POST tokens, DELETE tokens/{id} are an admin's); this only offers it.

import { $, badge, el, fill } from "./dom.js";
import { formatDay } from "./dates.js";
import { handleSubmit } from "./forms.js";
import { label } from "./labels.js";
import { api, ApiError, may, refused } from "./session.js";

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
    if (!refused(error)) $("#token-list").replaceChildren(el("li", { text: `Could not list tokens: ${error.message}` }));
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
  const state = token.revoked ? badge("Revoked", "bad") : over ? badge("Expired", "") : badge("Active", "ok");
  return el(
    "li",
    { class: "box", "data-testid": "token-item", "data-token-id": token.token_id },
    el("strong", { text: token.holder }),
    el("span", { class: "sub", text: `${label("role", token.role)} · until ${formatDay(token.expires_at.slice(0, 10))}` }),
    state,
    token.revoked
      ? null
      : el("button", { type: "button", class: "button small danger", text: "Revoke", onclick: () => revoke(token) }),
  );
}

async function mintToken(body) {
  const minted = await api("tokens", { method: "POST", body });
  $("#token-form").reset();
  const box = $("#token-result");
  fill(
    box,
    el("h2", { text: `Token for ${minted.holder}, ${label("role", minted.role)}` }),
    el("p", { text: "Copy it now and hand it over in person: it is shown only this once." }),
    el("code", { class: "token-once", "data-testid": "minted-token", text: minted.token }),
  );
  box.hidden = false;
  await loadTokens();
}

async function revoke(token) {
  if (!confirm(`Revoke the token of ${token.holder}? It stops working within a minute.`)) return;
  try {
    await api(`tokens/${encodeURIComponent(token.token_id)}`, { method: "DELETE" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (refused(error)) return;
  }
  await loadTokens();
}
