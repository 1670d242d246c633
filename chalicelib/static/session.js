// Sign-in and the HR API client, the one copy both pages use (the HR page and the statistics page).
// The token is kept in sessionStorage: this tab only, so signed in on one page is signed in on the other.

const TOKEN_KEY = "showup.hrToken";
// Deployed, the pages and the API share a stage prefix ("/api/"). This module is served from
// "<prefix>static/", so the API's root is one level up from it, whichever page imported it.
const API_ROOT = new URL("../", import.meta.url);

const $ = (selector) => document.querySelector(selector);

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `ShowUp answered ${status}`);
    this.status = status;
    this.fields = body.fields || {};
  }
}

// A refused token has already sent HR back to the sign-in form, which says so: nothing more to show.
export const refused = (error) => error instanceof ApiError && (error.status === 401 || error.status === 403);

export const token = () => sessionStorage.getItem(TOKEN_KEY) || "";

// An HR API call's response (callers read JSON, CSV, headers); refusals and failures throw ApiError.
export async function request(path, { method = "GET", body, bearer = token() } = {}) {
  const headers = { Authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    response = await fetch(new URL(path, API_ROOT), { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { message: "Could not reach ShowUp. Check the connection and try again." });
  }
  if (response.status === 401 || response.status === 403) {
    signOut("token not accepted");
    throw new ApiError(response.status, { message: "token not accepted" });
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
  page
    .check(kept)
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
    showTokenError("Enter your HR access token.");
    input.focus();
    return;
  }
  let answer;
  try {
    answer = await page.check(value);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!refused(error)) showTokenError(error.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, value);
  input.value = "";
  enter(answer);
}

function enter(answer) {
  $("#sign-in-panel").hidden = true;
  $("#sign-out").hidden = false;
  page.show(answer);
}

export function signOut(reason = "") {
  sessionStorage.removeItem(TOKEN_KEY);
  page.clear();
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
