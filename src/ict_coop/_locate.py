"""Finding the data package, and keeping every read inside it.

The package is looked for, in order:

1. the ``path`` a caller gives (a folder, or a ``datapackage.json`` file);
2. the folder named by the ``ICT_COOP_DATA_DIR`` environment variable;
3. the copy installed inside the wheel (``ict_coop/_data/``);
4. the checkout this module lives in (an editable install, or ``src`` on ``sys.path``), found
   by walking up to a folder holding both ``pyproject.toml`` and ``datapackage.json``. An
   editable install needs this: hatchling copies force-included data only into real wheels.

Nothing is ever fetched: a URL is refused, not downloaded.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .errors import DataNotFoundError, DataValidationError, Issue, UnsafePathError

ENV_VAR = "ICT_COOP_DATA_DIR"
DESCRIPTOR = "datapackage.json"
#: The folder of the shipped sources' texts, inside the package folder.
SEEDS = "seeds"
#: A resource path longer than this (characters), or with a name longer than 255 bytes, is refused.
MAX_PATH = 1024
_MAX_NAME_BYTES = 255


def _is_url(text: str) -> bool:
    return "://" in text or text.startswith(("http:", "https:", "ftp:", "file:"))


def find_root(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder of the data package to read.

    Raises `UnsafePathError` for a URL and `DataNotFoundError`, listing every
    place looked in, when no package is found.
    """
    tried: list[str] = []
    if path is not None:
        if _is_url(os.fspath(path)):
            msg = f"ict-coop reads only local files and never fetches URLs: {os.fspath(path)!r}"
            raise UnsafePathError(msg)
        given = os.fspath(path)
        try:
            candidate = Path(path).expanduser()
            if candidate.name == DESCRIPTOR and candidate.is_file():
                return candidate.parent.resolve()
            if candidate.is_dir() and (candidate / DESCRIPTOR).is_file():
                return candidate.resolve()
            is_file, exists = candidate.is_file(), candidate.exists()
        except (OSError, ValueError) as exc:  # a NUL in the path, a name too long for the file system
            msg = f"cannot look for a package at path={given!r}: {exc}"
            raise DataNotFoundError(msg) from None
        if is_file:
            msg = f"{given!r} is a file, not a package: give the package's folder or its {DESCRIPTOR}"
        elif not exists:
            msg = f"no package at {given!r}: there is no such file or folder"
        else:
            msg = f"no {DESCRIPTOR} in the folder {given!r}: give a package's folder or its {DESCRIPTOR}"
        raise DataNotFoundError(msg)
    env = os.environ.get(ENV_VAR)
    if env:
        if (Path(env) / DESCRIPTOR).is_file():
            return Path(env).resolve()
        tried.append(f"${ENV_VAR}={env} (no {DESCRIPTOR} there)")
    installed = installed_data()
    if (installed / DESCRIPTOR).is_file():
        return installed
    tried.append(f"the installed package data at {installed}")
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file() and (folder / DESCRIPTOR).is_file():
            return folder
    tried.append(f"a checkout above {Path(__file__).resolve().parent}")
    msg = (
        "the ict-coop data package was not found. Looked in: "
        + "; ".join(tried)
        + f". Reinstall ict-coop, or set {ENV_VAR} to a folder holding {DESCRIPTOR}."
    )
    raise DataNotFoundError(msg)


def installed_data() -> Path:
    """The folder of the data package installed with the library (``ict_coop/_data``), existing or not.

    Only this folder's files come from the wheel, with the library itself: a folder a user
    names (``path``, ``ICT_COOP_DATA_DIR``, a checkout) holds whatever its owner wrote there.
    `ict_coop.stamps.shipped_stamp` trusts the manifest of validated hashes only here.
    """
    return Path(__file__).resolve().parent / "_data"


def unsafe_reason(root: Path, relative: object) -> str | None:
    """Why a resource path may not be read, or None when it is a safe path inside ``root``.

    Safe means: a relative POSIX path string, not a URL, not absolute, with no ``..`` and no
    hidden folder, that resolves (following symlinks) to a place inside ``root``; at most
    `MAX_PATH` characters, no name longer than 255 bytes (what file systems allow), and
    no control or invisible formatting character (a NUL ends a path in C, a bidi override
    shows it in another order).
    """
    if not isinstance(relative, str) or not relative:
        return "the path must be a non-empty string"
    if len(relative) > MAX_PATH:
        return f"the path is longer than {MAX_PATH} characters"
    if any(_invisible(char) for char in relative):
        return "the path holds a control or invisible formatting character"
    if _is_url(relative):
        return "the path is a URL; ict-coop never fetches data"
    if relative.startswith(("/", "\\", "~")) or (len(relative) > 1 and relative[1] == ":"):
        return "the path is absolute"
    parts = relative.replace("\\", "/").split("/")
    if ".." in parts:
        return "the path climbs out of the package with '..'"
    if any(part.startswith(".") for part in parts):
        return "the path goes through a hidden folder or file"
    if any(len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES for part in parts):
        return f"a name in the path is longer than {_MAX_NAME_BYTES} bytes"
    inside = _real(str(root))
    try:
        resolved = os.path.realpath(os.path.join(inside, relative))
    except (OSError, ValueError) as exc:
        return f"the path cannot be resolved: {exc}"
    if resolved != inside and not resolved.startswith(inside.rstrip(os.sep) + os.sep):
        return f"the path resolves to {resolved}, outside the package (a symlink?)"
    return None


def _invisible(char: str) -> bool:
    # Unicode categories Cc (control) and Cf (format: bidi overrides, zero-width characters)
    import unicodedata

    return unicodedata.category(char) in ("Cc", "Cf")


@functools.lru_cache(maxsize=64)
def _real(path: str) -> str:
    # a package's own folder is resolved once, not once per file (thousands of seeds)
    return os.path.realpath(path)


def find_repository(path: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds the curation files (``curation/``) and the package they build.

    ``path`` when given; otherwise the nearest folder at or above the working directory with
    both ``curation/`` and ``datapackage.json``. Curation is a repository task: the installed
    wheel carries the built package, not its curation files.
    """
    start = Path(path).expanduser() if path is not None else Path.cwd()
    if path is not None and _is_url(os.fspath(path)):
        msg = f"ict-coop reads only local files and never fetches URLs: {os.fspath(path)!r}"
        raise UnsafePathError(msg)
    for folder in (start, *start.resolve().parents):
        if (folder / "curation").is_dir() and (folder / DESCRIPTOR).is_file():
            return folder.resolve()
    msg = f"no folder with curation/ and {DESCRIPTOR} at or above {start}"
    raise DataNotFoundError(msg)


def seed_path(file_name: str) -> str:
    """The path of a seed file, relative to the package folder (as findings name it)."""
    return f"{SEEDS}/{file_name}"


def seed_text(root: Path, file_name: str, sha256: str | None = None) -> str:
    """The text of a seed file of the package at ``root``, decoded from UTF-8 and normalised to NFC.

    With ``sha256`` (the hash ``sources.csv`` records), the bytes read are the bytes checked:
    a seed changed since raises `DataValidationError` (``seed-error``).
    """
    import hashlib
    import unicodedata

    relative = seed_path(file_name)
    data = (root / relative).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        msg = f"{relative} has SHA-256 {digest}, not the recorded one: the seed changed"
        raise DataValidationError([Issue("seed-error", msg, resource="sources", file=relative, value=digest)])
    return unicodedata.normalize("NFC", data.decode("utf-8"))
