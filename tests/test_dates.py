"""The EDTF subset and the bounds it implies."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ict_coop.dates import edtf_bounds, is_edtf


@pytest.mark.parametrize(
    ("edtf", "bounds"),
    [
        ("2023-05-17", (date(2023, 5, 17), date(2023, 5, 17))),
        ("2022-12", (date(2022, 12, 1), date(2022, 12, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2018", (date(2018, 1, 1), date(2018, 12, 31))),
        ("2018-09-26/2018-09-30", (date(2018, 9, 26), date(2018, 9, 30))),
        ("[2018-09-26..2018-09-30]", (date(2018, 9, 26), date(2018, 9, 30))),
        ("../2018-05-03", (None, date(2018, 5, 3))),
        ("2018-05-03/..", (date(2018, 5, 3), None)),
        ("XXXX-03-28", (None, None)),
        ("XXXX-09-26/XXXX-09-30", (None, None)),
        ("2018~", (date(2018, 1, 1), date(2018, 12, 31))),
    ],
)
def test_bounds(edtf, bounds):
    assert edtf_bounds(edtf) == bounds


@pytest.mark.parametrize("bad", ["2023-02-30", "17/5/2023", "2023-5-7", "", "2023-13", "2023/2024/2025"])
def test_rejects(bad):
    with pytest.raises(ValueError):  # noqa: PT011 - both "not EDTF" and "no such day" are ValueError
        edtf_bounds(bad)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(["day", "month", "year"]))
def test_bounds_contain_the_date(day, precision):
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
    low, high = edtf_bounds(text)
    assert is_edtf(text)
    assert low <= day <= high
    if precision == "month":
        assert high.day == calendar.monthrange(day.year, day.month)[1]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 400))
def test_interval_bounds_are_its_ends(start, length):
    from datetime import timedelta

    end = start + timedelta(days=length)
    assert edtf_bounds(f"{start}/{end}") == (start, end)
    assert edtf_bounds(f"[{start}..{end}]") == (start, end)
