"""Copy a generated package and seed faults in its quotes and verbatim values (the hard cases).

`generate.py --faults` seeds one fault of each column kind; a faster quote or verbatim check
must also agree on the cases that are easy to get subtly wrong:

- a quote whose offsets count UTF-8 bytes instead of code points (same text, later offsets);
- a quote whose end lies past the end of its seed;
- a quote one character shorter than its offsets say;
- a verbatim value shortened by its last word: still a substring of the quote (no finding);
- a verbatim value with one letter changed: no longer in any quote of its record;
- a verbatim value that is in another record's quote only.

    python benchmarks/quote_faults.py CLEAN_PACKAGE OUT_DIR

The descriptor is refreshed, so every finding is about a seeded fault.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def seed_quote_faults(clean: Path, out: Path) -> list[str]:
    """Write the faulty copy; return what was seeded, in words."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(clean, out)
    seeded = []
    header, quotes = _rows(out / "data" / "quotes.csv")
    seeds = {p.name.split("_")[0]: p for p in (out / "seeds").iterdir()}
    # pick quotes with non-ASCII text before them in their seed, far apart
    picked = []
    for index in range(len(quotes) // 3, len(quotes)):
        row = quotes[index]
        number = row["source_id"].removeprefix("src-")
        text = seeds[number].read_text(encoding="utf-8")
        start = int(row["start"])
        if len(text[:start].encode("utf-8")) != start:
            picked.append((index, text))
        if len(picked) == 3:
            break
    (bytes_at, text0), (past_at, text1), (short_at, _) = picked
    renamed: dict[str, str] = {}

    def move(row: dict[str, str], start: int, what: str, at: int) -> None:
        """Put the quote at another start, its length and id kept consistent (only the offsets lie)."""
        old = row["quote_id"]
        row["start"], row["end"] = str(start), str(start + len(row["text"]))
        row["quote_id"] = renamed[old] = f"{row['source_id']}:{row['start']}-{row['end']}"
        seeded.append(f"quotes row {at + 2}: {what}")

    row = quotes[bytes_at]
    move(row, len(text0[: int(row["start"])].encode("utf-8")), "offsets count bytes, not code points", bytes_at)
    move(quotes[past_at], len(text1) - 3, "the passage runs past the seed's end", past_at)
    row = quotes[short_at]
    row["text"] = row["text"][:-2] + ("x" if row["text"][-2] != "x" else "y") + row["text"][-1]
    seeded.append(f"quotes row {short_at + 2}: one letter of the text changed")
    quotes.sort(key=lambda r: r["quote_id"])
    _write(out / "data" / "quotes.csv", header, quotes)
    header, evidence = _rows(out / "data" / "evidence.csv")
    for row in evidence:
        row["quote_id"] = renamed.get(row["quote_id"], row["quote_id"])
    _write(out / "data" / "evidence.csv", header, evidence)

    header, events = _rows(out / "data" / "events.csv")
    dated = [i for i, r in enumerate(events) if r["date_text"].count(" ") >= 2]
    shortened, changed, foreign = dated[100], dated[200], dated[300]
    events[shortened]["date_text"] = events[shortened]["date_text"].split(" ", 1)[1]
    seeded.append(f"events row {shortened + 2}: date_text without its first word (still a substring)")
    value = events[changed]["city_text"]
    events[changed]["city_text"] = value[:-1] + ("x" if value[-1] != "x" else "y")
    seeded.append(f"events row {changed + 2}: city_text with its last letter changed")
    other = next(r["city_text"] for r in events if r["city_text"] and r["city_text"] != events[foreign]["city_text"])
    events[foreign]["city_text"] = other
    seeded.append(f"events row {foreign + 2}: city_text of another event")
    _write(out / "data" / "events.csv", header, events)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from ict_coop.schema import render_descriptor, updated_descriptor

    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    (out / "datapackage.json").write_text(render_descriptor(updated_descriptor(out, descriptor)), encoding="utf-8")
    return seeded


def main(argv: list[str] | None = None) -> int:
    clean, out = (Path(a) for a in (argv or sys.argv[1:]))
    for line in seed_quote_faults(clean, out):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
