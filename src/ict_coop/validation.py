"""Validation: every problem in a data package, as data.

[`validate`][ict_coop.validation.validate] runs, in order:

1. the reader (`ict_coop.reading`): descriptor, files, header, cell types and constraints
   (column-wise on Arrow), primary keys, row order, foreign keys, descriptor drift;
2. the record rules of `ict_coop.models`, column-wise (`ict_coop.rules`),
   on the rows that passed step 1;
3. the cross-table rules: seeds present with their SHA-256; every evidence quote equal to its
   source at its offsets (NFC) and outside page furniture; every evidence row pointing at an
   existing record and field; every fact that needs evidence having it; verbatim fields
   occurring in their record's quotes; child events within their parent's bounds and no
   cycles; required links; the topics table equal to the vocabulary; the version and the
   official Data Package 2.0 profile.

Every check works on whole Arrow columns; Python loops remain only where a value must be
compared with a source text. Steps 2 and 3 run on two threads (`check_threads`): pyarrow's
kernels release the GIL, so independent checks overlap; each returns its own findings, joined
in one fixed order. Row numbers are computed only for findings. It returns a
[`Report`][ict_coop.validation.Report]; it raises only when no package is found at all.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import hashlib
import json
import os
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from ._arrow import arange, ascending, equals, lookup, member, present, whole
from ._locate import DESCRIPTOR, find_root, unsafe_reason
from ._nfc import may_break_nfc_class
from ._version import __version__
from .errors import DataValidationError, Issue, bounded
from .evidence_text import BATCH_BYTES, SeedTexts, differing_passages, missing_values, side_by_side
from .models import Relation
from .reading import PackageRead, key_column, plain, read_package
from .rules import message_at, rule_masks
from .schema import topic_rows
from .tables import describe


@dataclass(frozen=True)
class Report:
    """The outcome of [`validate`][ict_coop.validation.validate]: the package folder and every finding.

    Examples:
        >>> report = validate()          # the shipped data
        >>> report.valid, report.flatten()
        (True, [])
    """

    root: Path
    """The package folder that was checked."""
    issues: tuple[Issue, ...]
    """Every finding, in the order the checks found them; empty when the package is valid."""

    @property
    def valid(self) -> bool:
        """True when there is no finding."""
        return not self.issues

    def flatten(self, keys: Iterable[str] = ("code", "file", "row", "field")) -> list[list[Any]]:
        """Findings as lists of the given attributes (frictionless's `Report.flatten`)."""
        keys = tuple(keys)
        return [[getattr(issue, key) for key in keys] for issue in self.issues]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: `valid`, `root`, `count` (every finding, listed or not) and `issues`."""
        return {
            "valid": self.valid,
            "root": str(self.root),
            "count": len(self.issues) + sum(issue.unlisted - 1 for issue in self.issues if issue.unlisted),
            "issues": [issue.to_dict() for issue in self.issues],
        }

    def raise_if_invalid(self) -> None:
        """Raise [`DataValidationError`][ict_coop.errors.DataValidationError] when there is any finding."""
        if self.issues:
            raise DataValidationError(self.issues)

    def __str__(self) -> str:
        if self.valid:
            return f"valid: {self.root}"
        lines = [f"invalid: {len(self.issues)} problem(s) in {self.root}"]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)


@dataclass(frozen=True)
class Checked:
    """A package read and checked: typed tables, findings, and how long each stage of the check took."""

    read: PackageRead
    issues: tuple[Issue, ...]
    #: stage name -> seconds (wall, ``time.perf_counter``), in the order the stages started; a stage
    #: run once per table (``record_rules``) is summed over its calls. Stages after reading run
    #: on `check_threads` threads, so their seconds may add up to more than the whole check's.
    #: Always measured: a few dozen clock reads cost microseconds.
    stages: dict[str, float] = dataclasses.field(default_factory=dict)
    #: the same stages in CPU seconds, steadier than wall time on a busy machine: of the whole
    #: process for reading (``time.process_time``: its threads' too, so it may exceed its wall
    #: time), of their own thread for the stages after it (``time.thread_time``, see `Stages`)
    stage_cpu: dict[str, float] = dataclasses.field(default_factory=dict)


class Stages(dict):
    """Wall seconds per named stage (CPU seconds in ``.cpu``); ``with stages("name"): ...`` adds the block's.

    A stage run on one of the check's worker threads (`_Steps`) is timed in CPU seconds of that
    thread (``time.thread_time``), so two stages running at once do not count each other's
    work; any other stage in CPU seconds of the whole process (``time.process_time``: the read
    stage's own threads included). Stages may be timed from several threads at once.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cpu: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        """Time the ``with`` block, adding its seconds to stage ``name``."""
        clock = time.thread_time if getattr(_WORKER, "active", False) else time.process_time
        with self._lock:  # listed in the order the stages started
            self.setdefault(name, 0.0)
            self.cpu.setdefault(name, 0.0)
        start, cpu = time.perf_counter(), clock()
        try:
            yield
        finally:
            wall, used = time.perf_counter() - start, clock() - cpu
            with self._lock:
                self[name] += wall
                self.cpu[name] += used


#: Marks the check's worker threads (for the CPU clock of `Stages`).
_WORKER = threading.local()


def check_threads() -> int:
    """How many threads run the checks after reading: ``ICT_COOP_THREADS`` (1 runs them in turn), else 2.

    Most of those checks are pyarrow kernels, which release the GIL, so two independent ones
    overlap on two cores; more threads than that gain little on the machines this is measured
    on (docs/benchmarks.md). The findings and their order do not depend on it
    (``tests/test_validation_threads.py``).
    """
    value = os.environ.get("ICT_COOP_THREADS", "").strip()
    if not value:
        return 2
    try:
        count = int(value)
    except ValueError:
        msg = f"ICT_COOP_THREADS must be a whole number of threads (1 or more), not {value!r}"
        raise ValueError(msg) from None
    if count < 1:
        msg = f"ICT_COOP_THREADS must be 1 or more, not {count}"
        raise ValueError(msg)
    return count


class _Steps:
    """Steps of the check run on a few threads, each timed as a stage; results are asked for by the caller.

    A step may wait for the result of a step added before it, never after: the pool takes steps
    in the order they were added, so every step waited for has started (or finished) and the
    wait cannot deadlock, whatever the number of threads. Each step returns its own findings,
    which the caller joins in the order the checks have always reported them: the findings do
    not depend on which thread ran what, or when.
    """

    def __init__(self, stages: Stages, threads: int) -> None:
        self.stages = stages
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ict-coop-check")

    def __enter__(self) -> _Steps:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def add(self, stage: str | None, step: Any, *args: Any) -> Future:
        """Run ``step(*args)`` timed as ``stage`` (None: the step times its parts itself).

        An argument that is a `Future` (a step added before) is replaced by its result.
        """

        def run() -> Any:
            _WORKER.active = True
            values = [arg.result() if isinstance(arg, Future) else arg for arg in args]
            if stage is None:
                return step(*values)
            with self.stages(stage):
                return step(*values)

        return self.pool.submit(run)


def validate(path: str | Path | None = None) -> Report:
    """Validate a data package and return every finding.

    It always checks everything. When it finds nothing, it stamps the files (in
    `~/.cache/ict-coop`), so that loading them, unchanged, skips a second check.

    Args:
        path: A package folder or its `datapackage.json`; by default the shipped dataset.

    Returns:
        Every finding; `report.valid` is True when nothing is wrong.

    Raises:
        DataNotFoundError: There is no package at `path` (or no shipped data).
        UnsafePathError: `path` is a URL.

    Examples:
        >>> report = validate()
        >>> report.valid
        True
        >>> print(report)  # doctest: +ELLIPSIS
        valid: ...
    """
    from . import stamps

    checked = check_and_stamp(find_root(path))
    # a package's validated.json (the installed data's manifest) must describe exactly these files
    facts = stamps.validation_facts(checked.read.single_line)
    manifest = stamps.manifest_issues(
        checked.read.root, valid=not checked.issues, hashes=checked.read.hashes, facts=facts
    )
    return Report(root=checked.read.root, issues=(*checked.issues, *manifest))


def check_and_stamp(root: Path, files: Any = None) -> Checked:
    """`check`, then stamp the files when nothing was found (`ict_coop.stamps`).

    `files`: their fingerprint, if the caller took it already (before the check began).
    """
    from . import stamps

    check_threads()  # a bad ICT_COOP_THREADS is the caller's error, raised, not a finding about the data
    started = stamps.now()
    files = stamps.fingerprint(root) if files is None else files
    try:
        checked = check(root)
    except Exception as exc:  # a fault no check foresaw is a finding, never a traceback
        message = f"{type(exc).__name__}: {str(exc)[:300]}"
        found = Issue("check-failed", message, file=DESCRIPTOR)
        return Checked(read=PackageRead(root=root, descriptor=None), issues=(found,))
    if not checked.issues:  # a later load() of these same files need not check them again
        facts = {"single_line": sorted(checked.read.single_line)}
        stamps.write_stamp(root, files, started, checked.read.hashes, facts)
    return checked


def check(root: Path) -> Checked:
    """Run every check on the package folder ``root``, timing each stage (`Checked.stages`).

    Reading comes first; then the record rules, table by table; then the cross-table rules,
    which skip the rows the earlier checks flagged (a broken row is reported once). The rules
    after reading run on `check_threads` threads (`_Steps`), their findings joined in one fixed order.
    """
    stages = Stages()
    with stages("read"):  # where each table breaks the record rules is found as soon as it is read
        read = read_package(root, after=rule_masks, pointers=_kept_pointers())
    issues = list(read.issues)
    flagged = _flagged_rows(issues)
    with _Steps(stages, check_threads()) as steps:
        profile = steps.add("profile", _profile, read.parsed) if isinstance(read.parsed, dict) else None
        # the largest tables first, so that two threads finish together; findings in the tables' order
        largest_first = sorted(read.tables, key=lambda name: -read.tables[name].num_rows)
        rules = {name: steps.add("record_rules", _record_rules, read, name, flagged) for name in largest_first}
        for name in read.tables:
            issues += rules[name].result()
        if profile is not None:
            issues += profile.result()
        if read.descriptor is not None and str(read.descriptor.get("version")) != __version__:
            msg = f"descriptor version {read.descriptor.get('version')!r} differs from the library's {__version__!r}"
            issues.append(Issue("version-mismatch", msg, file=DESCRIPTOR, field="version"))
        issues += _cross_table(root, read, _flagged_rows(issues), steps)
    return Checked(read=read, issues=tuple(bounded(issues)), stages=dict(stages), stage_cpu=stages.cpu)


# --------------------------------------------------------------------------- helpers


def _flagged_rows(issues: Iterable[Issue]) -> dict[str, set[int]]:
    flagged: dict[str, set[int]] = defaultdict(set)
    for issue in issues:
        if issue.resource and issue.row is not None:
            flagged[issue.resource].add(issue.row)
    return flagged


def _indices(mask: Any) -> list[int]:
    """The positions where ``mask`` is true (null counts as false)."""
    if not pc.any(mask).as_py():  # the usual case, found without allocating the positions
        return []
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def _clean(read: PackageRead, name: str, flagged: dict[str, set[int]]) -> Any:
    """Mask of the rows of ``name`` that no earlier check flagged (None when all are clean)."""
    rows = flagged.get(name)
    if not rows:
        return None
    return pc.invert(pc.is_in(read.row_numbers(name), value_set=pa.array(sorted(rows), pa.int64())))


# --------------------------------------------------------------------------- record rules


def _record_rules(read: PackageRead, name: str, flagged: dict[str, set[int]]) -> list[Issue]:
    """The record rules of `ict_coop.rules` on table ``name``, for the rows no earlier check flagged."""
    issues = []
    table = read.tables[name]
    clean = _clean(read, name, flagged)
    masks = read.after[name] if name in read.after else rule_masks(name, table)  # applied once the keys are checked
    for mask, field, message in masks:
        failing = mask if clean is None else pc.and_kleene(mask, clean)
        column = table.column(field)
        for index in _indices(failing):
            said = message_at(message, index)
            issues.append(read.issue("rule-error", said, name, index, field, column[index].as_py()))
    return issues


# --------------------------------------------------------------------------- descriptor profile


@cache
def _profile_validator() -> Any:
    import jsonschema

    text = resources.files("ict_coop").joinpath("profiles/datapackage-2.0.json").read_text(encoding="utf-8")
    return jsonschema.Draft7Validator(json.loads(text))


def _profile(descriptor: dict[str, Any]) -> list[Issue]:
    """Validate against the vendored official Data Package 2.0 profile (frictionless does not).

    A resource schema equal to the one the models generate is known to meet the profile
    (``tests/test_schema.py`` checks the generated descriptor), so it is replaced by a stub
    before the (slow) JSON Schema check; any other schema is checked in full.
    """
    resources = descriptor.get("resources")
    if isinstance(resources, list):
        stubbed = []
        for entry in resources:
            name = entry.get("name") if isinstance(entry, dict) else None
            table = describe().get(name) if isinstance(name, str) else None
            if table is not None and entry.get("schema") == table.schema:
                entry = {**entry, "schema": {"fields": [{"name": "stub", "type": "string"}]}}
            stubbed.append(entry)
        descriptor = {**descriptor, "resources": stubbed}
    issues = []
    for error in sorted(_profile_validator().iter_errors(descriptor), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(root)"
        issues.append(
            Issue("descriptor-error", f"Data Package 2.0 profile: {error.message[:300]}", file=DESCRIPTOR, field=where)
        )
    return issues


# --------------------------------------------------------------------------- cross-table rules


def _found(step: Any, *args: Any) -> list[Issue]:
    """Run a check that appends its findings to its last argument; return those findings."""
    issues: list[Issue] = []
    step(*args, issues)
    return issues


def _cross_table(root: Path, read: PackageRead, flagged: dict[str, set[int]], steps: _Steps) -> list[Issue]:
    """The cross-table rules as steps on the check's threads; findings in the order they are joined here.

    Two rounds, so that what the evidence checks hold (the seeds' texts, every record's quotes)
    is let go before the other rules need memory of their own. First the evidence: seeds and
    passages in one step; beside it, what each row says, then per table (the largest first) the
    targets of evidence, the required evidence and the verbatim values (looked for again in the
    seeds' own texts only when a passage differs from its seed). Then the use of quotes, the
    graph rules and the other cross-table rules, each a step.
    """
    from .crosschecks import CHECKS

    issues: list[Issue] = []
    quotes = steps.add(None, _check_quotes, root, read, flagged, steps.stages)
    evidence = read.tables.get("evidence")
    if evidence is not None:
        # Each table's evidence is a step of its own, the largest first, so that both threads
        # share the work; verbatim values are looked for in what the quotes say before the
        # passages are checked against the seeds, and again only if a passage was wrong.
        columns = steps.add("evidence_targets", _EvidenceColumns.of, evidence)
        said = steps.add("said", _Said, read, evidence)
        names = _targeted_tables(read)
        largest_first = sorted(names, key=lambda name: -read.tables[name].num_rows)
        targets = {name: steps.add("evidence_targets", _target, read, name, columns, flagged) for name in largest_first}
        required, verbatim = {}, {}
        for name in largest_first:
            required[name] = steps.add("required_evidence", _required_of, read, name, targets[name])
            verbatim[name] = steps.add("verbatim", _verbatim_of, read, name, targets[name], said)
    issues += quotes.result().issues
    if evidence is not None:
        corrected = quotes.result().corrected
        if corrected:  # what a wrong passage's facts say is the seed's text: looked for again in it
            fixed = steps.add("said", lambda s: s.corrected(read, corrected), said)
            verbatim = {name: steps.add("verbatim", _verbatim_of, read, name, targets[name], fixed) for name in names}
        for name in names:  # a table's findings together, as they always came
            targeted = targets[name].result()
            issues += targeted.issues + required[name].result() + verbatim[name].result()
            targeted.done("rows")
        del columns, targets, said, required, verbatim  # the round's memory, let go
        # no longer beside the verbatim check, which needs the most memory of all
        quote_use = steps.add(
            "quote_use",
            _found,
            _check_quote_use,
            read,
            evidence,
            quotes.result().furniture,
            set(corrected),
            flagged,
        )
    # the longest of the other rules (measured) first, so that no thread is left with it alone at the end
    cross = {name: steps.add(f"cross:{name}", CHECKS[name], read, flagged) for name in _longest_first(CHECKS)}
    rules = [
        steps.add("parents", _found, _check_parents, read, flagged),
        steps.add("cycles", _found, _check_cycles, read, flagged),
        steps.add("links", _found, _check_links, read),
    ]
    topics = steps.add("topics", _check_topics, read)
    if evidence is not None:
        issues += quote_use.result()
    for step in rules:
        issues += step.result()
    for name in CHECKS:
        issues += cross[name].result()
    return issues + topics.result()


#: the cross-table rules of `ict_coop.crosschecks` that take longest (``benchmarks/run.py`` shows each stage)
_LONGEST = ("names",)


def _longest_first(checks: dict[str, Any]) -> list[str]:
    return sorted(checks, key=lambda name: name not in _LONGEST)


class _Quotes(NamedTuple):
    """What the checks against the seeds' texts leave for later steps (the texts themselves are let go)."""

    #: source_id -> the (start, end) spans of its page furniture
    furniture: dict[str, list[tuple[int, int]]]
    #: quote_id -> the seed's text at its offsets, for each quote that differs from it
    corrected: dict[str, str]
    issues: list[Issue]


def _check_quotes(root: Path, read: PackageRead, flagged: dict[str, set[int]], stages: Stages) -> _Quotes:
    """Seeds, then the passages of furniture and quotes: every check that needs the seeds' texts, in one step.

    The texts of a million events' seeds take hundreds of megabytes; they are let go when this
    step ends, before the steps that need the most memory (verbatim values) run.
    """
    issues: list[Issue] = []
    with stages("seeds"):
        seeds = _read_seeds(root, read, flagged, issues)
    with stages("passages"):
        furniture, corrected = _check_passages(read, seeds, flagged, issues)
    return _Quotes(furniture, corrected, issues)


def _check_topics(read: PackageRead) -> list[Issue]:
    """The topics table equals the vocabulary of `ict_coop.vocab`."""
    topics = read.tables.get("topics")
    if topics is not None and topics.to_pylist() != topic_rows():
        msg = "the topics table differs from ict_coop.vocab; run `ict-coop schema --write`"
        return [Issue("vocabulary-drift", msg, resource="topics", file=describe()["topics"].path)]
    return []


def _rows_of(read: PackageRead, name: str, flagged: dict[str, set[int]], *fields: str) -> Iterable[tuple]:
    """(index, values...) of the rows of ``name`` that no check flagged."""
    table = read.tables.get(name)
    if table is None:
        return []
    columns = [table.column(f).to_pylist() for f in fields]
    rows = flagged.get(name, set())
    return (
        (i, *values)
        for i, values in enumerate(zip(*columns, strict=True))
        if not rows or read.row_number(name, i) not in rows
    )


class _Seed(NamedTuple):
    """A shipped source's file as read: the row of ``sources`` naming it, and its bytes."""

    index: int
    source_id: str
    relative: str
    data: bytes


def _read_seeds(root: Path, read: PackageRead, flagged: dict[str, set[int]], issues: list[Issue]) -> SeedTexts:
    """Each shipped source's file, checked (a safe path, its SHA-256, UTF-8) and laid out in its NFC form.

    Files are read and hashed one by one (both release the GIL). A batch of them is then proved
    UTF-8, and its code points counted, by pyarrow kernels, which release it too; only a seed
    holding a character that may break NFC (`ict_coop._nfc`) is decoded and normalised by
    Python. Decoding every seed in Python, as before, took four times as long, held the GIL and
    kept each text twice (bytes and ``str``). A source row gives one finding at most; findings
    come in the rows' order.
    """
    seeds = SeedTexts()
    found: list[tuple[int, Issue]] = []
    batch: list[_Seed] = []
    size = 0
    for index, source_id, file_name, sha256 in _rows_of(read, "sources", flagged, "source_id", "file_name", "sha256"):
        if file_name is None:
            continue  # a cited page: not shipped, nothing to read
        relative = f"seeds/{file_name}"
        reason = unsafe_reason(root, relative)
        if reason is not None:
            found.append((index, read.issue("unsafe-path", reason, "sources", index, "file_name", relative)))
            continue
        path = root / relative
        try:
            data = path.read_bytes()
        except OSError as exc:  # missing, a folder, unreadable
            msg = f"{relative} is missing" if not path.exists() else f"{relative} cannot be read: {exc}"
            found.append((index, read.issue("seed-error", msg, "sources", index, "file_name", relative)))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            msg = f"{relative} has SHA-256 {digest}, not the recorded one: the seed changed"
            found.append((index, read.issue("seed-error", msg, "sources", index, "sha256", digest)))
            continue
        if batch and size + len(data) > BATCH_BYTES:
            _lay_out(seeds, batch, read, found)
            batch, size = [], 0
        batch.append(_Seed(index, source_id, relative, data))
        size += len(data)
    if batch:
        _lay_out(seeds, batch, read, found)
    issues += [issue for _, issue in sorted(found, key=lambda pair: pair[0])]
    return seeds


def _lay_out(seeds: SeedTexts, batch: list[_Seed], read: PackageRead, found: list[tuple[int, Issue]]) -> None:
    """Lay a batch of seeds side by side in `seeds`, each in its NFC form; a seed that is not UTF-8 is a finding."""
    buffer, offsets = side_by_side([seed.data for seed in batch])
    raw = pa.Array.from_buffers(
        pa.large_binary(), len(batch), [None, pa.array(offsets, pa.int64()).buffers()[1], buffer]
    )
    try:
        texts = raw.cast(pa.large_string())  # proves every seed UTF-8, without the GIL
    except pa.ArrowInvalid:  # a seed is not UTF-8: Python decodes each, says where, and has the last word
        laid = []
        for seed in batch:
            try:
                text = seed.data.decode("utf-8")
            except UnicodeDecodeError as exc:
                msg = f"{seed.relative} is not UTF-8: {exc}"
                found.append((seed.index, read.issue("encoding-error", msg, "sources", seed.index, None, None)))
                continue
            nfc = unicodedata.normalize("NFC", text)  # the same object when it is NFC already
            laid.append((seed.source_id, seed.data if nfc is text else nfc.encode("utf-8"), len(nfc)))
        if laid:
            seeds.add_joined(laid)
        return
    chars = pc.utf8_length(texts).to_pylist()
    normalised = {}
    for k in _indices(pc.match_substring_regex(texts, may_break_nfc_class())):  # may not be NFC: tested exactly
        text = str(memoryview(buffer)[offsets[k] : offsets[k + 1]], "utf-8")
        nfc = unicodedata.normalize("NFC", text)
        if nfc != text:
            normalised[k] = nfc
    ids = [seed.source_id for seed in batch]
    if not normalised:
        seeds.add(ids, buffer, offsets, chars)
        return
    laid = [
        (source, normalised[k].encode("utf-8"), len(normalised[k]))
        if k in normalised
        else (source, seed.data, chars[k])
        for k, (source, seed) in enumerate(zip(ids, batch, strict=True))
    ]
    seeds.add_joined(laid)


@dataclass
class _Targeted:
    """One table's evidence rows that name one of its records and fields, and what the later checks need."""

    table: pa.Table
    #: the key of each of the table's records (as evidence names it)
    keys: Any
    #: the records no earlier check flagged (and, for sources, the shipped ones): their facts are checked
    own: Any
    #: indices of the evidence rows, the position of their record in the table, their fields
    rows: Any
    at: Any
    field: Any
    #: ``evidence-target`` findings: evidence naming no record, or no field, of the table
    issues: list[Issue]
    #: the users of the arrays above (the required-evidence step; the verbatim values, let go once
    #: their findings are final): each lets go of its own when done with the table, the last of
    #: the shared ones (`done`), so that a million records' keys are not held for every table at once
    users: int = 2
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def done(self, *own: str) -> None:
        """A user is done with the table: let go of the arrays ``own`` only it uses, and of the shared ones if last."""
        with self.lock:
            for name in own:
                setattr(self, name, None)
            self.users -= 1
            if self.users == 0:
                self.table = self.keys = self.own = self.at = None


class _EvidenceColumns(NamedTuple):
    """The evidence columns every table's targets are found from, each as one array."""

    resource: Any
    record_key: Any
    field: Any

    @classmethod
    def of(cls, evidence: pa.Table) -> _EvidenceColumns:
        return cls(*(whole(evidence.column(name)) for name in cls._fields))


def _targeted_tables(read: PackageRead) -> list[str]:
    """The tables whose records evidence may name, in the package's order (an unreadable one is reported on its own)."""
    return [
        name
        for name in describe()
        if name in read.tables and name not in read.incomplete and name not in ("evidence", "quotes")
    ]


def _target(read: PackageRead, name: str, evidence: _EvidenceColumns, flagged: dict[str, set[int]]) -> _Targeted:
    """Table ``name``'s evidence rows that name an existing record and field of it.

    Targets and required evidence are checked from the tables' keys, not from valid rows only:
    a row that broke a rule is reported once and must not make its facts look unsourced.
    """
    table = read.tables[name]
    resource, record_key, field = evidence
    issues: list[Issue] = []
    # this resource's evidence rows only: each check then touches each row once
    rows = pc.indices_nonzero(equals(resource, name))
    their_key, their_field = _pick(record_key, rows), _pick(field, rows)
    keys = key_column(table, describe()[name].key)
    # where each row's record is: the one lookup by key text; the later checks compare positions
    at = lookup(their_key, keys)
    unknown_key = pc.is_null(at)
    for position in _indices(unknown_key):
        index = rows[position].as_py()
        msg = f"no record {record_key[index].as_py()!r} in {name}"
        issues.append(read.issue("evidence-target", msg, "evidence", index, "record_key", record_key[index]))
    fields = pa.array(list(describe()[name].names), pa.string())
    unknown_field = pc.and_(pc.invert(unknown_key), pc.invert(pc.is_in(their_field, value_set=fields)))
    for position in _indices(unknown_field):
        index = rows[position].as_py()
        msg = f"{name} has no field {field[index].as_py()!r}"
        issues.append(read.issue("evidence-target", msg, "evidence", index, "field", field[index]))
    known = pc.invert(pc.or_(unknown_key, unknown_field))
    # only rows no earlier check flagged: a broken row is reported once
    own = _clean(read, name, flagged)
    own = _all_true(table.num_rows) if own is None else own
    if name == "sources":  # a cited page's own metadata is read from the page, not quoted
        shipped = pc.equal(plain(whole(table.column("kind"))), "shipped")
        own = pc.and_(own, pc.fill_null(shipped, False))
    return _Targeted(table, keys, own, rows.filter(known), at.filter(known), their_field.filter(known), issues)


def _required_of(read: PackageRead, name: str, t: _Targeted) -> list[Issue]:
    """``missing-evidence`` findings of one table (`_required_evidence`)."""
    found: list[Issue] = []
    _required_evidence(read, name, t.table, t.keys, t.own, t.at, t.field, found, _outside_keys(read, name))
    t.done("field")
    return found


def _verbatim_of(read: PackageRead, name: str, t: _Targeted, said: _Said) -> list[Issue]:
    """``text-not-in-quote`` findings of one table (`_verbatim`); the caller lets go of ``t.rows`` when sure of them."""
    found: list[Issue] = []
    _verbatim(read, name, t.table, t.keys, t.own, said, t.rows, t.at, found)
    return found


def _pick(values: Any, rows: Any) -> Any:
    """``values.take(rows)`` for increasing ``rows``; a slice, with no copy, when they are consecutive.

    Evidence is sorted by table and record, so a table's evidence rows usually are one run.
    """
    count = len(rows)
    if count and rows[count - 1].as_py() - rows[0].as_py() == count - 1:
        return values.slice(rows[0].as_py(), count)
    return values.take(rows)


def _all_true(count: int) -> Any:
    return pc.fill_null(pa.nulls(count, pa.bool_()), True)


#: the link from each evidence row to its quote: the key check finds each row's quote, and the
#: checks of what quotes say, and of quotes no row cites, take it from there
_QUOTE_OF_EVIDENCE = ("evidence", ("quote_id",))


@cache
def _kept_pointers() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The links whose target rows the key check keeps for the rules (`PackageRead.pointers`).

    Each evidence row's quote and source, each self-reference (an event's parent, an
    organisation's) and each link a record needs (an event's participants): the rules on
    quotes, evidence kinds, parents, cycles and needed links follow the rows the key check
    found, rather than look every value up again.
    """
    from .crosschecks import SOURCE_OF_EVIDENCE

    selves = tuple(
        (name, link.fields)
        for name, described in describe().items()
        for link in described.links
        if link.relation is Relation.SELF_REFERENCE
    )
    needed = tuple((link.table, link.fields) for link in describe().links if link.needed is not None)
    return (_QUOTE_OF_EVIDENCE, SOURCE_OF_EVIDENCE, *selves, *needed)


def _parent_rows(read: PackageRead, name: str, field: str, ids: Any) -> Any:
    """The row of table ``name`` that each row's ``field`` points at (null: none), as int64; the key check's if kept."""
    found = read.pointers.get((name, (field,)))
    if found is None:  # the table could not be key-checked (it lost rows): looked up here
        found = lookup(plain(whole(read.tables[name].column(field))), ids)
    return pc.cast(found, pa.int64())


def _quote_of_evidence(read: PackageRead, evidence: pa.Table, quotes: pa.Table) -> Any:
    """The row of ``quotes`` each evidence row cites (null: none), as the key check found it when it could."""
    found = read.pointers.get(_QUOTE_OF_EVIDENCE)
    if found is not None:
        return found
    return pc.index_in(whole(evidence.column("quote_id")), value_set=whole(quotes.column("quote_id")))


class _Said:
    """What each evidence row's source says in its own words: its quote's text, or a cited page's terms.

    A quote that differs from its seed is reported once (``quote-mismatch``); the verbatim
    values of its facts are then checked against what the seed really says there. The texts
    are taken only for the rows asked for (`of`), once.
    """

    def __init__(self, read: PackageRead, evidence: pa.Table) -> None:
        # made large strings row by row as asked for (`of`): a cast of the whole column copied
        # the offsets of millions of rows, most of which (quotes) have no terms
        self.terms = plain(whole(evidence.column("terms")))
        self.text = self.at = None
        quotes = read.tables.get("quotes")
        if quotes is None:
            return
        # large strings before the take: the rows of a chunk may cite one long quote many times
        # over, past the 2 GiB a string array's offsets can hold
        self.text = pc.cast(whole(quotes.column("text")), pa.large_string())
        self.at = _quote_of_evidence(read, evidence, quotes)

    def corrected(self, read: PackageRead, corrected: dict[str, str]) -> _Said:
        """The same, but with the seed's own text for each quote_id in ``corrected`` (quotes that differ from it)."""
        fixed = copy.copy(self)
        quotes = read.tables["quotes"]
        ids, text = quotes.column("quote_id").to_pylist(), quotes.column("text").to_pylist()
        fixed.text = pa.array([corrected.get(i, t) for i, t in zip(ids, text, strict=True)], pa.large_string())
        return fixed

    def of(self, rows: Any) -> Any:
        """The words of the evidence rows ``rows`` (null: a cited page that gives no terms)."""
        terms = pc.cast(_pick(self.terms, rows), pa.large_string())
        if self.text is None:
            return terms
        return pc.coalesce(pc.take(self.text, _pick(self.at, rows)), terms)


class _Spans(NamedTuple):
    """Rows of a table that record a seed's text at offsets (furniture, quotes), in the columns compared."""

    rows: Any
    source_id: Any
    start: Any
    end: Any
    text: Any

    @classmethod
    def of(cls, table: pa.Table, rows: Any) -> _Spans:
        source_id = plain(whole(table.column("source_id"))).take(rows)
        start, end = (pc.cast(whole(table.column(f)).take(rows), pa.int64()) for f in ("start", "end"))
        return cls(rows, source_id, start, end, plain(whole(table.column("text"))).take(rows))


def _clean_rows(read: PackageRead, name: str, flagged: dict[str, set[int]]) -> Any:
    clean = _clean(read, name, flagged)
    return arange(read.tables[name].num_rows) if clean is None else pc.indices_nonzero(clean)


def _check_passages(
    read: PackageRead, seeds: SeedTexts, flagged: dict[str, set[int]], issues: list[Issue]
) -> tuple[dict[str, list[tuple[int, int]]], dict[str, str]]:
    """Each furniture span and each quote equal to its source at its offsets.

    Returns the furniture's spans (source_id -> its sorted (start, end)) and, for each quote
    that differs from its seed, quote_id -> the seed's text there. The one check that must
    compare each passage with a text runs once per row of ``furniture`` and ``quotes`` (a
    passage is recorded once however many facts it backs), in one column-wise pass over the
    seeds' buffers (`ict_coop.evidence_text.differing_passages`). Furniture's findings come first.
    """
    furniture = quotes = None
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if read.tables.get("furniture") is not None:
        furniture = _Spans.of(read.tables["furniture"], _clean_rows(read, "furniture", flagged))
        sources, starts, ends = (a.to_pylist() for a in (furniture.source_id, furniture.start, furniture.end))
        for source, first, last in zip(sources, starts, ends, strict=True):
            if source in seeds:
                spans[source].append((first, last))
    found: list[tuple[int, Issue]] = []
    if "evidence" in read.tables and read.tables.get("quotes") is not None:
        quotes = _quotes_to_compare(read, flagged, found)
    parts = [part for part in (furniture, quotes) if part is not None]
    differing = []
    if parts:
        texts = [part.text for part in parts]
        if len({t.type for t in texts}) > 1:
            texts = [pc.cast(t, pa.large_string()) for t in texts]
        joined = [pa.concat_arrays([getattr(p, f) for p in parts]) for f in ("source_id", "start", "end")]
        # the texts as chunks, not joined: at 10^6 events the quotes' are hundreds of megabytes
        differing = differing_passages(seeds, *joined, pa.chunked_array(texts))
    count = 0 if furniture is None else len(furniture.rows)
    for at in differing if furniture is not None else []:
        if at >= count:
            break
        index = furniture.rows[at].as_py()
        msg = "the text differs from the source at start:end; run `ict-coop curate build`"
        issues.append(read.issue("quote-mismatch", msg, "furniture", index, "text", furniture.text[at].as_py()))
    corrected = {}
    if quotes is not None:
        quote_ids = read.tables["quotes"].column("quote_id")
        for at in (at - count for at in differing if at >= count):
            index, seed = quotes.rows[at].as_py(), seeds[quotes.source_id[at].as_py()]
            begin, stop = quotes.start[at].as_py(), quotes.end[at].as_py()
            corrected[quote_ids[index].as_py()] = seed[begin:stop]
            msg = f"the source has {seed[begin:stop][:60]!r} at {begin}:{stop}; run `ict-coop curate build`"
            found.append((index, read.issue("quote-mismatch", msg, "quotes", index, "text", quotes.text[at].as_py())))
        issues += [issue for _, issue in sorted(found, key=lambda pair: pair[0])]
    return {source: sorted(found) for source, found in spans.items()}, corrected


def _quotes_to_compare(read: PackageRead, flagged: dict[str, set[int]], found: list[tuple[int, Issue]]) -> _Spans:
    """The clean rows of ``quotes`` but those quoting a cited page, which are findings (added to ``found``)."""
    quotes = read.tables["quotes"]
    rows = _clean_rows(read, "quotes", flagged)
    source_id = plain(whole(quotes.column("source_id"))).take(rows)
    cited = pa.array([], pa.string())
    sources = read.tables.get("sources")
    if sources is not None:
        kinds = plain(whole(sources.column("kind")))
        cited = whole(sources.column("source_id").filter(pc.fill_null(pc.equal(kinds, "cited"), False)))
    quoted_cited = pc.fill_null(pc.is_in(source_id, value_set=cited), False)
    for at in _indices(quoted_cited):
        index, source = rows[at].as_py(), source_id[at].as_py()
        msg = f"{source} is a cited page: its text is not shipped, so nothing can be quoted from it"
        found.append((index, read.issue("evidence-kind", msg, "quotes", index, "source_id", source)))
    return _Spans.of(quotes, rows.take(pc.indices_nonzero(pc.invert(quoted_cited))))


def _check_quote_use(
    read: PackageRead,
    evidence: pa.Table,
    furniture: dict[str, list[tuple[int, int]]],
    wrong: set[str],
    flagged: dict[str, set[int]],
    issues: list[Issue],
) -> None:
    """Every quote backs some fact; no fact but a source's own metadata quotes page furniture."""
    quotes = read.tables.get("quotes")
    if quotes is None:
        return
    quote_ids = whole(quotes.column("quote_id"))
    cited = whole(evidence.column("quote_id"))
    # the rows the key check found cited, with no hash of ids or rows; by id when not
    # key-checked, or when an id is there twice (both its rows are cited)
    pointed = read.pointed(*_QUOTE_OF_EVIDENCE)
    used = pc.is_in(quote_ids, value_set=cited) if pointed is None else present(pointed, quotes.num_rows)
    for index in _indices(pc.invert(used)):
        msg = "no evidence row cites this passage; remove it or run `ict-coop curate build`"
        issues.append(read.issue("unused-quote", msg, "quotes", index, "quote_id", quote_ids[index]))
    # Furniture: quotes about the sources table (outlet, byline) may quote it; no other may.
    if not furniture:
        return
    spans = quotes.select(["quote_id", "source_id", "start", "end"])
    # every passage beside its source's furniture spans (a page has a handful), column-wise
    pieces = pa.table(
        {
            "source_id": pa.array([s for s, spans_of in furniture.items() for _ in spans_of], pa.string()),
            "f_start": pa.array([a for spans_of in furniture.values() for a, _ in spans_of], pa.int64()),
            "f_end": pa.array([b for spans_of in furniture.values() for _, b in spans_of], pa.int64()),
        }
    )
    paired = spans.join(pieces, "source_id", join_type="inner", use_threads=False)
    overlap = pc.and_(
        pc.less(paired.column("f_start"), paired.column("end")), pc.less(paired.column("start"), paired.column("f_end"))
    )
    inside = set(paired.filter(overlap).column("quote_id").to_pylist()) - wrong
    if not inside:
        return
    facts = pc.invert(equals(whole(evidence.column("resource")), "sources"))
    clean = _clean(read, "evidence", flagged)
    facts = facts if clean is None else pc.and_(facts, clean)
    hits = pc.and_(facts, pc.fill_null(pc.is_in(cited, value_set=pa.array(sorted(inside), pa.string())), False))
    for index in _indices(hits):
        msg = "the quote overlaps page furniture (caption, image name, sidebar, footer)"
        issues.append(read.issue("quote-in-furniture", msg, "evidence", index, "quote_id", cited[index].as_py()))


def _outside_keys(read: PackageRead, name: str) -> dict[str, Any]:
    """Field -> the keys of ``name``'s records that outside knowledge supplies it for."""
    table = read.tables.get("outside_knowledge")
    if table is None or table.num_rows == 0:
        return {}
    mine = table.filter(pc.equal(plain(whole(table.column("resource"))), name))
    out: dict[str, Any] = {}
    for field in set(mine.column("field").to_pylist()):
        out[field] = whole(mine.filter(pc.equal(mine.column("field"), field)).column("record_key"))
    return out


def _required_evidence(
    read: PackageRead,
    name: str,
    table: pa.Table,
    keys: Any,
    own: Any,
    at: Any,
    field: Any,
    issues: list[Issue],
    outside: dict[str, Any],
) -> None:
    """Every fact that needs evidence has a row (``at``/``field``: the table's evidence, by record position).

    A value whose basis is not ``stated`` (inferred: the note says how; external: an
    outside_knowledge row) needs no evidence row; outside knowledge also counts as evidence.
    """
    described = describe()[name]
    basis_of = {value: basis for basis, value in described.bases.items()}
    for required in described.evidenced:
        column = whole(table.column(required))
        # the records with a row for this field, by position (no hash of keys)
        have = present(pc.filter(at, pc.equal(field, required)), table.num_rows)
        if required in outside:
            have = pc.or_(have, pc.is_in(keys, value_set=outside[required].cast(keys.type)))
        need = pc.and_(own, pc.is_valid(column))
        if required in basis_of:
            stated = pc.fill_null(pc.equal(plain(whole(table.column(basis_of[required]))), "stated"), False)
            need = pc.and_(need, stated)
        missing = pc.and_(need, pc.invert(have))
        for index in _indices(missing):
            msg = f"{required} of {keys[index].as_py()!r} has no evidence row"
            issues.append(read.issue("missing-evidence", msg, name, index, required, column[index].as_py()))


#: records whose verbatim values are checked at a time. The quotes of a chunk's records, joined
#: per record and gathered for each value, grow with the chunk, not with the table: a large
#: table at once took gigabytes of fresh memory at 10^6 events (peak -10 % in chunks) and
#: 1.3-2.5x the time. Smaller chunks cost more calls (at 10^5 events, 2^14 records took 1.7x
#: the time of 2^17; measured)
VERBATIM_RECORDS = 1 << 16


def _verbatim(
    read: PackageRead, name: str, table: pa.Table, keys: Any, own: Any, said: _Said, rows: Any, at: Any, issues: list
) -> None:
    """Verbatim values occur in a quote of their record (``rows``: the table's evidence rows; ``at``: their records).

    Records are taken `VERBATIM_RECORDS` at a time: evidence is sorted by record, so each
    chunk's evidence rows are one run of ``rows`` (rows out of order are taken as one chunk).
    Findings come field by field, row by row, whatever the chunks.
    """
    verbatim = describe()[name].verbatim
    if not verbatim:
        return
    # per verbatim field, the rows whose value is checked (clean rows with a value), in order
    pending = []
    for required in verbatim:
        column = plain(whole(table.column(required)))
        pending.append((column, pc.indices_nonzero(pc.and_(own, pc.is_valid(column)))))
    if not any(len(checked) for _, checked in pending):
        return
    at = pc.cast(at, pa.int64())
    in_order = ascending(at, strictly=False)
    step = VERBATIM_RECORDS if in_order else table.num_rows
    missing: list[tuple[int, int]] = []  # (field, row)
    for low in range(0, table.num_rows, step):
        high = min(low + step, table.num_rows)
        first, last = _between(at, low, high) if in_order else (0, len(at))
        if first == last:
            continue  # no quote: not compared (the required-evidence check reports what lacks one)
        texts, text_of = _quotes_of_records(
            high - low, pc.subtract(at.slice(first, last - first), low), said.of(rows.slice(first, last - first))
        )
        values, index, ends = [], [], []  # each field's values in the chunk, one after the other
        for column, checked in pending:
            begin, end = _between(checked, low, high)
            chunk = checked.slice(begin, end - begin)
            values.append(pc.cast(column.take(chunk), pa.large_string()))
            index.append(pc.cast(chunk, pa.int64()))
            ends.append(len(chunk) + (ends[-1] if ends else 0))
        chunk_rows = pa.concat_arrays(index)
        if len(chunk_rows) == 0:
            continue
        for position in missing_values(pa.concat_arrays(values), texts, text_of.take(pc.subtract(chunk_rows, low))):
            missing.append((bisect.bisect_right(ends, position), chunk_rows[position].as_py()))
    for field, row in sorted(missing):
        required = verbatim[field]
        value, key = table.column(required)[row].as_py(), keys[row].as_py()
        msg = f"{required} does not occur in any evidence quote of {key!r}"
        issues.append(read.issue("text-not-in-quote", msg, name, row, required, value))


def _between(ordered: Any, low: int, high: int) -> tuple[int, int]:
    """Where the values in ``[low, high)`` are in the sorted integers ``ordered``: ``(first, last)``, by bisection."""

    def value(scalar: pa.Scalar) -> int:
        return scalar.as_py()

    first = bisect.bisect_left(ordered, low, key=value)
    return first, bisect.bisect_left(ordered, high, first, key=value)


def _quotes_of_records(count: int, at: Any, quote: Any) -> tuple[Any, Any]:
    """All the quotes of each record in one text; for each of the ``count`` records, its text's position (null: none).

    ``at``: the record (its position in the table) of each quote. The quotes are joined with
    NUL: no checked value holds a control character, so a value occurs in one of the quotes
    exactly when it occurs in their joined text. Evidence is sorted by key, so a record's
    quotes are one run of rows (sorted here if they are not).
    """
    said = pa.table({"at": pc.cast(at, pa.int64()), "quote": quote}).filter(
        pc.is_valid(quote)
    )  # cited pages may give no terms
    if said.num_rows == 0:
        return pa.array([], pa.large_string()), pa.nulls(count, pa.int32())
    record = whole(said.column("at"))
    if pc.any(pc.less(record.slice(1), record.slice(0, len(record) - 1))).as_py():  # rows out of order
        said = said.take(pc.sort_indices(record))
        record = whole(said.column("at"))
    changes = pc.indices_nonzero(pc.not_equal(record.slice(1), record.slice(0, len(record) - 1)))
    starts = pa.concat_arrays([pa.array([0], pa.int64()), pc.add(pc.cast(changes, pa.int64()), 1)])
    offsets = pa.concat_arrays([starts, pa.array([len(record)], pa.int64())])
    quotes = pa.LargeListArray.from_arrays(offsets, whole(said.column("quote")))
    return pc.binary_join(quotes, pa.scalar("\x00", pa.large_string())), lookup(arange(count), record.take(starts))


def _check_links(read: PackageRead, issues: list[Issue]) -> None:
    """Each row a foreign key declares `needed` (`ict_coop.models.ForeignKey`) for has a row pointing at it."""
    for link in describe().links:
        if link.needed is None:
            continue
        table, linked = read.tables.get(link.target), read.tables.get(link.table)
        if table is None or linked is None or link.table in read.incomplete:
            continue  # reported on its own
        key = describe()[link.target].key
        keys = key_column(table, link.target_fields)
        pointed = read.pointed(link.table, link.fields)
        if pointed is None:  # not key-checked, or a key twice (both its rows count as linked)
            lacking = pc.invert(member(keys, key_column(linked, link.fields)))
        else:  # the rows the key check found pointed at: no lookup of keys again
            lacking = pc.invert(present(pointed, table.num_rows))
        if link.needed_when is not None:
            lacking = pc.and_(lacking, pc.is_valid(table.column(link.needed_when)))
        for index in _indices(lacking):
            msg = f"{keys[index].as_py()!r} has no row in {link.table} ({link.needed})"
            issues.append(read.issue("missing-link", msg, link.target, index, key[0], keys[index]))


def _check_parents(read: PackageRead, flagged: dict[str, set[int]], issues: list[Issue]) -> None:
    """Child events within their parent's bounds; no cycles of parents (clean rows only)."""
    events = read.tables.get("events")
    if events is None or events.num_rows == 0:
        return
    clean = _clean(read, "events", flagged)
    ok = pa.array([True] * events.num_rows) if clean is None else clean
    ids = whole(events.column("event_id"))
    parent_ids = whole(events.column("parent_event_id"))
    none = pa.nulls(1, pa.int64())[0]
    # each row's parent row; null when it has none, or when either is flagged (reported once)
    found = _parent_rows(read, "events", "parent_event_id", ids)
    found = pc.if_else(ok, found, none)
    parent = pc.if_else(pc.fill_null(pc.take(ok, found), False), found, none)
    linked = pc.is_valid(parent)
    at = pc.fill_null(parent, 0)
    low, high = whole(events.column("date_earliest")), whole(events.column("date_latest"))
    low_out = pc.fill_null(pc.less(low, low.take(at)), False)
    high_out = pc.fill_null(pc.greater(high, high.take(at)), False)
    for index in _indices(pc.and_(linked, pc.or_(low_out, high_out))):
        up = parent[index].as_py()
        msg = (
            f"{low[index].as_py()}..{high[index].as_py()} is outside its parent {parent_ids[index].as_py()}'s "
            f"{low[up].as_py()}..{high[up].as_py()}"
        )
        field = "date_earliest" if low_out[index].as_py() else "date_latest"
        issues.append(read.issue("parent-bounds", msg, "events", index, field, ids[index].as_py()))


def _check_cycles(read: PackageRead, flagged: dict[str, set[int]], issues: list[Issue]) -> None:
    """No cycles in any self-reference (an event's parent, an organisation's, a source republished; clean rows only).

    Every foreign key of a table into itself is followed: jump up the chains, doubling the
    stride each time (taking a null index gives null: the chain ended). A chain that still goes
    on after more steps than there are rows must loop. Each row on or leading into a loop is reported.
    """
    for name, described in describe().items():
        table = read.tables.get(name)
        if table is None or table.num_rows == 0:
            continue
        for link in described.links:
            if link.relation is not Relation.SELF_REFERENCE or len(link.fields) != 1:
                continue
            field = link.fields[0]
            clean = _clean(read, name, flagged)
            ids = key_column(table, link.target_fields)
            up = _parent_rows(read, name, field, ids)
            if clean is not None:  # a flagged row (reported already) neither loops nor is looped through
                none = pa.nulls(1, pa.int64())[0]
                up = pc.if_else(clean, up, none)
                up = pc.if_else(pc.fill_null(pc.take(clean, pc.fill_null(up, 0)), False), up, none)
            ancestor = up
            for _ in range(table.num_rows.bit_length() + 1):
                if ancestor.null_count == len(ancestor):
                    break  # every chain ended
                ancestor = pc.take(ancestor, ancestor)
            looping = _indices(pc.is_valid(ancestor))
            chain = up.to_pylist() if looping else []
            for index in looping:
                msg = f"{field} forms a cycle through {_cycle_member(chain, index, ids)}"
                issues.append(read.issue("rule-error", msg, name, index, field, table.column(field)[index].as_py()))


def _cycle_member(parent: list, index: int, ids: Any) -> str:
    """The event at which the chain of parents starting at ``index`` first repeats."""
    seen, current = {index}, parent[index]
    while current not in seen:
        seen.add(current)
        current = parent[current]
    return str(ids[current].as_py())
