"""The browser's files (``chalicelib/static``), each served under a name that carries its content's hash.

A page names ``hr.3f2a9c1b0d.js``; the browser keeps it for a year, and any change makes a new name.
ES modules import each other by hashed name too: ``from "./session.js"`` is served as
``from "./session.<hash>.js"``, so a module's hash covers every module it imports. The files are
read and hashed once per process, on first use (never at import: every Lambda imports app.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
# The one way the modules import each other: `... from "./session.js";` (and JSON modules,
# `... from "./vocabulary.json" with { type: "json" };`).
IMPORT = re.compile(r'(?<=from ")\./([\w-]+\.(?:js|json))(?=")')
# Any quoted "./name.js": a specifier IMPORT does not see would reach the browser unhashed.
SPECIFIER = re.compile(r'["\'`]\./[\w-]+\.(?:js|json)["\'`]')
# Served as if they were files: the vocabulary's labels and the pages' words, so that no module keeps a copy.
VOCABULARY = "vocabulary.json"
TEXT = "text.json"


@dataclass(frozen=True)
class Asset:
    """One file as served: its hashed name, its text and the modules it imports (their file names)."""

    name: str
    body: str
    content_type: str
    imports: tuple[str, ...]


class Assets:
    """Every static file by its own name and by its hashed name."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self._by_file: dict[str, Asset] = {}
        for file in sorted(sources):
            self._build(file, ())
        self._by_name = {asset.name: asset for asset in self._by_file.values()}

    def _build(self, file: str, importers: tuple[str, ...]) -> Asset:
        if file in self._by_file:
            return self._by_file[file]
        if file in importers:
            # A hash must cover the hashes of what a module imports, which a cycle makes impossible.
            raise ValueError(f"static modules import each other in a cycle: {' -> '.join((*importers, file))}")
        if file not in self._sources:
            raise ValueError(f"{importers[-1]} imports {file}, which is not in chalicelib/static")
        text = self._sources[file]
        imports = tuple(dict.fromkeys(IMPORT.findall(text))) if file.endswith(".js") else ()
        if file.endswith(".js") and len(SPECIFIER.findall(text)) != len(IMPORT.findall(text)):
            raise ValueError(f'{file} names a module other than by `from "./name.js";`')
        served = {name: self._build(name, (*importers, file)).name for name in imports}
        body = IMPORT.sub(lambda match: f"./{served[match.group(1)]}", text)
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
        path = Path(file)
        asset = Asset(f"{path.stem}.{digest}{path.suffix}", body, CONTENT_TYPES[path.suffix], imports)
        self._by_file[file] = asset
        return asset

    def name(self, file: str) -> str:
        """The hashed name ``file`` is served under (``hr.js`` -> ``hr.3f2a9c1b0d.js``)."""
        return self._by_file[file].name

    def served(self, name: str) -> Asset | None:
        """The file served under the hashed ``name``; None for unknown or outdated names."""
        return self._by_name.get(name)

    def module_graph(self, entry: str) -> list[str]:
        """The hashed names of every module ``entry`` imports, directly or not (to preload them at once)."""
        found: dict[str, None] = {}
        pending = list(self._by_file[entry].imports)
        while pending:
            file = pending.pop(0)
            if file not in found:
                found[file] = None
                pending += self._by_file[file].imports
        return [self._by_file[file].name for file in found]


@functools.cache
def assets() -> Assets:
    """The static files, the vocabulary and the pages' words, read and hashed on first use."""
    from chalicelib.text import catalogue
    from chalicelib.vocabulary import as_json

    files = {path.name: path.read_text(encoding="utf-8") for path in STATIC.iterdir() if path.suffix in CONTENT_TYPES}
    for name, data in ((VOCABULARY, as_json()), (TEXT, catalogue())):
        files[name] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Assets(files)
