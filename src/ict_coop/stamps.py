"""Validation stamps: remember that these exact files passed, so loading them again is a read.

Validating a package means reading every file, checking every cell and comparing every quote
with its source; loading it again, unchanged, should not repeat that work. When a full
validation finds nothing, a small JSON *stamp* is written to the cache folder. It records the
library that validated (its version and a fingerprint of its own modules, so an edited rule
invalidates old stamps) and, for each file of the package (the descriptor, every resource's
file and every seed), its size and modification time. A later `load` whose
files all still match skips validation and reads the tables with their types, as
``pyarrow.csv.read_csv`` would. Any difference, in any file, means a full validation again.

This is the change detection of ``git status`` and ``make``: a file rewritten with the same
size *and* the same modification time is not noticed. To keep that out of reach, a stamp is
not written while any file is younger than `SETTLE_SECONDS` (a write in the same clock
tick as the check could otherwise go unseen), nor when a file changed while it was checked.

``ict-coop validate`` and `validate` always check everything. The folder is
``$ICT_COOP_CACHE_DIR`` if set (``off`` disables stamps), else ``$XDG_CACHE_HOME/ict-coop``,
else ``~/.cache/ict-coop``. A folder that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from ._locate import DESCRIPTOR, unsafe_reason

#: A file modified less than this many seconds before a check began is too fresh to stamp.
SETTLE_SECONDS = 2.0
_FORMAT = 1

#: (relative path, size, mtime_ns) of every file of a package, in a fixed order
Fingerprint = tuple[tuple[str, int, int], ...]


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
        for entry in resources:
            path = entry.get("path") if isinstance(entry, dict) else None
            if isinstance(path, str) and unsafe_reason(root, path) is None:
                paths.append(path)
    except (OSError, ValueError):
        pass  # a broken descriptor is validated (and reported) every time: its fingerprint is enough
    return paths + sorted(_files_under(root, "seeds"))


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


def fingerprint(root: Path) -> Fingerprint:
    """Size and modification time of each file of the package (missing files included, as -1)."""
    found = []
    base = str(root)
    for relative in package_files(root):
        try:
            stat = os.stat(os.path.join(base, relative))
            found.append((relative, stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((relative, -1, -1))
    return tuple(found)


@cache
def library_fingerprint() -> str:
    """The validating library: its version and the size and time of each of its own files."""
    here = Path(__file__).resolve().parent
    parts = [__version__, str(_FORMAT)]
    for path in sorted([*here.glob("*.py"), *here.glob("profiles/*.json")]):
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


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


def is_stamped(root: Path, files: Fingerprint) -> bool:
    """True when a stamp says this library found exactly these files valid."""
    return stamp_facts(root, files) is not None


def stamp_facts(root: Path, files: Fingerprint) -> dict[str, Any] | None:
    """What the validation learnt about these files (None when no stamp matches them).

    ``single_line``: the resources in which no value spans lines, which a reader may parse
    without looking for line breaks inside quoted values.
    """
    path = _stamp_path(root)
    if path is None:
        return None
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict):
        return None
    facts = stamp.pop("facts", None)
    if stamp != _record(root, files) or not isinstance(facts, dict):
        return None
    return facts


def write_stamp(root: Path, before: Fingerprint, started: float, facts: dict[str, Any] | None = None) -> bool:
    """Record that the files fingerprinted as ``before`` (at time ``started``) passed.

    ``facts`` (JSON-ready) are kept with the stamp; see `stamp_facts`. Nothing is
    written when a file changed during the check, when one is younger than
    `SETTLE_SECONDS` at ``started``, or when the cache folder cannot be written.
    Returns whether a stamp was written.
    """
    path = _stamp_path(root)
    if path is None or fingerprint(root) != before:
        return False
    settled = (started - SETTLE_SECONDS) * 1e9
    if any(size < 0 or mtime >= settled for _, size, mtime in before):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps({**_record(root, before), "facts": facts or {}}), encoding="utf-8")
        os.replace(partial, path)  # atomic: a reader sees the old stamp or the new one
    except OSError:
        return False
    return True


def forget(root: Path) -> None:
    """Remove the stamp of a package, if any (the next load validates in full)."""
    path = _stamp_path(root)
    if path is not None:
        path.unlink(missing_ok=True)


def now() -> float:
    """The wall-clock time stamps compare modification times with."""
    return time.time()
