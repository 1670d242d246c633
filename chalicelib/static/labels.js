// What the pages call ShowUp's codes (statuses, modes, channels, warnings, measures): the labels come
// from the server's vocabulary (chalicelib/vocabulary.py), served as a JSON module, so that no page
// module spells a label and the browser holds no copy of its own.
import VOCABULARY from "./vocabulary.json" with { type: "json" };

const LANGUAGE = document.documentElement.lang || "en";

const labels = new Map(
  Object.entries(VOCABULARY.enums).map(([name, entries]) => [
    name,
    new Map(entries.map((entry) => [entry.value, entry.label[LANGUAGE] ?? entry.label.en])),
  ]),
);

// A code outside the vocabulary (a position's field, a risk factor) read as words: "salary_max" → "salary max".
export const humanize = (code) => String(code || "").replaceAll("_", " ");

// What a person reads for ``value`` of the enum ``name``.
export const label = (name, value) => labels.get(name)?.get(value) ?? humanize(value);

// The values of the enum ``name``, in the vocabulary's order.
export const values = (name) => [...(labels.get(name)?.keys() ?? [])];
