"""The reader's cheap forms of costly checks give the answers of the checks they replace.

UTF-8 validity is proved by the parser, cell by cell, and by a pyarrow cast (no GIL) for a
file that does not parse well, instead of ``bytes.decode``; a date or date-time is checked by
comparing the digits written with what ``strptime`` parsed instead of formatting every value
back with ``strftime``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ict_coop.reading import _kept_digits, _read_resource, _text_view, read_resource
from ict_coop.tables import describe


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


#: pieces of a CSV file: text, delimiters, quotes, line ends, whole UTF-8 characters, and bytes
#: that are not UTF-8 (a lone lead or continuation byte, a surrogate, an overlong form, 0xff)
TEXT = [
    b"a",
    b"Bo",
    b"12",
    b",",
    b'"',
    b"\n",
    b"\r",
    b"\xc3\xa1",
    b"\xe1\xbb\x87",
    b"\xf0\x9f\x98\x80",
    b"\xef\xbb\xbf",
]
PIECES = [*TEXT, b"\xff", b"\xc3", b"\xe1\xbb", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf"]
CELL = st.lists(st.sampled_from(PIECES), max_size=4).map(b"".join)
ROW = st.lists(CELL, min_size=5, max_size=8).map(b",".join)  # the countries table has 7 columns
COUNTRIES = ",".join(describe()["countries"].names).encode()


@settings(max_examples=300, deadline=None)
@given(
    bom=st.booleans(),
    header=st.just(COUNTRIES) | st.builds(bytes.__add__, st.just(COUNTRIES), CELL),
    rows=st.lists(ROW, max_size=6),
    end=st.sampled_from([b"", b"\n", b"\xc3", b"\n\xff"]),
)
@example(bom=False, header=COUNTRIES, rows=[b"AGO,AO,024,Angola,H\xf9ng,540,540"], end=b"\n")
@example(bom=True, header=COUNTRIES + b"\xff", rows=[], end=b"")  # in the header
@example(bom=False, header=COUNTRIES, rows=[b"AGO,AO,024\xff"], end=b"\n")  # in a row the parser skips
@example(bom=False, header=COUNTRIES, rows=[b'AGO,AO,024,"An\n\xffgola",x,1,1'], end=b"")  # in a quoted cell
@example(
    bom=False, header=b'"country_code",alpha2,iso_numeric,name_en,name_vi,cow_code,"gw_code', rows=[b"\xff"], end=b""
)
def test_a_file_is_refused_as_not_utf8_exactly_when_python_cannot_decode_it(bom, header, rows, end):
    """Wherever the bad byte is (header, a cell, a quoted cell, a malformed row, the end), and only then."""
    data = (b"\xef\xbb\xbf" if bom else b"") + b"\n".join([header, *rows]) + end
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "data").mkdir()
        (Path(folder) / "data" / "countries.csv").write_bytes(data)
        _, _, issues, _ = read_resource(Path(folder), "countries", {"path": "data/countries.csv"})
    codes = [issue.code for issue in issues]
    body = data[3:] if bom else data
    bad = _first_bad_byte(body)
    if bad is None:
        assert "encoding-error" not in codes
        return
    line = body.count(b"\n", 0, bad) + 1
    assert codes == ["bom"] * bom + ["line-endings"] * (b"\r" in data) + ["encoding-error"]  # and nothing else
    assert issues[-1].message == f"byte {bad} (line {line}) is not valid UTF-8: {body[bad : bad + 1]!r}"
    assert issues[-1].row == line


VALID_CELL = st.lists(st.sampled_from(TEXT), max_size=4).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(VALID_CELL, min_size=6, max_size=8).map(b",".join) | st.just(b""), max_size=6),
    quoted=st.lists(st.sampled_from([b'"two\nlines"', b'"a\r\nb"', b'"x"', b"\t"]), max_size=2),
    end=st.sampled_from([b"", b"\n", b"\r\n"]),
    newline=st.sampled_from([b"\n", b"\r\n", b"\r"]),
)
@example(rows=[b"AGO,AO,024,Angola,Angola,540,540", b""], quoted=[], end=b"\n", newline=b"\n")  # a blank row at the end
@example(
    rows=[b"AGO,AO,024,Angola,Angola,540"], quoted=[b'"two\nlines"'], end=b"", newline=b"\n"
)  # a value across lines
@example(rows=[b"AGO,AO,024,Angola,Angola,540,540"] * 2, quoted=[], end=b"", newline=b"\r")  # rows end in CR only
def test_the_lines_of_a_file_are_counted_or_known_from_its_rows(rows, quoted, end, newline):
    """One line per row is what lets a stamp skip the search for line breaks in values."""
    rows = [row + b"," + b"".join(quoted) if row and quoted else row for row in rows]
    data = newline.join([COUNTRIES, *rows]) + end
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "data").mkdir()
        (Path(folder) / "data" / "countries.csv").write_bytes(data)
        read = _read_resource(Path(folder), "countries", {"path": "data/countries.csv"})
    if read.table is not None:
        assert read.lines == data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _first_bad_byte(data: bytes) -> int | None:
    """Where Python's decoder stops (None when it reads every byte)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


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


def test_pointers_are_used_only_for_a_declared_link_to_a_target_whose_key_held():
    """`PackageRead.pointed` hands a rule the key check's rows only where they are each value's one row."""
    from ict_coop.errors import Issue
    from ict_coop.reading import PackageRead

    link = ("evidence", ("source_id",))
    assert any(each.fields == link[1] and each.target == "sources" for each in describe()["evidence"].links)
    rows = pa.array([0, 1, None], pa.int64())
    read = PackageRead(root=Path("."), descriptor=None, pointers={link: rows, ("evidence", ("nothing",)): rows})
    assert read.pointed(*link) is rows
    assert read.pointed("evidence", ("nothing",)) is None  # not a declared link: no pointers, no error
    assert read.pointed("evidence", ("quote_id",)) is None  # declared, but not kept
    read.issues.append(Issue("primary-key", "duplicate primary key", resource="sources", row=3, value="s1"))
    assert read.pointed(*link) is None  # a source id twice: the key check's row is only the first
