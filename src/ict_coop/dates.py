"""The EDTF subset used for dates, and the bounds it implies.

Dates are kept in three layers (see ``docs/curation.md``): the text as the source writes it,
a normalised EDTF string, and ``earliest``/``latest`` bounds as real dates. This module knows
the EDTF forms the dataset allows and computes the bounds an EDTF string implies, so that the
validator can check that the layers agree.

Allowed forms (``X`` marks an unspecified digit; a trailing ``~``, ``?`` or ``%`` qualifies):

- ``2023-05-17``, ``2022-12``, ``2018`` — a day, month or year;
- ``2018-09-26/2018-09-30`` — an interval (the event spans it);
- ``[2018-09-26..2018-09-30]`` — one day of a set (the event is one of those days);
- ``../2018-05-03`` and ``2018-05-03/..`` — open intervals;
- ``XXXX-03-28`` — a day whose year is unknown.

Stdlib only.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_DATE = r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|XXXX)(?:-(?:[0-9]{2}|XX)(?:-(?:[0-9]{2}|XX))?)?[~?%]?"
#: The pattern every ``date_edtf`` value must match (anchored; alternations grouped).
EDTF_PATTERN = rf"^({_DATE}|{_DATE}/{_DATE}|\.\./{_DATE}|{_DATE}/\.\.|\[{_DATE}\.\.{_DATE}\])$"
_EDTF_RE = re.compile(EDTF_PATTERN)
_PART_RE = re.compile(r"^([0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2}))?)?([~?%]?)$")


def is_edtf(text: str) -> bool:
    """Tell whether ``text`` is in the EDTF subset this dataset uses.

    >>> is_edtf("2023-05-17"), is_edtf("XXXX-09-26/XXXX-09-30"), is_edtf("17/5/2023")
    (True, True, False)
    """
    return _EDTF_RE.match(text) is not None


def _part_bounds(part: str) -> tuple[date, date] | None:
    """Bounds of one EDTF date; None when a digit is unspecified or the date cannot exist."""
    m = _PART_RE.match(part)
    if m is None:
        msg = f"not an EDTF date: {part!r}"
        raise ValueError(msg)
    year_s, month_s, day_s, _qualifier = m.groups()
    if "X" in year_s or (month_s and "X" in month_s) or (day_s and "X" in day_s):
        return None
    year = int(year_s)
    if month_s is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(month_s)
    if day_s is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(day_s))  # raises ValueError for 2023-02-30
    return day, day


def edtf_bounds(edtf: str) -> tuple[date | None, date | None]:
    """Return the (earliest, latest) dates an EDTF string implies.

    A bound is None when the string leaves it open or unspecified (``..`` or ``X`` digits).
    Raises ValueError for a string outside the subset or a date that does not exist.

    >>> edtf_bounds("2022-12")
    (datetime.date(2022, 12, 1), datetime.date(2022, 12, 31))
    >>> edtf_bounds("[2018-09-26..2018-09-30]")
    (datetime.date(2018, 9, 26), datetime.date(2018, 9, 30))
    >>> edtf_bounds("XXXX-03-28")
    (None, None)
    """
    if not is_edtf(edtf):
        msg = f"not in the dataset's EDTF subset: {edtf!r}"
        raise ValueError(msg)
    if edtf.startswith("["):
        first, last = edtf[1:-1].split("..")
    elif "/" in edtf:
        first, last = edtf.split("/")
    else:
        first = last = edtf
    low = None if first == ".." else _part_bounds(first)
    high = None if last == ".." else _part_bounds(last)
    return (low[0] if low else None), (high[1] if high else None)
