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
import unicodedata
from datetime import date

# X stands for a whole unknown component (XXXX, XX): a partly known year such as 201X is refused,
# because every accepted form must have bounds or say plainly that its year is unknown.
_DATE = r"(?:[0-9]{4}|XXXX)(?:-(?:[0-9]{2}|XX)(?:-(?:[0-9]{2}|XX))?)?[~?%]?"
#: The pattern every ``date_edtf`` value must match (anchored; alternations grouped).
EDTF_PATTERN = rf"^({_DATE}|{_DATE}/{_DATE}|\.\./{_DATE}|{_DATE}/\.\.|\[{_DATE}\.\.{_DATE}\])$"
_EDTF_RE = re.compile(EDTF_PATTERN)
_PART_RE = re.compile(r"^([0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2}))?)?([~?%]?)$")


def is_edtf(text: str) -> bool:
    """Tell whether ``text`` is in the EDTF subset this dataset uses.

    Examples:
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
    if "X" in year_s:
        return None  # the year is unknown: no bounds (curators may give them, with their basis)
    if month_s is not None and month_s != "XX" and not 1 <= int(month_s) <= 12:
        msg = f"no month {month_s} in {part!r}"
        raise ValueError(msg)
    year = int(year_s)
    if month_s is None or month_s == "XX":  # 2018 or 2018-XX(-..): some day of that year
        if day_s is not None and day_s != "XX":
            date(year, 1, int(day_s))  # a day of the month that no month has (2018-XX-32) is refused
        return date(year, 1, 1), date(year, 12, 31)
    month = int(month_s)
    if day_s is None or day_s == "XX":  # 2018-05 or 2018-05-XX: some day of that month
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(day_s))  # raises ValueError for 2023-02-30
    return day, day


def edtf_bounds(edtf: str) -> tuple[date | None, date | None]:
    """Return the (earliest, latest) dates an EDTF string implies.

    A bound is None when the string leaves it open or unspecified (``..`` or ``X`` digits).
    Raises ValueError for a string outside the subset or a date that does not exist.

    Examples:
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


def unspecified_problem(edtf: str | None, earliest: date | None, latest: date | None) -> str | None:
    """Why the bounds cannot hold a date with the digits an EDTF with an unknown year states (None: they can).

    ``XXXX-03-28`` implies no bounds, but whatever bounds the curators give must hold some
    28 March: bounds in July of one year contradict it. Each end of an interval or set is
    checked the same way; forms with a known year imply their bounds exactly (checked apart).

    Examples:
        >>> from datetime import date
        >>> unspecified_problem("XXXX-03-28", date(2018, 1, 1), date(2019, 12, 31)) is None
        True
        >>> unspecified_problem("XXXX-03-28", date(2018, 7, 1), date(2018, 7, 31))
        'no date XXXX-03-28 lies within 2018-07-01..2018-07-31'
    """
    if edtf is None or earliest is None or latest is None or "X" not in edtf or earliest > latest:
        return None
    parts = edtf[1:-1].split("..") if edtf.startswith("[") else edtf.split("/")
    for part in parts:
        found = _PART_RE.match(part)
        if found is None:
            continue  # an open end (..)
        year_s, month_s, day_s, _qualifier = found.groups()
        month = None if month_s in (None, "XX") else int(month_s)
        day = None if day_s in (None, "XX") else int(day_s)
        if "X" in year_s and (month or day) and not _some_day_within(month, day, earliest, latest):
            return f"no date {part} lies within {earliest}..{latest}"
    return None


def _some_day_within(month: int | None, day: int | None, earliest: date, latest: date) -> bool:
    """True when a day of that month and/or day number, in any year, lies between the bounds."""
    # eight years hold every month and day, 29 February included: looking further adds nothing
    for year in range(earliest.year, min(latest.year, earliest.year + 8) + 1):
        for m in [month] if month else range(1, 13):
            last = calendar.monthrange(year, m)[1]
            if day is not None and day > last:
                continue
            first_day, last_day = (date(year, m, day),) * 2 if day else (date(year, m, 1), date(year, m, last))
            if first_day <= latest and last_day >= earliest:
                return True
    return False


def edtf_precision(edtf: str) -> str:
    """The ``date_precision`` an EDTF string carries (a value of [`DatePrecision`][ict_coop.vocab.DatePrecision]).

    Examples:
        >>> edtf_precision("2018-05-02"), edtf_precision("2018-05-XX"), edtf_precision("XXXX-09-26/XXXX-09-30")
        ('day', 'month', 'range_unknown_year')
    """
    if not is_edtf(edtf):
        msg = f"not in the dataset's EDTF subset: {edtf!r}"
        raise ValueError(msg)
    unknown_year = edtf.lstrip("[").startswith("XXXX") or "/XXXX" in edtf or "..XXXX" in edtf
    if "/" in edtf or edtf.startswith("["):
        return "range_unknown_year" if unknown_year else "range"
    parts = edtf.rstrip("~?%").split("-")
    known = len(parts) - sum(1 for p in parts[1:] if p == "XX")
    if unknown_year:
        return "day_unknown_year" if len(parts) == 3 and parts[1] != "XX" and parts[2] != "XX" else "unknown"
    return {1: "year", 2: "month", 3: "day"}[min(known, len(parts))] if "XX" not in parts[1:2] else "year"


#: the qualifier each EDTF suffix requires (``%`` is both approximate and uncertain)
QUALIFIER_OF_SUFFIX = {"~": ("approximate",), "?": ("uncertain",), "%": ("approximate", "uncertain")}


def qualifier_problem(edtf: str | None, qualifier: str | None) -> str | None:
    """Why ``date_qualifier`` disagrees with the suffix of ``date_edtf`` (None when they agree).

    A date with no EDTF is ``undated``; ``~`` means approximate, ``?`` uncertain, ``%`` either.

    Examples:
        >>> qualifier_problem("2018-05~", "exact")
        "date_qualifier must be approximate, as date_edtf '2018-05~' says"
        >>> qualifier_problem(None, "exact")
        'date_qualifier must be undated when there is no date_edtf'
    """
    if edtf is None:
        return None if qualifier == "undated" else "date_qualifier must be undated when there is no date_edtf"
    if qualifier == "undated":
        return f"date_qualifier undated needs an empty date_edtf, not {edtf!r}"
    allowed = QUALIFIER_OF_SUFFIX.get(edtf[-1:])
    if allowed is not None and qualifier not in allowed:
        return f"date_qualifier must be {' or '.join(allowed)}, as date_edtf {edtf!r} says"
    return None


_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def stated_year_problem(edtf: str | None, text: str | None) -> str | None:
    """Why a date whose basis is ``stated`` does not state its year (None when it does).

    A stated date's text must write every year its EDTF gives: a year the text leaves out
    came from elsewhere (the dateline, the page's address, outside knowledge) and the basis
    must say so. This is the rule that keeps a year from being invented.

    Examples:
        >>> stated_year_problem("2018-05-02", "Chiều ngày 2/5/2018") is None
        True
        >>> print(stated_year_problem("2016-09-08", "September 8"))  # doctest: +NORMALIZE_WHITESPACE
        date_basis stated needs the year 2016 in date_text 'September 8';
        a year from elsewhere is inferred or external
    """
    if edtf is None or text is None:
        return None
    # a year printed in other digits (Khmer ២០១៧, Arabic-Indic ٢٠١٧, Thai, Lao) is still written
    ascii_digits = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    written = set(_YEAR.findall(ascii_digits))
    for year in dict.fromkeys(_YEAR.findall(edtf)):
        if year not in written:
            return (
                f"date_basis stated needs the year {year} in date_text {text!r}; "
                "a year from elsewhere is inferred or external"
            )
    return None
