"""The ``ict-coop`` command line.

Every command reads the package given by ``--path PATH`` (a package folder or its
``datapackage.json``; by default the shipped dataset); ``summary``, ``validate`` and ``schema``
also take PATH as their one positional argument. Exit codes:

- 0: success (and, for ``validate``, valid data);
- 1: invalid data, or a refused curation step (every finding is printed);
- 2: usage error: bad arguments, a misspelt name (the message lists the choices), no package
  at the path given, a missing optional library;
- 3: an output that cannot be written (a missing folder, no permission, a folder where a file
  is wanted): the message names the path given;
- 4: an internal error (a bug): one line, no traceback unless ``ICT_COOP_DEBUG=1``.

Handlers import what they need, so ``--help`` is fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .errors import (
    DataNotFoundError,
    DataValidationError,
    IctCoopError,
    MissingDependencyError,
    UnknownResourceError,
    UnsafePathError,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4


class OutputError(IctCoopError):
    """An output file or folder that cannot be written; the message names the path as given."""


def writable(given: str | os.PathLike[str], *, folder: bool = False) -> Path:
    """The output path ``given``, checked before any work is done: raises `OutputError` if it cannot be written.

    A file's folder must exist and be writable, and the file must not be a folder; an output
    folder (``folder=True``) may exist or be created in a writable folder.
    """
    out = Path(given).expanduser()
    where = out if folder and out.exists() else out.parent
    if folder and out.exists() and not out.is_dir():
        msg = f"cannot write to {os.fspath(given)!r}: it is a file, and a folder is needed"
        raise OutputError(msg)
    if not folder and out.is_dir():
        msg = f"cannot write {os.fspath(given)!r}: it is a folder; give a file name"
        raise OutputError(msg)
    if not where.is_dir():
        msg = f"cannot write {os.fspath(given)!r}: the folder {os.fspath(where)!r} does not exist"
        raise OutputError(msg)
    if not os.access(where, os.W_OK | os.X_OK):
        msg = f"cannot write {os.fspath(given)!r}: no permission to write in {os.fspath(where)!r}"
        raise OutputError(msg)
    return out


def _writing(given: str | os.PathLike[str], action: Any) -> Any:
    """Run ``action()``, which writes ``given``; a failed write becomes an `OutputError`."""
    try:
        return action()
    except IctCoopError:
        raise
    except OSError as exc:
        msg = f"cannot write {os.fspath(given)!r}: {exc.strerror or exc}"
        raise OutputError(msg) from exc


def _print_issues(issues: Any, *, as_json: bool) -> None:
    if as_json:
        for issue in issues:
            print(json.dumps(issue.to_dict(), ensure_ascii=False))
    else:
        for issue in issues:
            print(issue)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a package (and its manifest of validated files, if it has one) and print the report."""
    from .validation import validate

    report = validate(args.path)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report)
    return EXIT_OK if report.valid else EXIT_INVALID


def summarise(dataset: Any) -> dict[str, Any]:
    """The figures ``ict-coop summary`` prints, as data (see `coverage`)."""
    from .research import coverage

    figures = coverage(dataset)
    figures["counts"] = {name: len(rows) for name, rows in dataset.tables.items()}
    return figures


def cmd_summary(args: argparse.Namespace) -> int:
    """Validate, then print the summary figures."""
    from .loading import load

    try:
        dataset = load(path=args.path)
    except DataValidationError as exc:
        print("The data package is invalid; nothing is summarised.", file=sys.stderr)
        _print_issues(exc.issues, as_json=False)
        return EXIT_INVALID
    f = summarise(dataset)
    if args.json:
        print(json.dumps(f, ensure_ascii=False, indent=2))
        return EXIT_OK
    certain = f["certain_year"]
    print(f"ict-coop {f['version']}: valid ({dataset.root})\n")
    print(
        f"Engagements: {f['engagements']}  "
        f"(occurred events that are not sessions of another; {f['events']} events in all)"
    )
    print(f"  events by what the sources report: {f['events_by_reported_as']}")
    print(
        f"Partners: {f['partners']}  "
        "(states or international bodies that are the counterpart or convener of an engagement)"
    )
    print(
        f"Certain year: {sum(certain.values())} of {f['engagements']}  "
        f"(stated {certain['stated']}, inferred {certain['inferred']}, outside knowledge {certain['external']}); "
        f"year not certain: {f['year_not_certain']}"
    )
    print(f"Engagements with two or more sources: {f['engagements_with_two_or_more_sources']}")
    print(f"Sources: {f['sources']};  agreements: {f['agreements']};  commitments: {f['commitments']}")
    print("\nEngagements per year (by the basis of a certain year):")
    for year, parts in f["by_year"].items():
        detail = ", ".join(f"{k} {v}" for k, v in parts.items())
        print(f"  {year:<18}{sum(parts.values()):>4}   {detail}")
    print("\nEngagements per partner:")
    for row in f["by_partner"]:
        print(f"  {row['partner']:<24}{row['engagements']:>4}   {row['name']}")
    print("\nRows per resource:")
    for name, n in f["counts"].items():
        print(f"  {name:<24}{n:>6}")
    print("\nA year counts as certain only when both date bounds fall in it; dates from outside knowledge")
    print("are counted apart (research tools leave them out unless asked: outside_knowledge='include').")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print the rows of a resource (a table, a view or a derived table)."""
    from .export import check_name, table_for

    if args.resource == "all":
        msg = "show prints one table or view at a time; `ict-coop export all` writes them all"
        raise ValueError(msg)
    check_name(args.resource, "jsonl")  # a misspelt name: the message lists every choice
    table = table_for(args.resource, args.path)
    rows = table.slice(0, args.limit).to_pylist() if args.limit else table.to_pylist()
    for row in rows:
        for key, value in row.items():
            if value is not None:
                print(f"{key}: {value}")
        print()
    print(f"({len(rows)} of {table.num_rows} rows of {args.resource})")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write a table, view or derived table to a file (or ``all`` of them to a database or folder)."""
    from .export import FOLDER_FORMATS, check_name, default_output, export

    check_name(args.resource, args.format)
    given = args.output or default_output(args.resource, args.format)
    writable(given, folder=args.resource == "all" and args.format in FOLDER_FORMATS)
    out = _writing(given, lambda: export(args.resource, given, args.format, path=args.path))
    print(f"wrote {args.resource} to {out}")
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    """Print the citation of this release (of the package at ``--path``, when given)."""
    from ._locate import DESCRIPTOR, find_root
    from .citation import cite

    descriptor = json.loads((find_root(args.path) / DESCRIPTOR).read_text(encoding="utf-8")) if args.path else None
    print(cite(args.style, descriptor), end="")
    return EXIT_OK


def cmd_figure(args: argparse.Namespace) -> int:
    """Draw engagements over time by partner country."""
    from .figures import engagements_over_time
    from .loading import load

    writable(args.output)
    dataset = load(path=args.path)
    print(f"wrote {_writing(args.output, lambda: engagements_over_time(args.output, dataset))}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Rewrite or check the generated files."""
    import difflib

    from ._locate import find_root
    from .build import generated_files

    root = find_root(args.path)
    if args.write:
        files = generated_files(root)
        topics = root / "data" / "topics.csv"
        body = files.pop(topics).encode("utf-8")
        _writing(topics, lambda: topics.write_bytes(body))  # before the descriptor hashes it
        for path, text in generated_files(root).items():
            _writing(path, lambda path=path, text=text: path.write_bytes(text.encode("utf-8")))
            print(f"wrote {path.relative_to(root)}")
        return EXIT_OK
    stale = 0
    for path, text in generated_files(root).items():
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
    """Build the package from the curation files (or check it), or draft a curation file."""
    from ._locate import find_repository

    try:
        import yaml  # noqa: F401 - curation files are YAML
    except ImportError as exc:
        msg = "curation needs PyYAML: pip install 'ict-coop[curate]'"
        raise MissingDependencyError(msg) from exc

    if args.action == "new":
        return _curate_new(args)
    from .build import build

    root = find_repository(args.path)
    issues = build(root, check=args.check, dry_run=args.dry_run)
    if issues:
        _print_issues(issues, as_json=args.json)
        what = "the committed package is not what the curation files build" if args.check else "problem(s) found"
        print(f"{len(issues)} finding(s): {what}.", file=sys.stderr)
        return EXIT_INVALID
    if args.check:
        print("the committed package is exactly what the curation files build")
    elif args.dry_run:
        print("the curation files build a valid package (nothing written)")
    else:
        print(f"built {root / 'datapackage.json'} and data/ from {root / 'curation'}; valid")
    return EXIT_OK


def _read_text(given: str) -> str:
    """A text file the user names (a seed, a saved page); a usage error naming it when it cannot be read."""
    try:
        return Path(given).expanduser().read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        msg = f"cannot read {given!r}: it is not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise ValueError(msg) from exc
    except OSError as exc:
        msg = f"cannot read {given!r}: {exc.strerror or exc}"
        raise ValueError(msg) from exc


def _curate_new(args: argparse.Namespace) -> int:
    """Write a draft curation file for an article (shipped) or a saved page (cited)."""
    from datetime import date

    from . import draft
    from ._locate import find_repository

    root = find_repository(args.path)
    registry = root / "curation" / "registry"
    if args.url:
        if not args.text:
            msg = "--url needs --text PAGE.txt: the page as you saved it (the library never fetches)"
            raise ValueError(msg)
        text = _read_text(args.text)
        out = root / "curation" / "sources" / f"{draft.cited_source_id(args.url)}.yaml"
        body = draft.draft_cited(args.url, text, registry, today=date.today())
    else:
        if not args.file:
            msg = "give the article FILE (a seed in seeds/) or --url URL --text PAGE.txt"
            raise ValueError(msg)
        seed = Path(args.file)
        text = _read_text(args.file)
        out = root / "curation" / "sources" / f"{draft.shipped_source_id(seed.name)}.yaml"
        body = draft.draft_shipped(text, seed.name, registry)
    if out.exists() and not args.force:
        msg = f"{out} exists; use --force to overwrite it"
        raise ValueError(msg)

    def write() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(body, encoding="utf-8")

    _writing(out, write)
    print(f"wrote the draft {out.relative_to(root)}: confirm or remove every TODO, then run `ict-coop curate build`")
    return EXIT_OK


def _count(text: str) -> int:
    """A row count for ``--limit``: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"must be a whole number, 0 or more (0 prints every row), not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


PATH_HELP = "package folder or its datapackage.json (default: the shipped dataset)"


def _with_path(p: argparse.ArgumentParser, *, positional: bool = False, help: str = PATH_HELP) -> None:  # noqa: A002
    """``--path PATH`` on every command; ``positional`` also accepts PATH as the one positional argument."""
    p.add_argument("--path", default=None, metavar="PATH", help=help)
    if positional:
        p.add_argument("path_given", nargs="?", default=None, metavar="PATH", help="the same as --path PATH")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from .export import EXPORT_FORMATS

    parser = argparse.ArgumentParser(
        prog="ict-coop",
        description="Curated dataset of Viet Nam's international ICT cooperation: validate, summarise, export.",
        epilog="Exit codes: 0 ok (valid data), 1 invalid data, 2 usage error, 3 output cannot be written, "
        "4 internal error. Every command takes --path PATH: a package folder or its datapackage.json; "
        "by default the shipped dataset.",
    )
    parser.add_argument("--version", action="version", version=f"ict-coop {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("summary", help="validate, then print counts, engagements per partner and year, agreements")
    _with_path(p, positional=True)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("validate", help="check everything; print each problem with file, row and field")
    _with_path(p, positional=True)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("show", help="print the rows of a table or view")
    p.add_argument("resource", help="engagements, meetings, agreements, a table name, or a derived table")
    p.add_argument("--limit", type=_count, default=20, help="rows to print (0 for all; default 20)")
    _with_path(p)
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("export", help="write a table or view as CSV, Parquet, JSON Lines, SQLite or DuckDB")
    p.add_argument(
        "resource",
        help="engagements, engagement_partners, meetings, agreements, a table name, cameo (event dyads), "
        "plover, panel (dyad-years), undated (per dyad), edges, quote_contexts (passages with their "
        "sentences), or all (every table and view: sqlite or duckdb, one database; parquet, csv or jsonl, "
        "one folder)",
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("-o", "--output", default=None, help="output file, or folder for all (default RESOURCE.FORMAT)")
    _with_path(p)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("cite", help="print how to cite this release")
    p.add_argument("--style", choices=["bibtex", "apa", "cff"], default="bibtex")
    _with_path(p)
    p.set_defaults(func=cmd_cite)
    p = sub.add_parser("figure", help="draw engagements over time by partner (needs matplotlib)")
    p.add_argument("output", help="PNG file to write")
    _with_path(p)
    p.set_defaults(func=cmd_figure)
    p = sub.add_parser("schema", help="maintainers: regenerate or check the descriptor and generated docs")
    _with_path(p, positional=True)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite generated files")
    mode.add_argument("--check", action="store_true", help="exit 1 and show a diff if any is out of date")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser(
        "curate", help="curators: build the package from curation/ (or --check it), or draft a file with `new`"
    )
    p.add_argument("action", choices=["build", "new"], help="build: curation files -> data package; new: a draft")
    p.add_argument("file", nargs="?", default=None, help="new: the article's text file (a seed)")
    p.add_argument("--check", action="store_true", help="build: exit 1 if the committed package differs")
    p.add_argument("--dry-run", action="store_true", help="build: validate what would be built; write nothing")
    p.add_argument("--json", action="store_true", help="build: print the findings as JSON")
    p.add_argument("--url", default=None, help="new: the address of a cited page")
    p.add_argument("--text", default=None, help="new: the cited page's text, saved outside the repository")
    p.add_argument("--force", action="store_true", help="new: overwrite an existing file")
    _with_path(p, help="the repository folder, with curation/ and datapackage.json (default: the current checkout)")
    p.set_defaults(func=cmd_curate)
    return parser


def _merge_path(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """One ``args.path`` from ``--path`` or the positional PATH (refusing two different ones)."""
    given = getattr(args, "path_given", None)
    if given is not None:
        if args.path is not None and args.path != given:
            parser.error(f"two paths given: {given!r} and --path {args.path!r}; give one")
        args.path = given


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module's docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _merge_path(parser, args)
    try:
        return int(args.func(args))
    except DataValidationError as exc:  # first: it is also a ValueError
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except OutputError as exc:
        print(f"ict-coop: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except (DataNotFoundError, UnsafePathError, UnknownResourceError, MissingDependencyError, ValueError) as exc:
        print(f"ict-coop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except IctCoopError as exc:
        print(f"ict-coop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader stopped reading (`ict-coop show events | head`)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so that Python's own flush at exit is silent
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("ICT_COOP_DEBUG"):
            raise
        print(
            f"ict-coop: internal error: {type(exc).__name__}: {exc}. This is a bug; please report it "
            "(ICT_COOP_DEBUG=1 shows the traceback).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
