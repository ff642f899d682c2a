"""The reader's cheap forms of costly checks give the answers of the checks they replace.

UTF-8 validity is proved by a pyarrow cast (no GIL) instead of ``bytes.decode``; a date or
date-time is checked by comparing the digits written with what ``strptime`` parsed instead of
formatting every value back with ``strftime``.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given
from hypothesis import strategies as st

from ict_coop.reading import _kept_digits, _text_view


@given(st.binary(max_size=40) | st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")))
@example(b"\xed\xa0\x80")  # a surrogate, written as UTF-8
@example(b"\xc0\xaf")  # an overlong slash
@example(b"\xf4\x90\x80\x80")  # beyond U+10FFFF
@example(b"\xef\xbb\xbfabc")
def test_the_cast_accepts_exactly_what_python_decodes(data):
    try:
        data.decode("utf-8")
        decodes = True
    except UnicodeDecodeError:
        decodes = False
    assert (_text_view(data, 0) is not None) == decodes
    if decodes:
        assert _text_view(data, 0)[0].as_py() == data.decode("utf-8")


DIGITS = st.integers(0, 99).map(lambda n: f"{n:02d}")


def _round_trip(values: list[str], kind: str) -> list:
    """The check the reader made before: parse, format back, compare."""
    fmt = "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S"
    column = pa.array(values, pa.string())
    parsed = pc.strptime(column, format=fmt, unit="s", error_is_null=True)
    return pc.equal(pc.strftime(parsed, format=fmt), column).to_pylist()


@given(
    year=st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    month=DIGITS,
    day=DIGITS,
    time=st.tuples(DIGITS, DIGITS, DIGITS).map(":".join),
)
@example(year="2023", month="02", day="29", time="00:00:00")
@example(year="2024", month="02", day="29", time="23:59:60")
@example(year="0999", month="12", day="31", time="24:00:00")
def test_kept_digits_agree_with_a_strftime_round_trip(year, month, day, time):
    for kind, value in (("date", f"{year}-{month}-{day}"), ("datetime", f"{year}-{month}-{day}T{time}")):
        fmt = "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S"
        column = pa.array([value])
        parsed = pc.strptime(column, format=fmt, unit="s", error_is_null=True)
        assert _kept_digits(parsed, column, kind).to_pylist() == _round_trip([value], kind), value
