"""The NFC pre-filter (`ict_coop._nfc`): a text it finds nothing in is in NFC, as `is_normalized` says.

The reader searches the cells of a file for the characters that can break NFC and for hidden
ones (without the GIL, skipping columns of printable ASCII) and runs the exact tests only
where it finds one; these tests show that skipping them never hides a text that is not in
NFC, nor a cell with a hidden character.
"""

from __future__ import annotations

import csv
import io
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ict_coop._nfc import may_break_nfc, may_break_nfc_class
from ict_coop.reading import _HIDDEN, _cell_bytes, _extremes, rare_characters

# characters from where NFC is hard: combining marks, Hangul syllables and jamo, CJK
# compatibility ideographs (singletons), precomposed Vietnamese letters, musical symbols and
# other composition exclusions outside the BMP, and plain ASCII
HARD = st.one_of(
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xAC40),
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
    st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFF),
    st.characters(min_codepoint=0x1D150, max_codepoint=0x1D1C0),
    st.characters(min_codepoint=0x2F800, max_codepoint=0x2FA1F),
    st.characters(min_codepoint=0x0900, max_codepoint=0x0DFF),
    st.characters(codec="utf-8"),
    st.sampled_from("aeoAEOuy ,\n"),
)


SUSPECT = may_break_nfc()


def _hit(text: str) -> bool:
    """What the reader asks of a file: does it hold a character that may break NFC?"""
    return bool(pc.match_substring_regex(pa.array([text]), may_break_nfc_class())[0].as_py())


@settings(max_examples=400)
@given(st.lists(HARD, max_size=12).map("".join))
@example("e\u0301")  # a letter and its combining accent: composes to é
@example("\u1100\u1161")  # Hangul leading and vowel jamo: compose to 가
@example("\uac00\u11a8")  # a syllable and a trailing jamo: compose to 각
@example("\uf900")  # a CJK compatibility ideograph: NFC maps it to U+8C48
@example("\U0001d15e")  # a musical symbol excluded from composition
@example("\u0b47\u0b3e")  # Oriya: the second part is a starter that composes
def test_text_without_a_suspect_character_is_in_nfc(text):
    if not _hit(text):
        assert unicodedata.is_normalized("NFC", text)
    assert _hit(text) == bool(set(text) & SUSPECT)


def test_the_ranges_not_scanned_hold_no_suspect_character():
    assert may_break_nfc(((0, 0x110000),)) == SUSPECT


def test_text_in_nfc_with_precomposed_letters_needs_no_exact_test():
    vietnamese = unicodedata.normalize("NFC", "Bộ trưởng Bộ Thông tin và Truyền thông tiếp Đại sứ")
    assert not _hit(vietnamese)
    assert _hit(unicodedata.normalize("NFD", vietnamese))


#: the characters the reader calls hidden (controls, format characters), by its own pattern
EVERY_CHARACTER = pa.array([chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000])  # no surrogates
HIDDEN = set(EVERY_CHARACTER.filter(pc.match_substring_regex(EVERY_CHARACTER, _HIDDEN)).to_pylist())


def _definition(table: pa.Table) -> tuple[set[str], bool, bool]:
    """What `rare_characters` must answer, cell by cell: columns with a hidden character, any suspect, any control."""
    hidden = set()
    suspect = controls = False
    for name in table.column_names:
        cells = [cell for cell in table[name].to_pylist() if cell is not None]
        if any(set(cell) & HIDDEN for cell in cells):
            hidden.add(name)
        suspect = suspect or any(set(cell) & SUSPECT for cell in cells)
        controls = controls or any(char < " " for cell in cells for char in cell)
    return hidden, suspect, controls


RARE = st.sampled_from(sorted(HIDDEN | SUSPECT))
CELL = st.lists(st.one_of(HARD, RARE, st.sampled_from('ab "\t\n,')), max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=30), st.integers(1, 200))
def test_rare_characters_are_found_in_every_cell_of_a_parsed_file(rows, block):
    """Parsed as the reader parses (in blocks, so columns of several chunks), with cells of every kind."""
    lines = []
    for row in [("a", "b", "c"), *rows]:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerow(row)
        lines.append(out.getvalue().encode("utf-8"))
    data = b"".join(lines)
    table = pa_csv.read_csv(
        pa.BufferReader(data),
        read_options=pa_csv.ReadOptions(block_size=max(block, *map(len, lines))),  # no row across two blocks
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys("abc", pa.string()), null_values=[""], strings_can_be_null=True
        ),
    )
    assert rare_characters(table) == _definition(table)


@given(st.lists(CELL | st.none(), min_size=1, max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_a_sliced_column_is_searched_in_its_own_cells_only(cells, start, length):
    column = pa.array(cells, pa.string()).slice(start, length)
    table = pa.table({"a": column})
    assert rare_characters(table) == _definition(table)


def test_every_character_looked_for_is_seen_at_the_start_middle_and_end_of_the_cells():
    """The cheap test (printable ASCII only?) never skips a character of either search, wherever it is."""
    for char in sorted(HIDDEN | SUSPECT):
        for cells in ([char + "ab", "cd"], ["ab", "c" + char + "d", "ef"], ["ab", None, "cd" + char], [char]):
            chunk = pa.array(cells, pa.string())
            found = _cell_bytes(chunk)
            assert char.encode("utf-8") in found.to_pybytes()
            low, high = _extremes(found)
            assert low < 0x20 or high >= 0x7F, hex(ord(char))  # not printable ASCII only: searched
    # and the pattern the reader runs on such cells finds each of them, wherever it is
    texts = [text for char in sorted(HIDDEN | SUSPECT) for text in (char + "ab", "a" + char + "b", "ab" + char)]
    either = f"{_HIDDEN}|{may_break_nfc_class()}"
    assert pc.all(pc.match_substring_regex(pa.array(texts, pa.large_string()), either)).as_py()


def test_a_file_of_printable_ascii_and_precomposed_letters_needs_no_search():
    vietnamese = unicodedata.normalize("NFC", "Bộ trưởng Bộ Thông tin và Truyền thông")
    table = pa.table({"id": ["evt-1", "evt-2"], "title": [vietnamese, None], "note": [None, "\u200b"]})
    assert rare_characters(table) == ({"note"}, False, False)
    assert rare_characters(table.drop_columns(["note"])) == (set(), False, False)
    assert rare_characters(pa.table({"t": [unicodedata.normalize("NFD", vietnamese)]})) == (set(), True, False)
    assert rare_characters(pa.table({"t": ["two\nlines"]})) == (set(), False, True)
