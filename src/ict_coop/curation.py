"""The tables' canonical form, and finding quotes in a source text: helpers of the curation build.

Nobody edits the tables under ``data/``: ``ict-coop curate build`` (`ict_coop.build`)
writes them from the curation files in canonical form (`render_table`: header from the
schema, rows sorted by primary key in code-point order, NFC, LF line endings, minimal quoting),
and finds every quote of a shipped source in its text (`occurrences`; a quote whose white
space differs from the source is explained by `loose_match`).

`read_rows` reads with the stdlib ``csv`` module, so it works on half-edited files the
loader would refuse.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .tables import describe


def sort_key(resource: str) -> Callable[[Mapping[str, str]], tuple]:
    """The canonical row order of a table: primary key, code-point order, integers numerically."""
    table = describe()[resource]
    kinds = {f.name: f.type for f in table.fields}
    key_fields = table.key

    def key(row: Mapping[str, str]) -> tuple:
        parts = []
        for name in key_fields:
            value = row.get(name) or ""
            if kinds[name] == "integer":
                parts.append((0, int(value)) if value.lstrip("-").isdigit() else (1, value))
            else:
                parts.append((0, value))
        return tuple(parts)

    return key


def render_table(resource: str, rows: Iterable[Mapping[str, object]]) -> str:
    """Return the canonical CSV text of a table: schema header, sorted rows, NFC, LF.

    None becomes an empty cell; other values are written with ``str()``.
    """
    names = list(describe()[resource].names)
    cells = [
        {n: "" if row.get(n) is None else unicodedata.normalize("NFC", str(row.get(n))) for n in names} for row in rows
    ]
    cells.sort(key=sort_key(resource))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(cells)
    return out.getvalue()


def write_table(root: Path, resource: str, rows: Iterable[Mapping[str, object]]) -> Path:
    """Write a table in canonical form under the package folder ``root``."""
    path = root / describe()[resource].path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_table(resource, rows).encode("utf-8"))
    return path


def read_rows(root: Path, resource: str) -> list[dict[str, str]]:
    """Read a table as raw strings (no types, no checks); a missing file reads as no rows."""
    path = root / describe()[resource].path
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def occurrences(text: str, quote: str) -> list[int]:
    """Every offset (code points) at which ``quote`` occurs in ``text``, overlapping ones included."""
    found, start = [], text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def loose_match(text: str, quote: str) -> str | None:
    """The source text that matches ``quote`` when white space of any kind is treated alike."""
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    found = re.search(pattern, text) if pattern else None
    return found.group(0) if found else None
