// Days, moments and time zones in the page's language: "12月3日 周四" / "Thu, Dec 3, 2026", and a zone
// as people call it beside its IANA name: "北京时间（Asia/Shanghai）".

import { label } from "./labels.js";
import { LANGUAGE, t } from "./text.js";

export function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// "2026-12-03" as e.g. "2026年12月3日周四" or "Thu, Dec 3, 2026".
export function formatDay(isoDate) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(year, month - 1, day).toLocaleDateString(LANGUAGE, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

// An instant (UTC ISO) as the browser's weekday and time, e.g. "周二 10:05" or "Tue 10:05" (put together
// here: Chinese formatting alone runs them into one word, "周二10:05").
export function formatMoment(iso) {
  const moment = new Date(iso);
  const weekday = moment.toLocaleDateString(LANGUAGE, { weekday: "short" });
  return `${weekday} ${moment.toLocaleTimeString(LANGUAGE, { hour: "2-digit", minute: "2-digit", hour12: false })}`;
}

// What people call the IANA ``zone``: the vocabulary's everyday name (北京时间), else the browser's own
// long name for it, else nothing.
export function everydayName(zone) {
  const named = label("time_zone", zone);
  if (named !== zone && named !== zone.replaceAll("_", " ")) return named;
  try {
    const parts = new Intl.DateTimeFormat(LANGUAGE, { timeZone: zone, timeZoneName: "long" }).formatToParts(new Date());
    return parts.find((part) => part.type === "timeZoneName")?.value || "";
  } catch {
    return "";
  }
}

// "北京时间（Asia/Shanghai）" / "China Standard Time (Asia/Shanghai)"; the IANA name alone when it has no other.
export function formatZone(zone) {
  const name = everydayName(zone);
  return name ? t("fields.zone_named", { name, zone }) : zone;
}

// An interview's start where it happens, with weekday and zone: "12月3日周四 14:30 北京时间（Asia/Shanghai）".
export function formatStart(startsAtUtc, zone) {
  const when = new Date(startsAtUtc).toLocaleString(LANGUAGE, {
    timeZone: zone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  return `${when} ${formatZone(zone)}`;
}
