"""Maintainer tools for curators: canonical CSV writing, offset filling, sorting.

Curators edit the CSV files in ``data/`` directly (one article = one reviewable diff). They
write each evidence quote by hand, never its offsets: :func:`fill_offsets` (``ict-coop curate
fill``) finds each quote and each furniture span in its seed and writes ``start``/``end``. It
refuses a quote that is missing, or that occurs more than once outside page furniture (quote
more context to make it unique). :func:`sort_tables` (``ict-coop curate sort``) rewrites every
table in canonical form: header from the schema, rows sorted by primary key in code-point
order, LF line endings, minimal quoting.

These tools read with the stdlib ``csv`` module, so they work on half-edited files the loader
would refuse.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ._locate import seed_text
from .errors import Issue
from .models import MODELS
from .schema import csv_path, table_schema, topic_rows


def _sort_key(resource: str) -> Callable[[Mapping[str, str]], tuple]:
    """The canonical row order of a table: primary key, code-point order, integers numerically."""
    kinds = {f["name"]: f["type"] for f in table_schema(MODELS[resource])["fields"]}
    key_fields = MODELS[resource].primary_key

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
    names = [f["name"] for f in table_schema(MODELS[resource])["fields"]]
    cells = [
        {n: "" if row.get(n) is None else unicodedata.normalize("NFC", str(row.get(n))) for n in names} for row in rows
    ]
    cells.sort(key=_sort_key(resource))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(cells)
    return out.getvalue()


def write_table(root: Path, resource: str, rows: Iterable[Mapping[str, object]]) -> Path:
    """Write a table in canonical form under the package folder ``root``."""
    path = root / csv_path(resource)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_table(resource, rows).encode("utf-8"))
    return path


def read_rows(root: Path, resource: str) -> list[dict[str, str]]:
    """Read a table as raw strings (no types, no checks); a missing file reads as no rows."""
    path = root / csv_path(resource)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _occurrences(text: str, quote: str) -> list[int]:
    found, start = [], text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def _loose_match(text: str, quote: str) -> str | None:
    """The source text that matches ``quote`` when white space of any kind is treated alike."""
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    found = re.search(pattern, text) if pattern else None
    return found.group(0) if found else None


def fill_offsets(root: Path) -> list[Issue]:
    """Fill ``start``/``end`` of every furniture and evidence row from its quote.

    Furniture spans are located first; an evidence quote is then looked for outside them
    (except for evidence about the ``sources`` table itself, which may quote a masthead or
    sidebar to name the outlet). Returns the rows it refused; the files are rewritten only
    when there are none.
    """
    files = {row["source_id"]: row["file_name"] for row in read_rows(root, "sources")}
    texts: dict[str, str] = {}
    problems: list[Issue] = []

    def locate(resource: str, index: int, row: dict[str, str], quote_field: str, spans: list) -> None:
        source_id, quote = row.get("source_id", ""), unicodedata.normalize("NFC", row.get(quote_field, ""))
        where = {"resource": resource, "file": csv_path(resource), "row": index + 2, "field": quote_field}
        if source_id not in files:
            problems.append(Issue("foreign-key", f"unknown source_id {source_id!r}", value=source_id, **where))
            return
        if source_id not in texts:
            texts[source_id] = seed_text(root, files[source_id])
        hits = _occurrences(texts[source_id], quote) if quote else []
        outside = [h for h in hits if not any(s < h + len(quote) and h < e for s, e in spans)]
        if not hits:
            msg = f"quote not found in {files[source_id]}"
            near = _loose_match(texts[source_id], quote)
            if near is not None:
                msg += f"; the source has different white space there (copy it exactly): {near!a}"
            problems.append(Issue("quote-mismatch", msg, value=quote, **where))
        elif not outside:
            problems.append(Issue("quote-in-furniture", "quote occurs only in page furniture", value=quote, **where))
        elif len(outside) > 1:
            msg = f"quote occurs {len(outside)} times in {files[source_id]}; quote more context to make it unique"
            problems.append(Issue("quote-mismatch", msg, value=quote, **where))
        else:
            row["start"], row["end"] = str(outside[0]), str(outside[0] + len(quote))

    furniture = read_rows(root, "furniture")
    for i, row in enumerate(furniture):
        locate("furniture", i, row, "text", [])
    spans_by_source: dict[str, list[tuple[int, int]]] = {}
    for row in furniture:
        if row.get("start"):
            spans_by_source.setdefault(row["source_id"], []).append((int(row["start"]), int(row["end"])))
    evidence = read_rows(root, "evidence")
    for i, row in enumerate(evidence):
        spans = [] if row.get("resource") == "sources" else spans_by_source.get(row.get("source_id", ""), [])
        locate("evidence", i, row, "quote", spans)
    if not problems:
        write_table(root, "furniture", furniture)
        write_table(root, "evidence", evidence)
    return problems


def sort_tables(root: Path) -> list[Path]:
    """Rewrite every table in canonical form; regenerate ``topics`` from the vocabulary."""
    written = []
    for resource in MODELS:
        rows = topic_rows() if resource == "topics" else read_rows(root, resource)
        written.append(write_table(root, resource, rows))
    return written
