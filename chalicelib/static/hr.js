// The HR page: sign in, then positions, scheduling and the day's interviews over the HR JSON API.

import { $ } from "./dom.js";
import { localToday } from "./dates.js";
import { startCalls } from "./hr-call.js";
import { startDetails } from "./hr-details.js";
import { clearImport, showImportPositions, startImport } from "./hr-import.js";
import { startInbox } from "./hr-inbox.js";
import { loadInterviews, startInterviews } from "./hr-interviews.js";
import { showPositions, startPositions } from "./hr-positions.js";
import { startScheduling } from "./hr-schedule.js";
import { startSlots } from "./hr-slots.js";
import { clearTokens, loadTokens, startTokens } from "./hr-tokens.js";
import { api, may, startSession, token } from "./session.js";

function enterApp({ positions }) {
  $(".nav").hidden = false;
  $("#day").value ||= localToday();
  $("#i-timezone").value ||= Intl.DateTimeFormat().resolvedOptions().timeZone || document.body.dataset.companyTimezone;
  showPositions(positions);
  showImportPositions(positions);
  showPanel();
  loadInterviews();
  loadTokens();
}

// Candidate details stay on screen otherwise; cleared for the next person at this desk.
function leaveApp() {
  document.querySelectorAll("form").forEach((form) => form.reset());
  $("#interviews-body").replaceChildren();
  $("#position-list").replaceChildren();
  document.querySelectorAll(".result").forEach((box) => (box.hidden = true));
  document.querySelectorAll("[data-panel]").forEach((panel) => (panel.hidden = true));
  document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
  $("#call-script").replaceChildren();
  $("#call-result").replaceChildren();
  clearTokens();
  clearImport();
  $(".nav").hidden = true;
}

// The panel the address names (#schedule, #positions), the interviews otherwise.
function showPanel() {
  if (!token()) return;
  const panels = [...document.querySelectorAll("[data-panel]")].filter((panel) => may(panel.dataset.needs || "viewer"));
  const wanted = location.hash.slice(1);
  const current = panels.find((panel) => panel.dataset.panel === wanted) || panels[0];
  panels.forEach((panel) => (panel.hidden = panel !== current));
  document.querySelectorAll("[data-panel-link]").forEach((link) => {
    if (link.dataset.panelLink === current.dataset.panel) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
}

startPositions();
startScheduling(loadInterviews);
startInterviews();
startCalls(loadInterviews);
startTokens();
startDetails();
startInbox();
startSlots();
startImport();
window.addEventListener("hashchange", showPanel);
startSession({
  check: (bearer) => api("positions", { bearer }),
  show: enterApp,
  clear: leaveApp,
});
