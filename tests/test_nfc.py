"""The NFC pre-filter (`ict_coop._nfc`): a text it finds nothing in is in NFC, as `is_normalized` says.

The reader searches a whole file for the characters that can break NFC (without the GIL) and
runs the exact test only where it finds one; these tests show that skipping it never hides a
text that is not in NFC.
"""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ict_coop._nfc import may_break_nfc, may_break_nfc_class

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
