"""ict-coop: a curated dataset of Viet Nam's international ICT cooperation.

The meetings, visits, talks and agreements of Viet Nam's Ministry of Information and
Communications (Bộ Thông tin và Truyền thông) with foreign partners, 2016–2025, curated from
public reports, every fact traceable to the source that states it.

Examples:
    >>> from ict_coop import load
    >>> meetings = load("meetings")                 # typed, linked objects
    >>> events = load("events", format="arrow")     # or a pyarrow.Table
    >>> len(meetings) == events.num_rows
    True
    >>> all(m.event_id == e for m, e in zip(meetings, events.column("event_id").to_pylist()))
    True

Importing this package is cheap: it reads no file and imports neither pyarrow, pydantic nor
frictionless. Those load when a function that needs them is first called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# public name -> module that defines it (imported on first use)
_LAZY = {
    "load": "loading",
    "Dataset": "loading",
    "Meeting": "loading",
    "AgreementRecord": "loading",
    "Engagement": "views",
    "EngagementPartner": "views",
    "validate": "validation",
    "Report": "validation",
    "Issue": "errors",
    "IctCoopError": "errors",
    "DataValidationError": "errors",
    "DataNotFoundError": "errors",
    "UnknownResourceError": "errors",
    "MissingDependencyError": "errors",
    "UnsafePathError": "errors",
    "cite": "citation",
    "models": None,
    "research": None,
    "citation": None,
    "vocab": None,
    "dates": None,
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:  # pragma: no cover
    from . import citation, dates, models, research, vocab
    from .citation import cite
    from .errors import (
        DataNotFoundError,
        DataValidationError,
        IctCoopError,
        Issue,
        MissingDependencyError,
        UnknownResourceError,
        UnsafePathError,
    )
    from .loading import AgreementRecord, Dataset, Meeting, load
    from .validation import Report, validate
    from .views import Engagement, EngagementPartner


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        msg = f"module 'ict_coop' has no attribute {name!r}"
        raise AttributeError(msg)
    module = importlib.import_module(f".{_LAZY[name] or name}", __name__)
    value = module if _LAZY[name] is None else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
