"""File hashes and validation stamps: what is loaded is what was checked.

Validating a package means reading every file, checking every cell and comparing every quote
with its source; loading it again, unchanged, should not repeat that work. When a full
validation finds nothing, a small JSON *stamp* is written to the cache folder. It records the
library that validated (its version and a fingerprint of its own modules, so an edited rule
invalidates old stamps) and, for every file of the package (the descriptor, every resource's
file and every seed):

- the SHA-256 of the very bytes the validation checked (descriptor and tables), and
- its *status*: size, modification time, inode and status-change time (``ctime``).

A later `load` uses a stamp only when every file's status still matches; it
then reads each table it is asked for **once**, from one open file whose status, taken before
and after the parse, must still be the stamp's: no write reached the file since it was
checked, not even during the parse. So the rows returned are always rows of the bytes that
passed validation: a file rewritten in place or replaced while it is read is refused, and the
loader validates the package again from scratch (`ict_coop.loading`) instead of
returning it in part.

The status is a signal an in-place write cannot fake: the kernel sets ``ctime`` to the time
of every write, truncation, rename or ``utime`` call (putting the modification time back, as
``touch -r`` does, changes ``ctime``), and a replaced file has a new inode. Only changes that
bypass the file system (a disk rotting under it, a raw device write) or a clock set back
escape it. For those, ``ICT_COOP_VERIFY=hash`` (`verify_by_hash`) makes loads hash
each table as it is parsed (`HashingReader`) and compare the hash with the stamp's,
which costs about a quarter more time per load; ``ict-coop validate`` always reads
everything. Files a load does not parse (the seeds) are checked by their status. (Windows
reports creation time as ``st_ctime``: there the signal is size, modification time and the
hash mode.)

To keep the status signal exact, a stamp is not written while any file is younger than
`SETTLE_SECONDS` (a write in the same clock tick as the check could otherwise leave
its times unchanged), nor when a file's status changed while it was checked.

The installed wheel's first load needs no validation either: ``ict-coop curate build``, once
its validation finds nothing, writes `MANIFEST` (``validated.json``: the hash of every file,
the version and the facts a stamp keeps) beside the descriptor, the wheel ships it, and CI
checks it is current (``ict-coop validate`` and ``curate build --check``). `shipped_stamp`
hashes the installed files, and when all match it writes the user's stamp from the manifest.
Only the installed copy is trusted so (`ict_coop._locate.installed_data`): a manifest in a
folder a user names is as writable as the data beside it, and proves nothing.

``ict-coop validate`` and `validate` always check everything. The folder is
``$ICT_COOP_CACHE_DIR`` if set (``off`` disables stamps), else ``$XDG_CACHE_HOME/ict-coop``,
else ``~/.cache/ict-coop``. A folder that cannot be written only costs speed.

This module is part of the package-files layer at the bottom of the library (with
``_version``, ``_locate`` and ``errors``): it imports nothing above it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import _locate
from ._locate import DESCRIPTOR, SEEDS, unsafe_reason
from ._version import __version__
from .errors import IctCoopError, Issue

#: A file modified less than this many seconds before a check began is too fresh to stamp.
SETTLE_SECONDS = 2.0
_FORMAT = 2

#: (relative path, size, mtime_ns, ctime_ns, inode) of every file of a package, in a fixed order
Fingerprint = tuple[tuple[str, int, int, int, int], ...]


class FileChanged(IctCoopError):
    """A stamped file's bytes differ from the bytes that were validated (it changed since)."""


# --------------------------------------------------------------------------- file hashes


def content_hash(data: bytes) -> str:
    """The hash a descriptor and a stamp record for a file's bytes (``sha256:<hex>``)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def file_facts(data: bytes) -> dict[str, Any]:
    """The ``bytes`` and ``hash`` a descriptor records for a file."""
    return {"bytes": len(data), "hash": content_hash(data)}


class HashingReader(io.RawIOBase):
    """A file read once, start to end, hashing each block as a parser reads it.

    Give it to ``pyarrow.csv.read_csv`` in place of the path: the parser pulls blocks
    through `readinto` (from its read-ahead thread, while other threads parse the
    blocks before), and `finish` hashes what the parser left unread and returns the
    hash of the whole file, so the table parsed and the hash are of the same bytes.
    ``hashlib`` releases the GIL on large blocks, so hashing runs beside parsing.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        self._hash = hashlib.sha256()

    def readable(self) -> bool:
        """Always: the file is open for reading."""
        return True

    def read(self, size: int = -1) -> bytes:
        """The next ``size`` bytes (all the rest when negative), hashed; empty at the end."""
        data = self._file.read(size) if size >= 0 else self._file.readall()
        self._hash.update(data)
        return data

    def readinto(self, buffer: Any) -> int:
        """Read the next block into ``buffer``, hashing it; returns its length (0 at the end)."""
        count = self._file.readinto(buffer) or 0
        if count:
            self._hash.update(memoryview(buffer)[:count])
        return count

    def finish(self) -> str:
        """The hash of every byte of the file (reading what was not read yet)."""
        while block := self._file.read(1 << 20):
            self._hash.update(block)
        return "sha256:" + self._hash.hexdigest()

    def close(self) -> None:
        """Close the file."""
        self._file.close()
        super().close()


def read_verified(root: Path, relative: str, expected: str | None) -> bytes:
    """The bytes of a small file (the descriptor), read once; `FileChanged` unless they hash to ``expected``."""
    try:
        data = (root / relative).read_bytes()
    except OSError as exc:
        msg = f"{relative} cannot be read again: {exc}"
        raise FileChanged(msg) from None
    if content_hash(data) != expected:
        msg = f"{relative} differs from the validated file"
        raise FileChanged(msg)
    return data


# --------------------------------------------------------------------------- fingerprints


def cache_dir() -> Path | None:
    """Where stamps live; None when they are turned off (``ICT_COOP_CACHE_DIR=off``)."""
    configured = os.environ.get("ICT_COOP_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ict-coop"


def package_files(root: Path) -> list[str]:
    """Relative paths of the files a validation reads: descriptor, resource files, seeds."""
    paths = [DESCRIPTOR]
    try:
        descriptor = json.loads((root / DESCRIPTOR).read_bytes())
        resources = descriptor.get("resources", []) if isinstance(descriptor, dict) else []
        for entry in resources if isinstance(resources, list) else []:
            path = entry.get("path") if isinstance(entry, dict) else None
            if isinstance(path, str) and unsafe_reason(root, path) is None:
                paths.append(path)
    except (OSError, ValueError, RecursionError):
        pass  # a broken descriptor is validated (and reported) every time: its fingerprint is enough
    return paths + sorted(_files_under(root, SEEDS))


def _files_under(root: Path, folder: str) -> list[str]:
    # os.scandir, not Path.rglob: a large package has tens of thousands of seeds
    found, pending = [], [folder]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(os.path.join(root, relative)) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(f"{relative}/{entry.name}")
                    else:
                        found.append(f"{relative}/{entry.name}")
        except OSError:
            continue
    return found


def status(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a stamp keeps of a file's status: size, mtime, ctime (ns) and inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def fingerprint(root: Path) -> Fingerprint:
    """The status of each file of the package: size, mtime, ctime and inode (-1 when missing)."""
    found = []
    base = str(root)
    for relative in package_files(root):
        try:
            found.append((relative, *status(os.stat(os.path.join(base, relative)))))
        except (OSError, ValueError):
            found.append((relative, -1, -1, -1, -1))
    return tuple(found)


def verify_by_hash() -> bool:
    """True when ``ICT_COOP_VERIFY=hash``: stamped loads hash every table as they parse it.

    By default a stamped load checks the status of each table's open file before and after
    parsing it (no cost); with ``hash`` it also hashes the bytes parsed, for file systems or
    disks whose contents may change under them (about a quarter more time per load).
    """
    return os.environ.get("ICT_COOP_VERIFY", "").strip().lower() == "hash"


@cache
def library_fingerprint() -> str:
    """The validating library: its version and the size and time of each of its own files."""
    here = Path(__file__).resolve().parent
    parts = [__version__, str(_FORMAT)]
    for path in sorted([*here.glob("*.py"), *here.glob("profiles/*.json")]):
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# --------------------------------------------------------------------------- stamps


@dataclass(frozen=True)
class Stamp:
    """What a validation that found nothing recorded about the files it checked.

    ``hashes``: relative path -> hash of the bytes checked (the descriptor and each table).
    ``facts``: what the check learnt, e.g. ``single_line``, the resources in which no value
    spans lines (a reader may parse them without looking for line breaks inside quotes).
    """

    hashes: dict[str, str]
    facts: dict[str, Any]


def _stamp_path(root: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:32]
    return folder / f"valid-{key}.json"


def _record(root: Path, files: Fingerprint) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "library": library_fingerprint(),
        "root": str(root.resolve()),
        "files": [list(entry) for entry in files],
    }


def find_stamp(root: Path, files: Fingerprint) -> Stamp | None:
    """The stamp of this library for files with exactly this status (None when there is none)."""
    path = _stamp_path(root)
    if path is None:
        return None
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict):
        return None
    hashes, facts = stamp.pop("hashes", None), stamp.pop("facts", None)
    if stamp != _record(root, files) or not isinstance(hashes, dict) or not isinstance(facts, dict):
        return None
    return Stamp(hashes=hashes, facts=facts)


def is_stamped(root: Path, files: Fingerprint) -> bool:
    """True when a stamp says this library found files with exactly this status valid."""
    return find_stamp(root, files) is not None


def write_stamp(
    root: Path, before: Fingerprint, started: float, hashes: dict[str, str], facts: dict[str, Any] | None = None
) -> bool:
    """Record that the files with status ``before`` (taken at time ``started``) passed.

    ``hashes``: the hash of the bytes the check read, per relative path; ``facts`` (JSON-ready)
    are kept with the stamp (see `Stamp`). Nothing is written when a file's status
    changed during the check, when one is younger than `SETTLE_SECONDS` at ``started``,
    or when the cache folder cannot be written. Returns whether a stamp was written.
    """
    path = _stamp_path(root)
    if path is None or fingerprint(root) != before:
        return False
    settled = (started - SETTLE_SECONDS) * 1e9
    if any(size < 0 or max(mtime, ctime) >= settled for _, size, mtime, ctime, _ in before):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        record = {**_record(root, before), "hashes": hashes, "facts": facts or {}}
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, path)  # atomic: a reader sees the old stamp or the new one
    except OSError:
        return False
    return True


def now() -> float:
    """The wall-clock time stamps compare file times with."""
    return time.time()


# --------------------------------------------------------------------------- the shipped manifest

#: The manifest ``ict-coop curate build`` writes beside ``datapackage.json`` once a validation
#: of the files found nothing: a stamp that travels with the files (see `shipped_stamp`).
MANIFEST = "validated.json"
_ABOUT = (
    "Written by `ict-coop curate build` after a validation of these files found nothing: the SHA-256 of "
    "every file validated. The installed wheel's first load trusts its own copy of it (see ict_coop.stamps)."
)


def validation_facts(single_line: set[str] | frozenset[str]) -> dict[str, Any]:
    """The `Stamp.facts` of a validation that found nothing (JSON-ready, in a fixed order)."""
    return {"single_line": sorted(single_line)}


def manifest_record(root: Path, hashes: dict[str, str], facts: dict[str, Any]) -> dict[str, Any]:
    """What the manifest of the package at ``root`` holds: format, version, every file's hash, facts.

    ``hashes`` are those of the bytes a validation read (the descriptor and the tables); the
    files it does not list (the seeds) are hashed here. A file that cannot be read has no hash.
    """
    files = {relative: hashes.get(relative) or _hash_of(root / relative) for relative in package_files(root)}
    return {"format": _FORMAT, "version": __version__, "files": files, "facts": facts}


def render_manifest(record: dict[str, Any]) -> str:
    """The text of a manifest file (`manifest_record`), as the build writes it."""
    return json.dumps({"about": _ABOUT, **record}, indent=1, ensure_ascii=False) + "\n"


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of the package at ``root``, or None when it has none this library can read."""
    try:
        record = json.loads((root / MANIFEST).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    record.pop("about", None)
    files, facts = record.get("files"), record.get("facts")
    if set(record) != {"format", "version", "files", "facts"} or not isinstance(facts, dict):
        return None
    if not isinstance(files, dict) or not all(isinstance(value, str) for value in files.values()):
        return None
    return record


def shipped_stamp(root: Path, files: Fingerprint) -> Stamp | None:
    """A stamp for the installed wheel's own data, from its manifest: no validation on a first load.

    CI validated exactly the bytes the wheel ships, and the build recorded their hashes in
    `MANIFEST`. So when ``root`` is the installed package (`ict_coop._locate.installed_data`),
    its manifest is of this library's version, and every file, read once from an open file
    whose status before and after the read is the one in ``files``, hashes to the manifest's
    hash, the files are treated as validated: the user's stamp is written (`write_stamp`) and
    returned, and the load goes on as any stamped load does (each table's status checked again
    around its parse). Hashing costs a small fraction of validating (``docs/quickstart.md``).

    Anything else returns None, and the caller validates in full: a folder a user names (its
    manifest is as writable as its data, so it proves nothing), a missing or other version's
    manifest, a file added, removed or edited since installation. The reason is logged (a
    warning of the ``ict_coop`` logger), since an installed file that changed is worth knowing.
    """
    if root.resolve() != _locate.installed_data():
        return None
    started = now()
    manifest = read_manifest(root)
    if manifest is None or manifest["format"] != _FORMAT or manifest["version"] != __version__:
        found = "missing or unreadable" if manifest is None else f"of ict-coop {manifest['version']}"
        return _not_shipped(f"its manifest ({MANIFEST}) is {found}; this is ict-coop {__version__}")
    expected: dict[str, str] = manifest["files"]
    if sorted(relative for relative, *_ in files) != sorted(expected):
        return _not_shipped(f"its files are not the {len(expected)} files its manifest lists")
    for relative, *known in files:
        if _hash_of(root / relative, expect_status=tuple(known)) != expected[relative]:
            return _not_shipped(f"{relative} differs from the file validated before it was shipped, or changed as read")
    write_stamp(root, files, started, expected, manifest["facts"])  # later processes: the usual stamp
    return Stamp(hashes=expected, facts=manifest["facts"])


def _not_shipped(reason: str) -> None:
    import logging

    logging.getLogger("ict_coop").warning("the installed data package is validated in full: %s", reason)


def _hash_of(path: Path, expect_status: tuple[int, ...] | None = None) -> str | None:
    """``sha256:<hex>`` of a file's bytes (None when it cannot be read).

    With ``expect_status``, also None unless the open file's `status` is that before and
    after the read: the bytes hashed are then those of the file with that status.
    """
    try:
        with open(path, "rb") as handle:
            if expect_status is not None and status(os.fstat(handle.fileno())) != expect_status:
                return None
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            if expect_status is not None and status(os.fstat(handle.fileno())) != expect_status:
                return None
    except (OSError, ValueError):
        return None
    return "sha256:" + digest


def manifest_issues(root: Path, *, valid: bool, hashes: dict[str, str], facts: dict[str, Any]) -> list[Issue]:
    """What is wrong with the manifest of the package at ``root`` (nothing when it has none).

    ``valid``, ``hashes`` and ``facts`` are of a validation just made. The manifest must never
    vouch for other files than valid ones: for valid files it must be exactly what the build
    would write now (else the installed first load validates in full, and `curate build
    --check` fails); for files that fail validation it must not match them (an installed copy
    would be loaded unchecked). Files that fail validation and differ from the manifest need
    no finding more: one mistake, one message.
    """
    if not os.path.lexists(root / MANIFEST):
        return []
    manifest = read_manifest(root)
    current = manifest_record(root, hashes, facts)
    if manifest is None:
        message = f"{MANIFEST} is not a manifest ict-coop {__version__} can read: run `ict-coop curate build`"
    elif valid:
        differences = [key for key in ("format", "version", "facts") if manifest[key] != current[key]]
        listed, there = manifest["files"], current["files"]
        differences += sorted(name for name in listed.keys() | there.keys() if listed.get(name) != there.get(name))
        if not differences:
            return []
        shown = ", ".join(differences[:3]) + (f" and {len(differences) - 3} more" if len(differences) > 3 else "")
        message = f"{MANIFEST} does not describe the validated files ({shown} differ): run `ict-coop curate build`"
    elif (manifest["version"], manifest["files"]) == (__version__, current["files"]):
        message = f"{MANIFEST} vouches for these files, which fail validation: the installed copy would load them"
    else:
        return []
    return [Issue("manifest-mismatch", message, file=MANIFEST)]
