// The HR pages' words in the page's language (chalicelib/text/, served as text.json): t("sign_in.title"),
// t("api.failed", { status: 502 }). The page's <html lang> is the language the server chose.
import TEXT from "./text.json" with { type: "json" };

export const LANGUAGE = document.documentElement.lang === "en" ? "en" : "zh-CN";

export function t(key, values = {}) {
  const entry = TEXT[key];
  if (!entry) {
    console.error(`ShowUp has no words for "${key}"`);
    return key;
  }
  return entry[LANGUAGE].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
