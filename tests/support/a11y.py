"""The accessibility check of a page: axe-core run inside it, from the copy a test requirement ships.

axe-core (MPL-2.0, its licence header kept in the file) comes with the PyPI package
``axe-playwright-python``; nothing is fetched at test time. The script goes in through Playwright's
``evaluate``, which the pages' Content-Security-Policy does not govern, so the pages are checked
under the policy they are served with.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

# What fails a page; "moderate" and "minor" findings are advice, read them in the browser's tools.
BLOCKING = ("serious", "critical")
# Only what a rule found wrong: passes and "needs review" make the answer ten times larger.
OPTIONS = {"resultTypes": ["violations"]}


@cache
def axe_script() -> str:
    """axe.min.js as the package ships it, licence header first."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def violations(page: Any, context: str | None = None) -> list[dict[str, Any]]:
    """The serious and critical violations axe finds in ``page`` (or in the part ``context`` selects)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    found = page.evaluate(
        "([context, options]) => axe.run(context ?? document, options).then((results) => results.violations)",
        [context, OPTIONS],
    )
    return [violation for violation in found if violation["impact"] in BLOCKING]


def report(found: list[dict[str, Any]]) -> str:
    """One line per element at fault: rule, impact, where, what to do, and axe's reason for it."""
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            reason = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(
                f"{violation['id']} ({node.get('impact') or violation['impact']}) at {target}: "
                f"{violation['help']}. {reason}"
            )
    return "\n".join(lines)


def assert_accessible(page: Any, context: str | None = None, *, where: str = "") -> None:
    """Fail with a readable list when axe finds a serious or critical violation in ``page``."""
    found = violations(page, context)
    heading = f"Accessibility violations on {where or page.url}:"
    assert not found, f"{heading}\n{report(found)}"
