"""The pages' scripts and stylesheets: served under hashed names for a year, and nothing inline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import vocabulary
from chalicelib.api.assets import STATIC, Assets, assets
from chalicelib.api.pages import IMMUTABLE, root_from
from chalicelib.vocabulary import InterviewStatus, NoticeStatus, WarningCode

PAGES = ("/", "/dashboard")
# What each page is made of; a page names nothing else from static/.
ENTRIES = {"/": ("base.css", "hr.css", "hr.js"), "/dashboard": ("base.css", "stats.css", "stats.js")}
HASHED = re.compile(r"^[\w-]+\.[0-9a-f]{10}\.(js|css)$")


@pytest.fixture
def client() -> Iterator[Client]:
    from app import app

    with Client(app, stage_name="test") as test_client:
        yield test_client


def text(response: Any) -> str:
    return response.body.decode("utf-8") if isinstance(response.body, bytes) else str(response.body)


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(static/[^"]+)"', html)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_runs_only_our_own_files_and_nothing_inline(client: Client, path: str) -> None:
    response = client.http.get(path)

    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'none'"
    assert "unsafe-inline" not in policy and "nonce" not in policy
    html = text(response)
    assert "<style" not in html and " style=" not in html
    script = f"static/{assets().name(ENTRIES[path][-1])}"
    assert re.findall(r"<script[^>]*>", html) == [f'<script type="module" src="{script}">']


@pytest.mark.parametrize("path", PAGES)
def test_a_page_names_only_hashed_files_that_are_served_for_a_year(client: Client, path: str) -> None:
    urls = static_urls(text(client.http.get(path)))

    names = [url.removeprefix("static/") for url in urls]
    assert all(HASHED.match(name) for name in names), names
    assert {assets().name(entry) for entry in ENTRIES[path]} <= set(names)
    for url in urls:
        served = client.http.get(f"/{url}")
        assert served.status_code == 200, url
        assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        kind = "text/javascript" if url.endswith(".js") else "text/css"
        assert served.headers["Content-Type"] == f"{kind}; charset=utf-8"


def test_a_page_preloads_every_module_its_script_imports(client: Client) -> None:
    html = text(client.http.get("/"))

    preloaded = set(re.findall(r'<link rel="modulepreload" href="static/([^"]+)">', html))
    files = assets()
    assert preloaded == {name for name in files.module_graph("hr.js") if name.endswith(".js")}
    assert files.name("session.js") in preloaded


def test_an_unchanged_page_is_answered_304_without_a_body(client: Client) -> None:
    first = client.http.get("/dashboard")

    again = client.http.get("/dashboard", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert not again.body
    assert again.headers["ETag"] == first.headers["ETag"]
    assert client.http.get("/dashboard", headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.parametrize("name", ["hr.js", "hr.0123456789.js", "nothing.0123456789.css", "..%2Fapp.py"])
def test_an_unhashed_outdated_or_unknown_name_is_a_404(client: Client, name: str) -> None:
    response = client.http.get(f"/static/{name}")

    assert response.status_code == 404
    assert "Cache-Control" not in response.headers


def test_an_outdated_hash_of_a_real_file_is_a_404(client: Client) -> None:
    current = assets().name("session.js")
    outdated = re.sub(r"\.[0-9a-f]{10}\.", ".0000000000.", current)

    assert client.http.get(f"/static/{current}").status_code == 200
    assert client.http.get(f"/static/{outdated}").status_code == 404


def test_modules_import_each_other_by_hashed_name() -> None:
    files = assets()
    for path in STATIC.glob("*.js"):
        body = files.served(files.name(path.name))
        assert body is not None
        imported = re.findall(r'from "\./([^"]+)"', body.body)
        assert all(files.served(name) for name in imported), (path.name, imported)


def test_one_module_signs_in_and_calls_the_api_for_both_pages() -> None:
    # Comments aside: labels.js says how it will fetch the vocabulary one day.
    code = re.compile(r"^\s*//.*$", re.M)
    sources = {path.name: code.sub("", path.read_text(encoding="utf-8")) for path in STATIC.glob("*.js")}
    owners = {
        marker: sorted(name for name, source in sources.items() if marker in source)
        for marker in ("sessionStorage", "class ApiError", "fetch(", "#sign-in-form", "Authorization")
    }

    assert owners == {marker: ["session.js"] for marker in owners}
    for page in ("hr.js", "stats.js"):
        assert re.search(r'import \{[^}]*\bstartSession\b[^}]*\} from "\./session\.js";', sources[page]), page


def test_the_browser_gets_its_labels_from_the_vocabulary_and_keeps_no_copy(client: Client) -> None:
    files = assets()
    labels = files.served(files.name("labels.js"))
    assert labels is not None
    (imported,) = re.findall(r'from "\./(vocabulary\.[0-9a-f]{10}\.json)" with \{ type: "json" \};', labels.body)
    response = client.http.get(f"/static/{imported}")

    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert json.loads(response.body) == vocabulary.as_json()
    # No module spells a label of its own: the value lists live only in the vocabulary.
    for path in STATIC.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        for enum in (InterviewStatus, NoticeStatus, WarningCode):
            spelled = [member.label("en") for member in enum if f'"{member.label("en")}"' in source]
            assert spelled == [], (path.name, spelled)


def test_the_hr_page_at_the_stage_root_without_its_slash_names_files_under_the_stage() -> None:
    def request(path: str) -> Any:
        return SimpleNamespace(context={"path": path})

    assert root_from(request("/api")) == "api/"
    assert root_from(request("/api/")) == ""
    assert root_from(request("/")) == ""


def test_a_change_in_an_imported_module_renames_the_modules_that_import_it() -> None:
    before = Assets({"page.js": 'import { a } from "./lib.js";\n', "lib.js": "export const a = 1;\n"})
    after = Assets({"page.js": 'import { a } from "./lib.js";\n', "lib.js": "export const a = 2;\n"})

    assert before.name("lib.js") != after.name("lib.js")
    assert before.name("page.js") != after.name("page.js")
    served = before.served(before.name("page.js"))
    assert served is not None and served.body == f'import {{ a }} from "./{before.name("lib.js")}";\n'


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"a.js": 'import "./b.js";\n', "b.js": ""}, "other than by"),
        ({"a.js": 'export { b } from "./b.js";\n'}, "not in chalicelib/static"),
        ({"a.js": 'import { b } from "./b.js";\n', "b.js": 'import { a } from "./a.js";\n'}, "cycle"),
    ],
)
def test_modules_that_could_not_be_served_by_hash_are_refused(files: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Assets(files)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_speaks_the_company_language_until_the_switch_picks_the_other(client: Client, path: str) -> None:
    first = client.http.get(path)
    assert '<html lang="zh-CN">' in text(first)
    assert "登录" in text(first)
    assert "set-cookie" not in {name.lower() for name in first.headers}

    picked = client.http.get(f"{path}?lang=en")
    assert '<html lang="en">' in text(picked)
    assert "Sign in" in text(picked)
    assert picked.headers["Set-Cookie"].startswith("showup_lang=en; Path=/;")
    assert picked.headers["Vary"] == "Cookie"

    kept = client.http.get(path, headers={"Cookie": "other=1; showup_lang=en"})
    assert '<html lang="en">' in text(kept)
    # A cookie ShowUp never wrote reads as no choice at all.
    odd = client.http.get(path, headers={"Cookie": "showup_lang=fr"})
    assert '<html lang="zh-CN">' in text(odd)


@pytest.mark.parametrize("path", sorted(STATIC.glob("*.css")), ids=lambda path: path.name)
def test_every_stylesheet_closes_each_block_it_opens(path: Any) -> None:
    # A lost "}" makes the browser read the rest of the file as part of one rule, silently.
    depth = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{path.name}:{number} closes a block never opened"
    assert depth == 0
