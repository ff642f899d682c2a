"""The ``ict-coop`` command line.

Exit codes: 0 success (valid data), 1 invalid data or a refused curation step, 2 usage error
(bad arguments, no package found). Handlers import what they need, so ``--help`` is fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from . import __version__
from .errors import DataNotFoundError, DataValidationError, IctCoopError, UnknownResourceError, UnsafePathError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _print_issues(issues: Any, *, as_json: bool) -> None:
    if as_json:
        for issue in issues:
            print(json.dumps(issue.to_dict(), ensure_ascii=False))
    else:
        for issue in issues:
            print(issue)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a package and print the report."""
    from .validation import validate

    report = validate(args.path)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report)
    return EXIT_OK if report.valid else EXIT_INVALID


def _year(event: Any) -> str:
    """The event's year when its bounds fix it, else a label saying why not."""
    low, high = event.date_earliest, event.date_latest
    if low is not None and high is not None and low.year == high.year:
        return str(low.year)
    if low is None and high is None:
        return "year not stated"
    return f"{low.year if low else '…'}–{high.year if high else '…'} (uncertain)"


def _years(events: Any) -> dict[str, str]:
    """Each event's year label; an undated trip takes the one year its dated sessions share."""
    years = {e.event_id: _year(e) for e in events}
    children: dict[str, set[str]] = {}
    for e in events:
        if e.parent_event_id:
            children.setdefault(e.parent_event_id, set()).add(years[e.event_id])
    for event_id, label in years.items():
        kids = children.get(event_id, set())
        if label == "year not stated" and len(kids) == 1 and next(iter(kids)).isdigit():
            years[event_id] = f"{next(iter(kids))}*"
    return years


def summarise(dataset: Any) -> dict[str, Any]:
    """The figures ``ict-coop summary`` prints, as data."""
    events = dataset["events"]
    years = _years(events)
    per_partner_year: Counter[tuple[str, str]] = Counter()
    top_level: Counter[tuple[str, str]] = Counter()
    for event in events:
        if event.partner_country_code is None:
            continue
        key = (event.partner_country_code, years[event.event_id])
        per_partner_year[key] += 1
        if event.parent_event_id is None:
            top_level[key] += 1
    return {
        "version": dataset.version,
        "counts": {name: len(rows) for name, rows in dataset.tables.items()},
        "engagements": [
            {"partner": partner, "year": year, "events": n, "top_level": top_level[(partner, year)]}
            for (partner, year), n in sorted(per_partner_year.items())
        ],
        "agreements": [
            {
                "agreement_id": a.agreement_id,
                "kind": str(a.agreement.kind),
                "title_en": a.agreement.title_en,
                "parties": [p.organization_id for p in a.parties],
                "date": a.agreement.date_edtf,
                "status": str(a.agreement.status),
            }
            for a in dataset.agreements
        ],
        "commitments": len(dataset["commitments"]),
        "events_without_foreign_counterpart": sum(1 for e in events if e.partner_country_code is None),
    }


def cmd_summary(args: argparse.Namespace) -> int:
    """Validate, then print the summary figures."""
    from .loading import load

    try:
        dataset = load(path=args.path)
    except DataValidationError as exc:
        print("The data package is invalid; nothing is summarised.", file=sys.stderr)
        _print_issues(exc.issues, as_json=False)
        return EXIT_INVALID
    figures = summarise(dataset)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"ict-coop {figures['version']}: valid ({dataset.root})\n")
    print("Rows per resource:")
    for name, n in figures["counts"].items():
        print(f"  {name:<24}{n:>6}")
    print("\nEngagements per partner country and year (all events; top-level trips and meetings in brackets):")
    for row in figures["engagements"]:
        print(f"  {row['partner']}  {row['year']:<22}{row['events']:>4}  ({row['top_level']})")
    print(f"  events with no foreign counterpart: {figures['events_without_foreign_counterpart']}")
    print("\nAgreements:")
    for a in figures["agreements"]:
        print(f"  {a['agreement_id']}: {a['title_en']} [{a['kind']}, {a['status']}, {a['date']}]")
        print(f"      parties: {', '.join(a['parties'])}")
    print(f"\nCommitments: {figures['commitments']}")
    print("Years are given only where the sources fix them (see docs/curation.md on dates);")
    print("YYYY* marks an undated trip whose dated sessions all fall in YYYY.")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print the rows of a resource."""
    from .loading import load

    table = load(args.resource, format="arrow", path=args.path)
    rows = table.slice(0, args.limit).to_pylist() if args.limit else table.to_pylist()
    for row in rows:
        for key, value in row.items():
            if value is not None:
                print(f"{key}: {value}")
        print()
    print(f"({len(rows)} of {table.num_rows} rows of {args.resource})")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write a table, view or derived table to a file."""
    from .export import export

    default = f"{args.resource}.{'sqlite' if args.format == 'sqlite' else args.format}"
    out = export(args.resource, args.output or default, args.format, path=args.path)
    print(f"wrote {args.resource} to {out}")
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    """Print the citation of this release."""
    from .citation import cite

    print(cite(args.style), end="")
    return EXIT_OK


def cmd_figure(args: argparse.Namespace) -> int:
    """Draw engagements over time by partner country."""
    from .figures import engagements_over_time
    from .loading import load

    print(f"wrote {engagements_over_time(args.output, load(path=args.path))}")
    return EXIT_OK


def _generated_files(root: Path) -> dict[Path, str]:
    """Every generated file of the package folder and the text it should have."""
    from .curation import render_table
    from .errors import errors_markdown, figures_block
    from .schema import data_dictionary, render_descriptor, topic_rows, updated_descriptor

    files: dict[Path, str] = {root / "data" / "topics.csv": render_table("topics", topic_rows())}
    if (root / "docs").is_dir():
        files[root / "docs" / "data-dictionary.md"] = data_dictionary()
        current = root / "docs" / "errors.md"
        kept = figures_block(current.read_text(encoding="utf-8")) if current.exists() else ""
        files[current] = errors_markdown(kept) if kept else errors_markdown()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    files[root / "datapackage.json"] = render_descriptor(updated_descriptor(root, descriptor))
    if (root / "CITATION.cff").exists():
        from .citation import cite

        files[root / "CITATION.cff"] = cite("cff", descriptor)
    return files


def cmd_schema(args: argparse.Namespace) -> int:
    """Rewrite or check the generated files."""
    import difflib

    from ._locate import find_root

    root = find_root(args.path)
    if args.write:
        files = _generated_files(root)
        topics = root / "data" / "topics.csv"
        topics.write_bytes(files.pop(topics).encode("utf-8"))  # before the descriptor hashes it
        for path, text in _generated_files(root).items():
            path.write_bytes(text.encode("utf-8"))
            print(f"wrote {path.relative_to(root)}")
        return EXIT_OK
    stale = 0
    for path, text in _generated_files(root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            stale += 1
            print(f"{path.relative_to(root)} is out of date:")
            sys.stdout.writelines(
                difflib.unified_diff(current.splitlines(True), text.splitlines(True), "committed", "generated", n=1)
            )
    if stale:
        print(f"\n{stale} generated file(s) out of date; run `ict-coop schema --write`.")
        return EXIT_INVALID
    print("generated files are up to date")
    return EXIT_OK


def cmd_curate(args: argparse.Namespace) -> int:
    """Fill evidence offsets, or sort the tables."""
    from ._locate import find_root
    from .curation import fill_offsets, sort_tables

    root = find_root(args.path)
    if args.action == "fill":
        problems = fill_offsets(root)
        if problems:
            _print_issues(problems, as_json=False)
            print(f"{len(problems)} quote(s) refused; nothing was written.")
            return EXIT_INVALID
        print("offsets filled in data/furniture.csv and data/evidence.csv")
    else:
        for path in sort_tables(root):
            print(f"sorted {path.relative_to(root)}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="ict-coop",
        description="Curated dataset of Viet Nam's international ICT cooperation: validate, summarise, export.",
        epilog="Exit codes: 0 valid, 1 invalid data, 2 usage error. PATH is a package folder or its "
        "datapackage.json; by default the shipped dataset.",
    )
    parser.add_argument("--version", action="version", version=f"ict-coop {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_path(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("path", nargs="?", default=None, metavar="PATH", help="package folder or datapackage.json")
        return p

    p = with_path(
        sub.add_parser("summary", help="validate, then print counts, engagements per partner and year, agreements")
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=cmd_summary)
    p = with_path(sub.add_parser("validate", help="check everything; print each problem with file, row and field"))
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("show", help="print the rows of a resource")
    p.add_argument("resource", help="meetings, agreements, or a table name")
    p.add_argument("--limit", type=int, default=20, help="rows to print (0 for all; default 20)")
    p.add_argument("--path", default=None, help="package folder or datapackage.json")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("export", help="write a table or derived table as CSV, Parquet, JSON Lines or SQLite")
    p.add_argument(
        "resource",
        help="meetings, agreements, a table name, cameo (event dyads), plover, panel (dyad-years), edges, "
        "or all (SQLite only)",
    )
    p.add_argument("--format", choices=["csv", "parquet", "jsonl", "sqlite"], required=True)
    p.add_argument("-o", "--output", default=None, help="output file (default RESOURCE.FORMAT)")
    p.add_argument("--path", default=None, help="package folder or datapackage.json")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("cite", help="print how to cite this release")
    p.add_argument("--style", choices=["bibtex", "apa", "cff"], default="bibtex")
    p.set_defaults(func=cmd_cite)
    p = sub.add_parser("figure", help="draw engagements over time by partner (needs matplotlib)")
    p.add_argument("output", help="PNG file to write")
    p.add_argument("--path", default=None, help="package folder or datapackage.json")
    p.set_defaults(func=cmd_figure)
    p = with_path(sub.add_parser("schema", help="maintainers: regenerate or check the descriptor and generated docs"))
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite generated files")
    mode.add_argument("--check", action="store_true", help="exit 1 and show a diff if any is out of date")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("curate", help="curators: fill evidence offsets from quotes, or sort tables")
    p.add_argument("action", choices=["fill", "sort"], help="fill: offsets from quotes; sort: canonical order")
    with_path(p).set_defaults(func=cmd_curate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DataValidationError as exc:  # first: it is also a ValueError
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except (DataNotFoundError, UnsafePathError, UnknownResourceError, ValueError) as exc:
        print(f"ict-coop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except IctCoopError as exc:
        print(f"ict-coop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
