// Sign-in and the HR API client, the one copy both pages use (the HR page and the statistics page).
// The token is kept in sessionStorage: this tab only, so signed in on one page is signed in on the other.

import { waiting } from "./feedback.js";
import { label } from "./labels.js";
import { LANGUAGE, t } from "./text.js";

const TOKEN_KEY = "showup.hrToken";
// Roles from least to most: each may do everything the ones before it may (chalicelib/vocabulary.py).
const ROLES = ["viewer", "recruiter", "admin"];
// Deployed, the pages and the API share a stage prefix ("/api/"). This module is served from
// "<prefix>static/", so the API's root is one level up from it, whichever page imported it.
const API_ROOT = new URL("../", import.meta.url);

const $ = (selector) => document.querySelector(selector);

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || t("api.failed", { status }));
    this.status = status;
    this.fields = body.fields || {};
    // The role a route needs, when the token is good but its role is below it.
    this.needs = body.needs || "";
  }
}

// A refused token has already sent HR back to the sign-in form, which says so: nothing more to show.
export const refused = (error) =>
  error instanceof ApiError && (error.status === 401 || (error.status === 403 && !error.needs));

// Who is signed in ({holder, role, expires_at} from GET me), null when nobody is.
let who = null;

// Whether the person signed in may do what ``role`` may; pages offer only what the API would accept.
export const may = (role) => who !== null && ROLES.indexOf(who.role) >= ROLES.indexOf(role);

export const token = () => sessionStorage.getItem(TOKEN_KEY) || "";

// An HR API call's response (callers read JSON, CSV, headers); refusals and failures throw ApiError.
export async function request(path, { method = "GET", body, bearer = token() } = {}) {
  // The page's language, for the messages ShowUp writes in its answers.
  const headers = { Authorization: `Bearer ${bearer}`, "Accept-Language": LANGUAGE };
  // A FormData body (a file) goes as multipart: the browser writes its Content-Type with the boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  let response;
  const done = waiting();
  try {
    const payload = body === undefined || form ? body : JSON.stringify(body);
    response = await fetch(new URL(path, API_ROOT), { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { message: t("api.unreachable") });
  } finally {
    done();
  }
  if (response.status === 401 || response.status === 403) {
    const refusal = await response.json().catch(() => ({}));
    // A good token whose role is below the route's: its holder stays signed in and reads why.
    if (refusal.needs) throw new ApiError(response.status, refusal);
    signOut(t("sign_in.refused"));
    throw new ApiError(response.status, { message: t("sign_in.refused") });
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return response;
}

// An HR API call answered with JSON.
export async function api(path, options) {
  return (await request(path, options)).json().catch(() => ({}));
}

// ---------- Sign in / sign out ----------

let page = { check: async () => ({}), show: () => {}, clear: () => {} };

// Runs a page's sign-in form and sign-out button, and signs in again with a token kept in this tab.
// check(bearer): the page's first API call, made with the token to try; its answer goes to show(answer).
// clear(): forgets everything the page showed, for the next person at this desk.
export function startSession(pageHooks) {
  page = pageHooks;
  $("#sign-in-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", () => signOut());
  const kept = token();
  if (!kept) {
    $("#token").focus();
    return;
  }
  check(kept)
    .then(enter)
    .catch((error) => {
      if (!(error instanceof ApiError)) throw error;
      if (!refused(error)) showTokenError(error.message);
    });
}

async function signIn(event) {
  event.preventDefault();
  const input = $("#token");
  const value = input.value.trim();
  showTokenError("");
  if (!value) {
    showTokenError(t("sign_in.missing"));
    input.focus();
    return;
  }
  let answers;
  try {
    answers = await check(value);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!refused(error)) showTokenError(error.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, value);
  input.value = "";
  enter(answers);
}

// The page's first call and who the token is for, together.
const check = (bearer) => Promise.all([page.check(bearer), api("me", { bearer })]);

function enter([answer, me]) {
  who = me;
  // base.css hides every [data-needs] control above this role.
  document.body.dataset.role = me.role;
  const badge = $("#signed-in-as");
  badge.textContent = `${me.holder} · ${label("role", me.role)}`;
  badge.hidden = false;
  $("#sign-in-panel").hidden = true;
  $("#sign-out").hidden = false;
  page.show(answer);
}

export function signOut(reason = "") {
  sessionStorage.removeItem(TOKEN_KEY);
  page.clear();
  who = null;
  delete document.body.dataset.role;
  $("#signed-in-as").hidden = true;
  $("#sign-out").hidden = true;
  $("#sign-in-panel").hidden = false;
  showTokenError(reason);
  $("#token").focus();
}

function showTokenError(text) {
  const input = $("#token");
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  $("#token-error").textContent = text;
}
