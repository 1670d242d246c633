// ShowUp statistics dashboard: figures, charts and CSV export over the HR JSON API.
// Inlined by dashboard.html under a nonce-based CSP. Figures go into the page as text; the charts
// are SVG drawn by ShowUp itself, parsed as SVG (never as HTML) before they are shown.
"use strict";

(() => {
  // The HR page keeps the token under this key: signed in there, signed in here (same tab).
  const TOKEN_KEY = "showup.hrToken";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const ROWS = [
    ["scheduled", "Scheduled"],
    ["notified", "Notified"],
    ["reminded", "Reminded"],
    ["confirmed", "Confirmed"],
    ["declined", "Declined"],
    ["attended", "Attended"],
    ["no_show", "No-shows"],
    ["cancelled", "Cancelled"],
    ["rescheduled", "Rescheduled"],
    ["bounced", "Emails bounced"],
    ["no_show_rate", "No-show rate", true],
    ["confirmation_rate", "Confirmation rate", true],
  ];
  const TILES = [
    ["scheduled", "Interviews"],
    ["attended", "Attended"],
    ["no_show", "No-shows"],
    ["no_show_rate", "No-show rate", true],
    ["confirmation_rate", "Confirmation rate", true],
  ];

  const $ = (selector) => document.querySelector(selector);
  const token = () => sessionStorage.getItem(TOKEN_KEY) || "";
  let request = 0;

  class ApiError extends Error {
    constructor(status, body) {
      super(body.message || `ShowUp answered ${status}`);
      this.status = status;
      this.fields = body.fields || {};
    }
  }

  // Relative paths: deployed, the page and the API share the stage prefix ("/api/dashboard").
  async function call(path, bearer = token()) {
    let response;
    try {
      response = await fetch(path, { headers: { Authorization: `Bearer ${bearer}` } });
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

  // Rounded as the charts round (halves to even, Python's round), so a tile never disagrees with a chart.
  function percent(rate) {
    if (rate === null || rate === undefined) return "–";
    const scaled = rate * 100;
    const floor = Math.floor(scaled);
    const whole = scaled - floor === 0.5 ? floor + (floor % 2) : Math.round(scaled);
    return `${whole}%`;
  }
  const shown = (value, isRate) => (isRate ? percent(value) : String(value));

  function el(tag, text) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function message(text) {
    const box = $("#stats-message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  // ---------- Sign in / out ----------

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    $("#dashboard").hidden = true;
    $("#sign-out").hidden = true;
    $("#charts").replaceChildren();
    $("#tiles").replaceChildren();
    $("#stats-body").replaceChildren();
    $("#sign-in-panel").hidden = false;
    const input = $("#token");
    $("#token-error").textContent = reason || "";
    if (reason) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    input.focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const value = $("#token").value.trim();
    if (!value) {
      $("#token-error").textContent = "Enter your HR access token.";
      $("#token").setAttribute("aria-invalid", "true");
      $("#token").focus();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $("#token").value = "";
    await show();
  }

  function enter() {
    $("#sign-in-panel").hidden = true;
    $("#dashboard").hidden = false;
    $("#sign-out").hidden = false;
  }

  // ---------- Figures and charts ----------

  async function show() {
    const period = $("#period").value;
    const day = $("#date").value || document.body.dataset.today;
    const mine = ++request;
    // Shown at once so an error has somewhere to appear; a refused token signs out again.
    enter();
    message("");
    $("#stats-summary").textContent = "Loading…";
    let data;
    try {
      const response = await call(`stats/charts?period=${encodeURIComponent(period)}&date=${encodeURIComponent(day)}`);
      data = await response.json();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401 || error.status === 403) return;
      if (mine === request) {
        $("#stats-summary").textContent = "";
        message(error.message);
      }
      return;
    }
    if (mine !== request) return; // a newer choice is already on its way
    const stats = data.stats;
    $("#stats-summary").textContent =
      stats.start === stats.end ? `${stats.label}` : `${stats.label}: ${stats.start} to ${stats.end}`;
    renderTiles(stats);
    renderCharts(data.charts);
    renderTable(stats);
  }

  function renderTiles(stats) {
    $("#tiles").replaceChildren(
      ...TILES.map(([key, label, isRate]) => {
        const tile = el("div");
        tile.append(el("dt", label), el("dd", shown(stats[key], isRate)));
        return tile;
      }),
    );
  }

  function renderCharts(charts) {
    const figures = charts.map((chart) => {
      const figure = el("figure");
      figure.className = "chart";
      figure.dataset.chart = chart.id;
      figure.append(el("h2", chart.title));
      const svg = parseSvg(chart.svg);
      if (svg) figure.append(svg);
      return figure;
    });
    $("#charts").replaceChildren(...figures);
  }

  function parseSvg(text) {
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = parsed.documentElement;
    if (root.namespaceURI !== SVG_NS || root.localName !== "svg" || parsed.querySelector("parsererror")) return null;
    // Charts hold shapes and text only; anything active would be a mistake, so it never runs.
    root.querySelectorAll("script, foreignObject").forEach((node) => node.remove());
    return document.importNode(root, true);
  }

  function renderTable(stats) {
    const columns = [
      stats,
      stats.by_mode.notification,
      stats.by_mode.invitation,
      stats.by_channel.email,
      stats.by_channel["email+sms"],
    ];
    $("#stats-body").replaceChildren(
      ...ROWS.map(([key, label, isRate]) => {
        const row = el("tr");
        const head = el("th", label);
        head.scope = "row";
        row.append(head, ...columns.map((column) => el("td", shown(column[key], isRate))));
        return row;
      }),
    );
  }

  // ---------- CSV ----------

  async function download(event) {
    event.preventDefault();
    const form = event.currentTarget;
    form.querySelectorAll(".field-error").forEach((node) => (node.textContent = ""));
    const params = new URLSearchParams({ period: $("#period").value });
    const from = $("#export-from").value;
    const to = $("#export-to").value;
    if (from) params.set("from", from);
    if (to) params.set("to", to);
    const button = form.querySelector("[type=submit]");
    button.disabled = true;
    try {
      const response = await call(`stats.csv?${params}`);
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "showup-stats.csv";
      const link = el("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401 || error.status === 403) return;
      const fields = Object.entries(error.fields);
      for (const [field, text] of fields) {
        const slot = $(`#export-${field}-error`);
        if (slot) slot.textContent = `${field === "from" ? "From" : "To"} ${text}`;
      }
      if (!fields.length) message(error.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---------- Start ----------

  $("#sign-in-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", () => signOut());
  $("#period-form").addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });
  $("#period").addEventListener("change", () => show());
  $("#date").addEventListener("change", () => show());
  $("#export-form").addEventListener("submit", download);
  if (!$("#date").value) $("#date").value = document.body.dataset.today;

  if (token()) show();
  else $("#token").focus();
})();
