"""Findings and exceptions.

A problem in a data package is a *finding*: an [`Issue`][ict_coop.errors.Issue] with a
stable, kebab-case `code` from `CODES`, and the file, row, field and value it is about.
[`validate`][ict_coop.validation.validate] returns findings as data;
[`load`][ict_coop.loading.load] raises
[`DataValidationError`][ict_coop.errors.DataValidationError], which carries them all. The
finding codes page (`docs/errors.md`) is generated from `CODES` (`ict-coop curate build`), so
each code has one definition.

Stdlib only: error handling never pulls in pyarrow, pydantic or frictionless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

#: Every finding code: code -> (title, meaning and how to fix it).
CODES: dict[str, tuple[str, str]] = {
    # The descriptor
    "descriptor-error": (
        "Descriptor unreadable or incomplete",
        "`datapackage.json` is not valid JSON, or misses a required property, or breaks the "
        "official Data Package 2.0 profile. Fix the JSON; the message names the property.",
    ),
    "descriptor-drift": (
        "Descriptor out of date",
        "A resource's schema, `bytes` or `hash` in `datapackage.json` differs from what the "
        "models and files give. Run `ict-coop schema --write` and commit the result.",
    ),
    "version-mismatch": (
        "Version mismatch",
        "The descriptor's `version` differs from the library's. Set both from `src/ict_coop/_version.py`.",
    ),
    "unknown-resource": (
        "Unexpected resource",
        "The descriptor lists a resource the models do not define, or misses one they do.",
    ),
    # Files
    "unsafe-path": (
        "Unsafe resource path",
        "A resource path is absolute, climbs out of the package with `..`, is a URL, or "
        "resolves (through a symlink) outside the package. ict-coop reads only files inside "
        "the package folder; use a relative path to a regular file under it.",
    ),
    "file-missing": ("File missing", "A resource file or seed file named by the data does not exist."),
    "encoding-error": (
        "Not UTF-8",
        "The file contains bytes that are not valid UTF-8. Re-save it as UTF-8; the message gives the byte offset.",
    ),
    "bom": ("Byte-order mark", "The file starts with a UTF-8 byte-order mark. Save it as UTF-8 without BOM."),
    "line-endings": ("CRLF line endings", "The file uses CR or CRLF line endings. Use LF only."),
    "empty-file": ("Empty file", "The file is empty: it has not even a header row."),
    "header-error": (
        "Header does not match the schema",
        "A column is missing, extra, duplicated or out of order. The header must list the "
        "schema's fields exactly, in order.",
    ),
    "row-shape": (
        "Wrong number of cells",
        "A row has more or fewer cells than the header (often an unquoted comma), or is "
        "blank. Quote cells that contain commas, quotes or newlines; remove blank lines.",
    ),
    "cell-too-large": (
        "Cell too large",
        "A cell is longer than the largest cell ict-coop accepts (1 MiB). Long text belongs "
        "in the seeds, not in the tables.",
    ),
    "hidden-character": (
        "Control or invisible character",
        "A text cell (a name, title, id, URL, note, ...) holds a control character or an invisible "
        "formatting character: a bidi override, a zero-width space or joiner, a soft hyphen, a C1 "
        "control. They hide or reorder what a reader sees. Only quotes and verbatim fields may hold "
        "them, where the source text does. Remove the character.",
    ),
    "not-nfc": (
        "Text not in Unicode NFC",
        "A cell is not in Unicode Normalization Form C (for example Vietnamese written with "
        "combining accents). Normalise the file to NFC.",
    ),
    # Cells
    "type-error": (
        "Wrong type",
        "A cell cannot be read as its field's type (a date that does not exist, text in an "
        "integer column, a datetime without the `T`).",
    ),
    "constraint-error": (
        "Constraint broken",
        "A cell breaks its field's constraint: required but empty, pattern, enumeration "
        "(closed vocabulary), minimum, maximum or length. The message names the constraint.",
    ),
    "primary-key": ("Duplicate primary key", "Two rows share the same primary key."),
    "foreign-key": (
        "Dangling reference",
        "A reference (foreign key, self-references included) names a row that does not exist.",
    ),
    "row-order": (
        "Rows out of order",
        "Rows must be sorted by primary key in code-point order so that diffs stay small. Run `ict-coop curate build`.",
    ),
    "rule-error": (
        "Record rule broken",
        "A row breaks a rule that ties its fields together (bounds in order, a date layer "
        "that disagrees with another, a value required by another field). The message says which.",
    ),
    # Across tables
    "parent-bounds": (
        "Child event outside its parent",
        "An event's date bounds fall outside the bounds of the event it belongs to.",
    ),
    "seed-error": (
        "Seed missing or changed",
        "A source's seed file is missing from `seeds/` or its SHA-256 differs from "
        "`sources.csv`. Seeds are kept byte for byte; restore the original file.",
    ),
    "evidence-target": (
        "Evidence points nowhere",
        "An evidence row names a resource, record or field that does not exist.",
    ),
    "quote-mismatch": (
        "Quote does not match its source",
        "A quote (a row of `quotes`, or a furniture span) is not the source text at its offsets "
        "(after NFC). Run `ict-coop curate build` to recompute offsets, or correct the quote in "
        "the curation file.",
    ),
    "doc-example": (
        "Documentation example that fails",
        "An example (`>>>`) in a page the build regenerates (README, tutorial, home page) raised "
        "an exception although its written output shows none: the page would print an error. "
        "Correct the example; a page that means to show an error writes the traceback as output.",
    ),
    "unused-quote": (
        "Quote that backs no fact",
        "A row of `quotes` that no evidence row cites. Quotes are recorded once and referenced "
        "by every fact they support; one that supports none is left over from an edit. Run "
        "`ict-coop curate build`, which writes only the quotes evidence cites.",
    ),
    "quote-in-furniture": (
        "Quote from page furniture",
        "The quote overlaps a caption, image name, sidebar or footer of the page. Page "
        "furniture is not evidence of an engagement: quote the article body.",
    ),
    "text-not-in-quote": (
        "Verbatim text not in its quote",
        "A field that must be verbatim (a name, title, date or place as written) does not occur "
        "in the quote given as its evidence.",
    ),
    "missing-evidence": (
        "Fact without evidence",
        "A fact that must be sourced (an event's kind, date, place, leads; a participant; a "
        "name; a topic link; ...) has no evidence row.",
    ),
    "missing-link": (
        "Record without its required links",
        "Every event needs a participant, every event with a PLOVER type a PLOVER context, every "
        "agreement a party and every commitment a maker. A link table that lost its rows (an "
        "empty or header-only file) shows up here.",
    ),
    "missing-outside-knowledge": (
        "External value without its outside knowledge",
        "A value whose basis is `external` (a tenure, an event series' date, an official name) has no "
        "`outside_knowledge` row giving the confidence, the reasoning and references. Add an "
        "`outside:` evidence item to the field in the curation file.",
    ),
    "evidence-kind": (
        "Evidence of the wrong kind for its source",
        "A shipped source's evidence is a located quote; a cited page's evidence is a locator, a "
        "paraphrase and short terms. Check the source's `kind` and the evidence item.",
    ),
    "date-claim-outside": (
        "A source's date outside the record's bounds",
        "One source dates the event (or agreement) wholly outside the bounds the curators give it (a "
        "vaguer claim that includes them agrees). Widen the bounds to take in every source's claim "
        "(e.g. `[2016-03-03..2016-03-10]`), mark the date "
        "uncertain and describe the conflict in `date_note`.",
    ),
    "principal-conflict": (
        "More than one principal on a side",
        "An event names more than one principal (the person who led or hosted a side) on the same "
        "side. Keep `principal: true` on one participant per side.",
    ),
    "unattested-name": (
        "A name no source writes",
        "No source lists the person or organisation under `names:` with a spelling that matches its "
        "registry name, English name or abbreviation (diacritics and case aside). Add it to the "
        "`names:` of a source that names it, or record the name as outside knowledge.",
    ),
    "agreement-place": (
        "Signing place contradicts the signing event",
        "An agreement's `signed_country_code` differs from the country of its `signed_at_event_id`.",
    ),
    "partner-roles": (
        "A counterpart beside a convener",
        "A meeting convened by an international body lists a counterpart: the states at it are "
        "`member`s, and a bilateral meeting on its sidelines is an event of its own.",
    ),
    "curation-error": (
        "Curation file unreadable or misshapen",
        "A curation file is not valid YAML, lacks a required section, is named other than its id, or "
        "gives a field a table does not have. The message names the line.",
    ),
    "duplicate-id": (
        "One id for two records",
        "Two curation files (or two entries of one) define a record with the same id. Make the ids "
        "specific (partner, date, slug), or point the second report at the first with `also_reports`.",
    ),
    "build-drift": (
        "Committed package differs from the curation files",
        "A generated file (a table, the descriptor, the data dictionary) is not what "
        "`ict-coop curate build` makes from the curation files. Never edit generated files by hand: "
        "run `ict-coop curate build` (after a merge too) and commit the result.",
    ),
    "manifest-mismatch": (
        "Manifest of validated files out of date",
        "`validated.json` (written by `ict-coop curate build`, shipped in the wheel so that the "
        "installed data's first load need not validate again) does not list exactly the hashes "
        "of the files that validate, or lists those of files that fail validation (`ict-coop "
        "validate` says which; `curate build --check` reports the stale file as `build-drift`). "
        "Run `ict-coop curate build` and commit.",
    ),
    "vocabulary-drift": (
        "Vocabulary table out of date",
        "The `topics` table differs from the vocabulary in `ict_coop.vocab`. Run `ict-coop schema --write`.",
    ),
    "check-failed": (
        "A check stopped on an unforeseen fault",
        "Validation met a fault no check foresaw and stopped; the message names it. The package is "
        "not valid until it is fixed; please report the fault so that a check with its own code names it.",
    ),
}

#: At most this many findings of one code are listed per file; one more finding counts the rest
#: (``unlisted``). Reports stay small and fast when a bad merge repeats a fault a million times.
MAX_LISTED = 100


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: what is wrong, and exactly where.

    `unlisted` is non-zero on the finding that counts the findings of its code and file that
    were not listed (see `MAX_LISTED`).

    Examples:
        >>> issue = Issue("constraint-error", "a value is required", "events", "data/events.csv", 7, "event_id")
        >>> print(issue)
        data/events.csv:7:event_id: [constraint-error] a value is required
    """

    code: str
    """The finding's stable, kebab-case code (each is explained in `docs/errors.md`)."""
    message: str
    """What is wrong, in a sentence."""
    resource: str | None = None
    """The table it is about, when it is about one."""
    file: str | None = None
    """The file it is about, relative to the package folder."""
    row: int | None = None
    """The line as an editor shows it: the header is row 1, the first record row 2."""
    field: str | None = None
    """The column it is about."""
    value: str | None = None
    """The offending value, as written."""
    unlisted: int = 0
    """On the last finding listed for a code and file: how many more of them were not listed."""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            msg = f"unregistered finding code {self.code!r}; add it to ict_coop.errors.CODES"
            raise ValueError(msg)

    @property
    def location(self) -> str:
        """`file:row:field` with the parts that are known."""
        parts = [self.file or self.resource or "datapackage.json"]
        if self.row is not None:
            parts.append(str(self.row))
        if self.field is not None:
            parts.append(self.field)
        return ":".join(parts)

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (value: {_clip(self.value)!r})"
        return f"{self.location}: [{self.code}] {self.message}{shown}"

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, for JSON output (``unlisted`` only on a finding that counts others)."""
        found = asdict(self)
        if not self.unlisted:
            del found["unlisted"]
        return found


def bounded(issues: Iterable[Issue], limit: int = MAX_LISTED) -> list[Issue]:
    """The findings with at most ``limit`` listed per code and file, and a count of the rest.

    Findings that already count others (``unlisted``) are kept; the ones beyond the limit are
    replaced by one finding per code and file giving their number, so no count is lost.
    """
    listed: dict[tuple[str, str | None], int] = {}
    beyond: dict[tuple[str, str | None], list[Issue]] = {}
    kept = []
    for issue in issues:
        key = (issue.code, issue.file)
        if issue.unlisted:
            kept.append(issue)
        elif listed.get(key, 0) < limit:
            listed[key] = listed.get(key, 0) + 1
            kept.append(issue)
        else:
            beyond.setdefault(key, []).append(issue)
    for (code, file), rest in beyond.items():
        more = len(rest)
        msg = f"{more} more finding(s) of this code in this file, not listed (at most {limit} are listed)"
        kept.append(Issue(code, msg, resource=rest[0].resource, file=file, unlisted=more))
    return kept


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class IctCoopError(Exception):
    """Base of every exception raised by ict-coop."""


class DataNotFoundError(IctCoopError, FileNotFoundError):
    """The data package could not be found; the message lists every place looked in."""


class UnknownResourceError(IctCoopError, KeyError):
    """A resource name that the dataset does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class MissingDependencyError(IctCoopError, ImportError):
    """An optional library is needed; the message names the extra to install."""


class UnsafePathError(IctCoopError, PermissionError):
    """A path would read outside the package folder, or from the network."""


class DataValidationError(IctCoopError, ValueError):
    """The data breaks the schema or the dataset's rules; `.issues` lists every finding.

    Loading never returns data in part: if any finding exists, this is raised instead.
    """

    def __init__(self, issues: list[Issue] | tuple[Issue, ...], *, shown: int = 20) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        lines = [str(issue) for issue in self.issues[:shown]]
        more = len(self.issues) - shown
        if more > 0:
            lines.append(f"... and {more} more (see .issues, or run `ict-coop validate`)")
        head = f"{len(self.issues)} problem(s) in the data package:"
        super().__init__("\n".join([head, *lines]))


#: Markers of the block of robustness figures that ``python -m tests.corpus --write`` fills in.
FIGURES_START, FIGURES_END = "<!-- corpus figures: start -->", "<!-- corpus figures: end -->"


def figures_block(text: str) -> str:
    """The figures block of an existing ``docs/errors.md`` (empty markers when there is none)."""
    _head, found, rest = text.partition(FIGURES_START)
    if not found:
        return f"{FIGURES_START}\n{FIGURES_END}"
    return FIGURES_START + rest.partition(FIGURES_END)[0] + FIGURES_END


def errors_markdown(figures: str = f"{FIGURES_START}\n{FIGURES_END}") -> str:
    """Render `docs/errors.md`: every finding code, its meaning and how to fix it.

    `figures` is the block of robustness figures, kept as it is (see `figures_block`).
    """
    lines = [
        "# Finding codes",
        "",
        "<!-- Generated by `ict-coop schema --write` from src/ict_coop/errors.py;",
        "     do not edit by hand (a test fails when this file is out of date). -->",
        "",
        "`ict-coop validate` and `ict_coop.validate()` report every problem as a finding with a",
        "stable code, the file, the row (the header is row 1), the field and the value.",
        "`load()` raises `DataValidationError` with the same findings in `.issues`.",
        f"At most {MAX_LISTED} findings of one code are listed per file; one more finding of that",
        "code and file gives the number of the others (`unlisted` in `--json`).",
        "",
        "| code | title | meaning and fix |",
        "|---|---|---|",
    ]
    lines += [f"| `{code}` | {title} | {text} |" for code, (title, text) in CODES.items()]
    lines += [
        "",
        "## Robustness figures",
        "",
        "Every fault of the seeded-error corpus in `tests/corpus.py` is run by the test suite;",
        "`python -m tests.corpus --write` recounts these figures (a test fails when they are stale).",
        "",
        figures,
    ]
    return "\n".join(lines) + "\n"
