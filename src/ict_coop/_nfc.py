"""Which characters can make a text fail the NFC test, so that most files skip the exact test.

`unicodedata.is_normalized` holds the GIL and needs the file decoded into a Python ``str``.
Most text cannot fail it: by the quick-check rule of Unicode Annex #15, a text is in NFC
when none of its characters

- has a canonical combining class other than 0 (marks that may need reordering),
- changes under NFC on its own (``NFC_Quick_Check=No``: singletons, composition
  exclusions), or
- may compose with the character before it (``NFC_Quick_Check=Maybe``): the characters
  after the first in a canonical decomposition, and the Hangul vowel and trailing jamo,
  which compose by the Hangul algorithm rather than a listed decomposition.

Precomposed letters (Vietnamese ``ệ``) are none of these. `may_break_nfc_class` is an RE2
class of those characters, built from `unicodedata` at first use (about 40 ms), so that
pyarrow can search a file's cells for them without the GIL (`ict_coop.reading.rare_characters`,
which skips columns of printable ASCII); only a file where it finds one is decoded and
tested exactly. ``tests/test_nfc.py`` checks the pre-filter against `is_normalized`.
"""

from __future__ import annotations

import functools
import unicodedata

#: Ranges with no character of interest (CJK ideographs, Hangul syllables, surrogates and
#: private use, unassigned planes) are not scanned; ``tests/test_nfc.py`` scans everything
#: and checks that the skipped ranges hold none.
SCANNED = ((0, 0x3400), (0x4DC0, 0x4E00), (0xA000, 0xAC00), (0xD7A4, 0xD800), (0xF900, 0x20000), (0x2F800, 0x30000))
SCANNED += ((0xE0000, 0xE1000),)
_HANGUL_VOWELS_AND_TRAILS = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))


def may_break_nfc(ranges: tuple[tuple[int, int], ...] = SCANNED) -> set[str]:
    """The characters (in ``ranges`` of code points) without which a text is certainly in NFC."""
    found = {chr(cp) for block in _HANGUL_VOWELS_AND_TRAILS for cp in block}
    for low, high in ranges:
        for char in map(chr, range(low, high)):
            if unicodedata.combining(char):
                found.add(char)
            elif decomposition := unicodedata.decomposition(char):
                if unicodedata.normalize("NFC", char) != char:
                    found.add(char)
                if not decomposition.startswith("<"):  # canonical: its later parts may compose
                    found.update(chr(int(part, 16)) for part in decomposition.split()[1:])
    return found


@functools.cache
def may_break_nfc_class() -> str:
    r"""`may_break_nfc` as one RE2 character class (``[\x{300}-\x{36f}...]``)."""
    points = sorted(map(ord, may_break_nfc()))
    spans: list[list[int]] = []
    for point in points:
        if spans and spans[-1][1] == point - 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return "[" + "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in spans) + "]"
