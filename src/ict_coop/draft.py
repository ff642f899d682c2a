"""Draft curation files from an article's text: the engine of ``ict-coop curate new``.

A curator starts a source file from a draft instead of a blank page. The draft proposes what a
machine can find reliably and leaves every judgement to the curator:

- `find_date_phrases` finds the date phrases ("Sáng 10/3", "Từ ngày 26-30/9",
  "On March 21, 2019") with their offsets and an EDTF reading;
- `furniture_candidates` finds lines that look like page furniture (image file names,
  captions, "related" lists, sidebars, follow prompts, CMS footers);
- `registry_mentions` finds the registry's people and organisations in the text;
- `draft_shipped` and `draft_cited` put these together as a YAML curation file in
  ``review: {state: drafted}``. Every proposal is a value starting with ``TODO`` (or a
  ``draft:`` entry), so the file does not validate until a curator has confirmed or removed it.

**How dates are read.** Not with one regular expression per example but with a small grammar
over tokens. A line is cut into tokens (numbers, ordinals such as ``21st``, words, single
punctuation marks; each token knows whether white space precedes it), and the parser composes:

- *atoms*: ``17/5``, ``17/5/2023``, ``17-5-2023``, ``17.5.2023``, ``2018-05-02``, ``12/2022``,
  ``tháng 12``, ``tháng 12/2022``, ``17 tháng 5 năm 2023``, ``năm 2023``, ``March 21, 2019``,
  ``21 March 2019``, ``24 Oct.``, ``March 2019``, and a day alone (``26``) inside a range;
- *ranges* joined by a connector (``-``, ``–``, ``đến``, ``tới``, ``to``, ``until``, ``through``,
  ``and``/``và`` for consecutive days or after ``between``, ``or``/``hoặc`` for one of a set),
  where the start borrows the month and year the end gives (``26-30/9``,
  ``from January 30 to February 2, 2019``) and a year boundary is crossed when the months
  go backwards (``30/12 - 2/1/2019`` starts in 2018);
- *openers*: ``từ``/``from``/``since`` (alone: an open end ``X/..``), ``trước``/``before``/
  ``until``/``by``/``đến`` (an open start ``../X``; read inclusively: check it);
- *prefixes* kept in the phrase: ``ngày``, time of day (``Sáng``, ``Chiều``, ``Tối``,
  ``sáng nay``, ``chiều qua``), weekdays (``thứ Năm``, ``Thursday``), ``trong hai ngày``,
  ``On``, and a relative word followed by a date in brackets (``this morning (March 3)``).

A number glued to other digits or letters (``5.0``, ``COVID-19``, ``G20``, ``24/7``,
``05/2019/TT-BTTTT``, ``50%``) is never a date, nor is a bare ``2/3`` that reads as a fraction
(``2/3 số doanh nghiệp``). Days that cannot exist (``31/2``) are dropped.

Stdlib plus PyYAML (imported only when a registry is read). No network, no state.
"""

from __future__ import annotations

import bisect
import calendar
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ._locate import seed_path

__all__ = [
    "DatePhrase",
    "Mention",
    "Span",
    "cited_source_id",
    "draft_cited",
    "draft_shipped",
    "find_date_phrases",
    "furniture_candidates",
    "registry_mentions",
    "shipped_source_id",
]


# --------------------------------------------------------------------------- public results


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A date phrase found in a text.

    Attributes:
        start: offset of the first character (Unicode code points, like ``str`` indexing).
        end: offset just past the last character, so ``text[start:end] == phrase``.
        phrase: the phrase exactly as written.
        edtf: its reading in the dataset's EDTF subset, or None when the phrase names no day
            (a weekday or "chiều qua" alone).
        basis: ``stated`` (the phrase gives the year), ``needs_year`` (a curator completes the
            ``XXXX`` from the dateline, the context or outside knowledge) or ``needs_date``
            (nothing but a weekday or a relative day: the curator works the date out).
    """

    start: int
    end: int
    phrase: str
    edtf: str | None
    basis: str


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text that looks like page furniture.

    ``kind`` is a furniture kind of the dataset: ``image_file``, ``caption`` (an image file
    name together with the caption line under it, which makes the text unique in the page),
    ``sidebar``, ``related_links``, ``social`` or ``footer``.
    """

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A registry person or organisation named in a text.

    ``field`` says which registry field matched (``name``, ``name_en`` or ``abbreviation``);
    ``text`` is the text as written there, which may differ from the registry in case, white
    space or diacritics.
    """

    start: int
    end: int
    text: str
    entity_id: str
    entity_kind: str
    field: str


# --------------------------------------------------------------------------- tokens

_NUM, _ORD, _WORD, _PUNCT = "num", "ord", "word", "punct"
_MARKS = "\u0300-\u036f"
_TOKEN_RE = re.compile(rf"([0-9]+)((?:\w|[{_MARKS}])*)|((?:[^\W\d_]|[{_MARKS}])(?:\w|[{_MARKS}])*)|(\S)")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    key: str  # NFC, case-folded
    start: int
    end: int
    value: int  # numbers and ordinals; -1 otherwise
    glued: bool  # no white space between this token and the one before


def _tokenise(line: str, offset: int) -> list[_Tok]:
    """Cut one line into tokens; offsets are shifted by ``offset`` (the line's start)."""
    toks: list[_Tok] = []
    previous_end = -1
    for m in _TOKEN_RE.finditer(line):
        text = m.group(0)
        kind, value = _PUNCT, -1
        if m.group(1) is not None:
            suffix = m.group(2).casefold()
            if not suffix:
                kind, value = _NUM, int(m.group(1))
            elif suffix in _ORDINAL_SUFFIXES:
                kind, value = _ORD, int(m.group(1))
            else:
                kind = _WORD  # 5G, 4G, 20180502huy2
        elif m.group(3) is not None:
            kind = _WORD
        key = unicodedata.normalize("NFC", text).casefold()
        toks.append(_Tok(kind, text, key, m.start() + offset, m.end() + offset, value, m.start() == previous_end))
        previous_end = m.end()
    return toks


# --------------------------------------------------------------------------- vocabulary

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october")
_MONTHS = {name: i for i, name in enumerate((*_MONTH_NAMES, "november", "december"), 1)}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
_MONTH_ABBR |= {"oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS_EN = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_WEEKDAY_VI = frozenset({"hai", "ba", "tư", "năm", "sáu", "bảy"})  # after "thứ", capitalised
_PARTS_OF_DAY_EN = frozenset({"morning", "afternoon", "evening", "night"})
_PARTS_OF_DAY_VI = frozenset({"sáng", "trưa", "chiều", "tối", "đêm"})
_DAY_WORDS_VI = ("ngày", "mùng", "mồng")
_DASHES = "-–—‑"  # the dashes news text puts between dates
#: opener -> reading: "from" X/.., "until" ../X, "between" needs an end
_OPENERS = {
    "từ": "from",
    "from": "from",
    "since": "from",
    "between": "between",
    "trước": "until",
    "before": "until",
    "until": "until",
    "till": "until",
    "by": "until",
    "đến": "until",
}
#: connector word -> how the two ends combine
_CONNECTORS = {
    "đến": "range",
    "tới": "range",
    "to": "range",
    "until": "range",
    "till": "range",
    "through": "range",
    "and": "and",
    "và": "and",
    "or": "or",
    "hoặc": "or",
}
#: a preceding word that lets a month or year stand alone ("in May", "during 2019")
_ALONE_CUES = frozenset({"in", "during", "early", "late", "mid", "of", "throughout", "around"})
#: words around a bare "2/3" that make it a fraction, a score or a document number
_NOT_DATE_BEFORE = frozenset(
    {"số", "no", "chiếm", "khoảng", "gần", "hơn", "trên", "dưới", "đạt", "tới", "lệ", "định", "tư", "thị"}
    | {"decree", "circular", "decision", "resolution", "about", "nearly", "over"}
)
_NOT_DATE_AFTER = frozenset({"số", "tổng", "dân", "lượng", "phần", "điểm", "người", "doanh", "tỉnh", "của"})
_NOT_DATE_BARE = frozenset({(24, 7)})  # "24/7": round the clock


# --------------------------------------------------------------------------- the grammar


@dataclass(slots=True)
class _Atom:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    bare: bool = False  # a bare numeric d/m or m/yyyy: needs a plausibility check

    def level(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int]:
        return (self.month or 0, self.day or 0)


def _exists(year: int | None, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(2000 if year is None else year, month)[1]


def _edtf(atom: _Atom) -> str:
    text = "XXXX" if atom.year is None else f"{atom.year:04d}"
    if atom.month is not None:
        text += f"-{atom.month:02d}"
        if atom.day is not None:
            text += f"-{atom.day:02d}"
    return text


@dataclass(frozen=True, slots=True)
class _Hit:
    first: int  # token index of the phrase's first token
    end: int  # token index just past the phrase
    edtf: str | None
    bare: bool = False


class _Line:
    """A recursive-descent parser over the tokens of one line."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks

    # -- token tests
    def at(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def word(self, i: int, *keys: str) -> bool:
        t = self.at(i)
        return t is not None and t.kind == _WORD and t.key in keys

    def punct(self, i: int, chars: str, *, glued: bool = False) -> bool:
        t = self.at(i)
        return t is not None and t.kind == _PUNCT and t.text in chars and (t.glued or not glued)

    def number(self, i: int, lo: int, hi: int, *, glued: bool = False, ordinal: bool = False) -> int | None:
        """A day or month: one or two digits (or an ordinal such as 21st) between lo and hi."""
        t = self.at(i)
        if t is None or (glued and not t.glued):
            return None
        digits = len(t.text) - (2 if t.kind == _ORD else 0)
        if (t.kind == _NUM or (ordinal and t.kind == _ORD)) and digits <= 2 and lo <= t.value <= hi:
            return t.value
        return None

    def year(self, i: int, *, glued: bool = False) -> int | None:
        t = self.at(i)
        if t is None or t.kind != _NUM or len(t.text) != 4 or (glued and not t.glued):
            return None
        return t.value if 1900 <= t.value <= 2100 else None

    def month_name(self, i: int) -> tuple[int, int] | None:
        """An English month name or abbreviation (capitalised); returns (month, next index)."""
        t = self.at(i)
        if t is None or t.kind != _WORD or not t.text[:1].isupper():
            return None
        if t.key in _MONTHS:
            return _MONTHS[t.key], i + 1
        if t.key in _MONTH_ABBR:
            return _MONTH_ABBR[t.key], i + 2 if self.punct(i + 1, ".", glued=True) else i + 1
        return None

    def en_year(self, j: int) -> tuple[int | None, int]:
        """An optional year after an English day or month: ``, 2019`` or `` 2019``."""
        if self.punct(j, ",") and (y := self.year(j + 1)) is not None:
            return y, j + 2
        if (y := self.year(j)) is not None:
            return y, j + 1
        return None, j

    # -- atoms
    def atom(self, i: int, *, day_alone: bool = False, alone: bool = False) -> tuple[_Atom, int] | None:
        """One date; ``day_alone`` admits a bare day (a range's start), ``alone`` a bare month or year."""
        for parse in (self.numeric, self.vietnamese, self.english):
            found = parse(i, alone)
            if found is not None:
                atom, j = found
                return (atom, j) if _exists(atom.year, atom.month, atom.day) else None
        if alone and (y := self.year(i)) is not None:
            return _Atom(year=y, bare=True), i + 1
        if day_alone and (d := self.number(i, 1, 31, ordinal=True)) is not None and not self.punct(i + 1, "/."):
            y, j = self.en_year(i + 1)  # "March 26-30, 2019": the end's year
            return _Atom(year=y, day=d), j
        return None

    def numeric(self, i: int, _alone: bool) -> tuple[_Atom, int] | None:
        """``2018-05-02``, ``17/5/2023``, ``17-5-2023``, ``17.5.2023``, ``17/5``, ``12/2022``."""
        y = self.year(i)
        if y is not None and self.punct(i + 1, "-", glued=True):
            m, d = self.number(i + 2, 1, 12, glued=True), self.number(i + 4, 1, 31, glued=True)
            ok = self.punct(i + 3, "-", glued=True) and len(self.toks[i + 2].text) == 2
            if m is not None and d is not None and ok and len(self.toks[i + 4].text) == 2:
                return _Atom(y, m, d), i + 5
            return None
        d = self.number(i, 1, 31)
        if d is not None:
            for sep in "/-.":
                m = self.number(i + 2, 1, 12, glued=True) if self.punct(i + 1, sep, glued=True) else None
                if m is None:
                    continue
                if self.punct(i + 3, sep, glued=True) and (y := self.year(i + 4, glued=True)) is not None:
                    return _Atom(y, m, d), i + 5
                if sep == "/":
                    return _Atom(None, m, d, bare=True), i + 3
        m = self.number(i, 1, 12)
        if m is not None and self.punct(i + 1, "/", glued=True) and (y := self.year(i + 2, glued=True)) is not None:
            return _Atom(y, m, None, bare=True), i + 3
        return None

    def vietnamese(self, i: int, _alone: bool) -> tuple[_Atom, int] | None:
        """``tháng 12``, ``tháng 12/2022``, ``tháng 12 năm 2022``, ``17 tháng 5 năm 2023``, ``năm 2023``."""
        previous = self.at(i - 1)  # "1 tháng 1 lần", "mỗi tháng 1 lần": durations and rates
        rate = self.word(i + 2, "lần") or (
            previous is not None and (previous.kind == _NUM or previous.key in ("mỗi", "hàng"))
        )
        if self.word(i, "tháng") and (m := self.number(i + 1, 1, 12)) is not None and not rate:
            y, j = self.vi_year(i + 2)
            return _Atom(y, m), j
        if self.word(i, "năm") and (y := self.year(i + 1)) is not None:
            return _Atom(y), i + 2
        d = self.number(i, 1, 31)
        if d is not None and self.word(i + 1, "tháng") and (m := self.number(i + 2, 1, 12)) is not None:
            y, j = self.vi_year(i + 3)
            previous = self.at(i - 1)
            introduced = previous is not None and (previous.key in _DAY_WORDS_VI or previous.key in _CONNECTORS)
            if y is not None or introduced or self.punct(i - 1, _DASHES):  # "1 tháng 1 lần" is no date
                return _Atom(y, m, d), j
        return None

    def vi_year(self, j: int) -> tuple[int | None, int]:
        """An optional year after a Vietnamese month: ``/2022``, ``-2022`` or `` năm 2022``."""
        if self.punct(j, "/-.", glued=True) and (y := self.year(j + 1, glued=True)) is not None:
            return y, j + 2
        if self.word(j, "năm") and (y := self.year(j + 1)) is not None:
            return y, j + 2
        return None, j

    def english(self, i: int, alone: bool) -> tuple[_Atom, int] | None:
        """``March 21, 2019``, ``Oct 24``, ``21 March 2019``, ``21st of March``, ``March 2019``."""
        found = self.month_name(i)
        if found is not None:
            m, j = found
            d = self.number(j, 1, 31, ordinal=True)
            if d is not None:
                y, k = self.en_year(j + 1)
                return _Atom(y, m, d), k
            y, k = self.en_year(j)
            return (_Atom(y, m), k) if y is not None or alone else None  # a month alone needs a cue: "in May"
        d = self.number(i, 1, 31, ordinal=True)
        if d is not None:
            j = i + 2 if self.word(i + 1, "of") else i + 1
            found = self.month_name(j)
            if found is not None:
                y, k = self.en_year(found[1])
                return _Atom(y, found[0], d), k
        return None

    # -- ranges and openers
    def core(self, i: int) -> _Hit | None:
        """A date, a range of dates or an open interval starting at token ``i``."""
        y1 = self.year(i)
        y2 = self.year(i + 2) if y1 is not None and self.punct(i + 1, _DASHES) else None
        if y1 is not None and y2 is not None and y1 < y2 <= y1 + 30:  # "2021-2025"; a hotline 1900-2045 is no span
            return _Hit(i, i + 3, f"{y1}/{y2}")
        j, opener = i, None
        t = self.at(j)
        if t is not None and t.kind == _WORD and t.key in _OPENERS:
            opener, j = _OPENERS[t.key], j + 1
        introduced = opener is not None
        if self.word(j, *_DAY_WORDS_VI):
            j, introduced = j + 1, True
        elif opener is not None and self.word(j, "the"):
            j += 1
        alone = opener is not None or self.word(j - 1, *_ALONE_CUES)
        found = self.atom(j, day_alone=True, alone=alone)
        if found is None:
            return None
        start, k = found
        ranged = self.range_end(start, k, opener)
        if ranged is not None:
            edtf, end = ranged
            return _Hit(i, end, edtf)
        if (start.month is None and start.day is not None) or opener == "between":
            return None  # a day alone is only a range's start
        if start.bare and start.month is None and opener is not None and self.toks[i].key in ("từ", "đến", "trước"):
            return None  # Vietnamese writes "từ năm 2016"; "từ 2000 người" is a number
        if opener == "from":
            return _Hit(i, k, _edtf(start) + "/..")
        if opener == "until":
            return _Hit(i, k, "../" + _edtf(start))
        return _Hit(i, k, _edtf(start), bare=start.bare and not introduced)

    def range_end(self, start: _Atom, k: int, opener: str | None) -> tuple[str, int] | None:
        """The end of a range after ``start`` (at token ``k``), combined with it: (edtf, next index)."""
        t = self.at(k)
        if t is None:
            return None
        if t.kind == _PUNCT and t.text in _DASHES:
            connector = "range"
        elif t.kind == _WORD and t.key in _CONNECTORS:
            connector = _CONNECTORS[t.key]
        else:
            return None
        k += 1
        if self.word(k, *_DAY_WORDS_VI):
            k += 1
        found = self.atom(k, day_alone=start.day is not None and start.month is not None, alone=start.day is None)
        if found is None:
            return None
        end, after = found
        edtf = _combine(start, end, connector, opener)
        return None if edtf is None else (edtf, after)

    # -- phrases
    def weekday(self, j: int) -> tuple[int, bool] | None:
        """A weekday at ``j``: (next index, whether it may stand alone as a phrase)."""
        t, u = self.at(j), self.at(j + 1)
        if t is None or t.kind != _WORD or (u is None and t.key not in _WEEKDAYS_EN):
            return None
        if t.key == "thứ" and u is not None and u.kind == _WORD and u.key in _WEEKDAY_VI and u.text[:1].isupper():
            return j + 2, True
        if t.key == "thứ" and self.number(j + 1, 2, 7) is not None:
            return j + 2, False  # "thứ 5": only with a date
        if t.key == "chủ" and self.word(j + 1, "nhật"):
            return j + 2, True
        if t.key in _WEEKDAYS_EN and t.text[:1].isupper():
            return (j + 2 if self.word(j + 1, *_PARTS_OF_DAY_EN) else j + 1), True
        return None

    def part_of_day(self, j: int) -> tuple[int, bool, bool] | None:
        """A time-of-day or relative prefix: (next index, relative, may stand alone)."""
        if self.word(j, "this") and self.word(j + 1, *_PARTS_OF_DAY_EN):
            return j + 2, True, True
        if self.word(j, "yesterday"):
            return j + 1, True, True
        if self.word(j, "today", "tonight"):
            return j + 1, True, False
        if self.word(j, "hôm") and self.word(j + 1, "nay", "qua"):
            return j + 2, True, self.word(j + 1, "qua")
        k = j
        if self.word(k, "rạng") and self.word(k + 1, "sáng"):
            k += 2
        elif self.word(k, *_PARTS_OF_DAY_VI):
            k += 1
        else:
            return None
        if self.word(k, "sớm", "muộn"):
            k += 1
        if self.word(k, "nay", "qua", "mai"):
            return k + 1, True, True
        if self.word(k, "cùng") and self.word(k + 1, "ngày"):
            return k + 2, True, True
        return k, False, False

    def span_prefix(self, j: int) -> int | None:
        """``trong hai ngày``, ``trong 2 ngày``, ``các ngày``, ``hai ngày``: the index after ``ngày``."""
        k = j + 1 if self.word(j, "trong", "in") else j
        if self.word(k, "hai", "ba", "bốn", "các", "những") or self.number(k, 2, 9) is not None:
            k += 1
        return k + 1 if k > j and self.word(k, "ngày") else None

    def phrase(self, i: int) -> _Hit | None:
        """The longest date phrase starting at token ``i`` (prefixes included), if any."""
        j, cued, alone_ok, relative = i, False, False, False
        if self.word(j, "on"):
            j += 1
            if self.word(j, "the") and self.word(j + 1, *_PARTS_OF_DAY_EN) and self.word(j + 2, "of"):
                j += 3
        for _ in range(3):
            if (w := self.weekday(j)) is not None:
                j, cued, alone_ok = w[0], True, alone_ok or w[1]
                if self.punct(j, ",") and self.at(j + 1) is not None:
                    j += 1
            elif (p := self.part_of_day(j)) is not None:
                j, cued = p[0], True
                relative, alone_ok = relative or p[1], alone_ok or p[2]
            elif (s := self.span_prefix(j)) is not None:
                j, cued = s, True
            else:
                break
        if self.punct(j, "("):
            inner = self.core(j + 1)
            if inner is not None and self.punct(inner.end, ")"):
                if j == i:  # "(25/2)": the date inside the brackets
                    return replace(inner, bare=False)
                return _Hit(i, inner.end + 1, inner.edtf)
        hit = self.core(j) if not relative or j == i else None
        if hit is not None:
            if hit.bare and not cued and not self.plausible(hit):
                return None
            return _Hit(i, hit.end, hit.edtf, hit.bare and not cued)
        if alone_ok and j > i:
            end = j - 1 if self.punct(j - 1, ",") else j
            return _Hit(i, end, None)
        return None

    def plausible(self, hit: _Hit) -> bool:
        """Whether a bare ``2/3`` with no date word around it reads as a date, not a fraction."""
        before, after = self.at(hit.first - 1), self.at(hit.end)
        if before is not None and before.key in _NOT_DATE_BEFORE:
            return False
        if after is not None and after.key in _NOT_DATE_AFTER:
            return False
        first, third = self.toks[hit.first], self.at(hit.first + 2)
        return third is None or (first.value, third.value) not in _NOT_DATE_BARE

    def glued_before(self, i: int) -> bool:
        t, previous = self.toks[i], self.at(i - 1)
        if previous is None or not t.glued:
            return False
        return previous.kind != _PUNCT or previous.text in "./-:,+_#&" + _DASHES

    def glued_after(self, k: int) -> bool:
        t, following = self.at(k), self.at(k + 1)
        if t is None or not t.glued:
            return False
        if t.kind != _PUNCT or t.text in "%/":
            return True
        return t.text in ".,:" + _DASHES and following is not None and following.glued and following.kind != _PUNCT


def _combine(start: _Atom, end: _Atom, connector: str, opener: str | None) -> str | None:
    """The EDTF of ``start`` CONNECTOR ``end``, each end filling what the other leaves out."""
    s, e = replace(start), replace(end)
    if s.day is not None and s.month is None:  # "26-30/9", "from 26 to 30 September"
        if e.day is None or e.month is None:
            return None
        s.month = e.month
    if e.day is not None and e.month is None:  # "March 26-30"
        if s.day is None:
            return None
        e.month = s.month
    if s.level() != e.level():
        return None
    if s.year is None and e.year is not None:
        s.year = e.year - (1 if s.sort_key() > e.sort_key() else 0)
    if e.year is None and s.year is not None:
        e.year = s.year + (1 if s.sort_key() > e.sort_key() else 0)
    if not (_exists(s.year, s.month, s.day) and _exists(e.year, e.month, e.day)):
        return None
    if s.year is not None and e.year is not None:
        if (s.year, *s.sort_key()) >= (e.year, *e.sort_key()):
            return None
    elif s.month == e.month and s.sort_key() >= e.sort_key():
        return None
    consecutive = s.month == e.month and s.day is not None and e.day == s.day + 1
    if connector == "and" and opener != "between" and not consecutive:
        return None  # "5 and 9 May" are two days, not a span
    if connector == "or":
        return f"[{_edtf(s)}..{_edtf(e)}]"
    return f"{_edtf(s)}/{_edtf(e)}"


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the newline excluded."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def find_date_phrases(text: str) -> list[DatePhrase]:
    """Find every date phrase in Vietnamese or English text.

    Args:
        text: the article or page text, as saved (offsets refer to it unchanged).

    Returns:
        The phrases in text order, none overlapping. A phrase never spans two lines.

    >>> [(p.phrase, p.edtf, p.basis) for p in find_date_phrases("Từ ngày 26-30/9, Đoàn công tác ...")]
    [('Từ ngày 26-30/9', 'XXXX-09-26/XXXX-09-30', 'needs_year')]
    >>> p = find_date_phrases("Chiều ngày 2/5/2018, tại Hà Nội")[0]
    >>> p.start, p.end, p.phrase, p.edtf, p.basis
    (0, 19, 'Chiều ngày 2/5/2018', '2018-05-02', 'stated')
    >>> [p.edtf for p in find_date_phrases("Industry 4.0, COVID-19, G20, 2/3 số doanh nghiệp, 31/2")]
    []
    """
    found: list[DatePhrase] = []
    for line_start, line_end in _lines(text):
        toks = _tokenise(text[line_start:line_end], line_start)
        line, i = _Line(toks), 0
        while i < len(toks):
            hit = line.phrase(i)
            if hit is None or hit.end <= hit.first or line.glued_before(hit.first) or line.glued_after(hit.end):
                i += 1
                continue
            start, end = toks[hit.first].start, toks[hit.end - 1].end
            basis = "needs_date" if hit.edtf is None else "needs_year" if "XXXX" in hit.edtf else "stated"
            found.append(DatePhrase(start, end, text[start:end], hit.edtf, basis))
            i = hit.end
    return found


# --------------------------------------------------------------------------- furniture

_IMAGE_RE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg|avif|heic)(?:\?\S*)?$", re.IGNORECASE)
_PHOTO_NUMBER_RE = re.compile(r"(?:^|[-–—|]\s*)(?:ảnh|hình|photo|image)\s*\d+$", re.IGNORECASE)
_CREDIT_RE = re.compile(r"\((?:ảnh|photo|nguồn)\b[^()]*\)\s*\.?$|^(?:ảnh|photo)\s*:", re.IGNORECASE)
#: line beginnings -> furniture kind (matched case-insensitively, as whole words)
_MARKERS: dict[str, tuple[str, ...]] = {
    "related_links": (
        "tin liên quan",
        "bài liên quan",
        "bài viết liên quan",
        "tin cùng chuyên mục",
        "các tin/bài khác",
        "các tin khác",
        "tin khác",
        "xem thêm",
        "đọc thêm",
        "related",
        "read more",
        "see also",
        "more news",
        "other news",
    ),
    "sidebar": (
        "nổi bật",
        "đừng bỏ lỡ",
        "đọc nhiều",
        "xem nhiều",
        "tin mới",
        "tin nổi bật",
        "most read",
        "most popular",
        "popular",
        "trending",
        "latest news",
        "editor's picks",
        "top stories",
    ),
    "social": (
        "theo dõi",
        "follow us",
        "share",
        "chia sẻ",
        "tweet",
        "facebook",
        "twitter",
        "zalo",
        "phản hồi",
        "bình luận",
        "ý kiến bạn đọc",
        "comments",
    ),
    "footer": (
        "powered by",
        "bản quyền",
        "copyright",
        "©",
        "all rights reserved",
        "ghi rõ nguồn",
        "giấy phép số",
        "cơ quan chủ quản",
        "chịu trách nhiệm xuất bản",
        "chịu trách nhiệm nội dung",
    ),
}
_SENTENCE_END = (".", "!", "?", ":", "…", "./.")


def _marker_kind(line: str) -> str | None:
    """The furniture kind a short line announces by how it begins, if any."""
    folded = unicodedata.normalize("NFC", line).casefold()
    if len(folded) > 120:
        return None
    for kind, markers in _MARKERS.items():
        for marker in markers:
            if folded.startswith(marker) and not folded[len(marker) : len(marker) + 1].isalnum():
                if marker == "theo dõi" and not (len(folded) <= 80 and re.search(r"\btrên\b", folded)):
                    continue  # "Theo dõi ICTVietnam trên", not "Theo dõi tình hình ..."
                return kind
    return None


def _is_image_line(line: str) -> bool:
    return bool(_IMAGE_RE.match(line) or _PHOTO_NUMBER_RE.search(line))


def furniture_candidates(text: str) -> list[Span]:
    r"""Find lines that look like page furniture rather than article text.

    Rules, line by line (white space at either end of a line is left out of its span):

    - an image file name (``z4354...jpg``) or an "ảnh 1" line is an ``image_file``; consecutive
      ones make one span. When a caption line follows (a blank line may come between), the
      image line and the caption make one ``caption`` span, as the dataset records them;
    - a line ending with a photo credit ("(Ảnh: ...)") is a ``caption``;
    - a short line beginning with a marker ("Tin liên quan", "Xem thêm", "Related", "Nổi bật",
      "Đừng bỏ lỡ", "Theo dõi ... trên", "Share", "POWERED BY", "Copyright") has the marker's
      kind; a ``sidebar`` or ``related_links`` heading takes in the teaser lines under it
      (indented or bulleted lines, and short lines that do not end a sentence).

    Args:
        text: the page text.

    Returns:
        The candidate spans in text order; a curator confirms each.

    >>> [(s.kind, s.text) for s in furniture_candidates("Body.\nabc_12.jpg\nThe hall.\nTin liên quan")]
    [('caption', 'abc_12.jpg\nThe hall.'), ('related_links', 'Tin liên quan')]
    """
    lines = _lines(text)
    content = []
    for start, end in lines:
        raw = text[start:end]
        lead = len(raw) - len(raw.lstrip())
        content.append((start + lead, start + len(raw.rstrip()), raw))
    spans: list[Span] = []

    def add(kind: str, first: int, last: int) -> None:
        start, end = content[first][0], content[last][1]
        spans.append(Span(start, end, kind, text[start:end]))

    def blank(n: int) -> bool:
        return content[n][0] >= content[n][1]

    i = 0
    while i < len(lines):
        line = text[content[i][0] : content[i][1]]
        if not line:
            i += 1
            continue
        if _is_image_line(line):
            last = i
            while last + 1 < len(lines) and _is_image_line(text[content[last + 1][0] : content[last + 1][1]]):
                last += 1
            nxt = last + 1
            if nxt < len(lines) and blank(nxt) and nxt + 1 < len(lines):
                nxt += 1
            caption = text[content[nxt][0] : content[nxt][1]] if nxt < len(lines) else ""
            if caption and len(caption) <= 500 and _marker_kind(caption) is None and not _is_image_line(caption):
                add("caption", i, nxt)
                i = nxt + 1
            else:
                add("image_file", i, last)
                i = last + 1
            continue
        kind = _marker_kind(line)
        if kind is None and _CREDIT_RE.search(line) and len(line) <= 500:
            kind = "caption"
        if kind is None:
            i += 1
            continue
        last = i
        if kind in ("sidebar", "related_links"):
            while last + 1 < len(lines) and not blank(last + 1):
                raw = content[last + 1][2]
                nxt = raw.strip()
                teaser = raw[:1].isspace() or nxt[:1] in "•·▪►*-–"
                short = len(nxt) <= 150 and not nxt.endswith(_SENTENCE_END)
                if not (teaser or short) or _marker_kind(nxt) or _is_image_line(nxt):
                    break
                last += 1
        add(kind, i, last)
        i = last + 1
    return spans


# --------------------------------------------------------------------------- registry mentions


def _fold(text: str) -> tuple[str, list[int]]:
    """Text without diacritics or repeated white space, and each folded character's offset.

    Examples:
        >>> _fold("Nguyễn  Mạnh Đ")[0]
        'Nguyen Manh D'
    """
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for c in unicodedata.normalize("NFD", ch):
            if unicodedata.combining(c):
                continue
            out.append({"đ": "d", "Đ": "D"}.get(c, c))
            where.append(i)
    return "".join(out), where


def _load_registry(root: Path) -> list[tuple[str, str, str, str]]:
    """(entity kind, id, field, term) for every name, English name and abbreviation."""
    import yaml

    terms = []
    for folder, kind, key in (("people", "person", "person_id"), ("organizations", "organization", "organization_id")):
        for path in sorted((Path(root) / folder).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not data.get(key):
                continue
            for which in ("name", "name_en", "abbreviation"):
                value = data.get(which)
                if isinstance(value, str) and value.strip():
                    terms.append((kind, str(data[key]), which, unicodedata.normalize("NFC", value.strip())))
    return terms


def _word_edge(text: str, i: int) -> bool:
    """No letter or digit on both sides of offset ``i`` (the edge of a word)."""
    return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


def registry_mentions(text: str, registry_root: Path | str) -> list[Mention]:
    """Find the registry people and organisations a text names.

    Every match is case-sensitive and of whole words ("chính phủ số" is not "Chính phủ").
    Abbreviations and one-word names match exactly; names of two words or more match whatever
    the white space and the diacritics ("Nguyen Manh Hung" finds per-nguyen-manh-hung), and the
    mention keeps the text as written. A match inside
    a longer match of the same entity ("TT&TT" in "Bộ TT&TT") is left out.

    Args:
        text: the page text.
        registry_root: the folder holding ``people/`` and ``organizations/`` (YAML, one entity
            a file, with ``person_id``/``organization_id``, ``name``, ``name_en``,
            ``abbreviation``).

    Returns:
        The mentions in text order.
    """
    folded, where = _fold(text)
    found: dict[tuple[int, int, str], Mention] = {}
    for kind, entity, which, term in _load_registry(Path(registry_root)):
        hits: list[tuple[int, int]] = []
        if which == "abbreviation" or len(term.split()) < 2:
            start = text.find(term)
            while start != -1:
                if _word_edge(text, start) and _word_edge(text, start + len(term)):
                    hits.append((start, start + len(term)))
                start = text.find(term, start + 1)
        else:
            needle = _fold(term)[0]
            k = folded.find(needle)
            while k != -1:
                end_k = k + len(needle)
                if (k == 0 or not folded[k - 1].isalnum()) and (end_k == len(folded) or not folded[end_k].isalnum()):
                    start, end = where[k], where[end_k - 1] + 1
                    while end < len(text) and unicodedata.combining(text[end]):
                        end += 1
                    hits.append((start, end))
                k = folded.find(needle, k + 1)
        for start, end in hits:
            found.setdefault((start, end, entity), Mention(start, end, text[start:end], entity, kind, which))
    mentions = sorted(found.values(), key=lambda m: (m.start, -m.end, m.entity_id))
    return [
        m
        for m in mentions
        if not any(o.entity_id == m.entity_id and o.start <= m.start and m.end <= o.end and o != m for o in mentions)
    ]


# --------------------------------------------------------------------------- drafts


def cited_source_id(url: str) -> str:
    """The id of a cited page: ``src-w`` and the first 10 hex digits of the SHA-256 of its URL.

    Examples:
        >>> cited_source_id("https://example.org/a")
        'src-wb5b10dd042'
    """
    return "src-w" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]


def shipped_source_id(file_name: str) -> str:
    """The id of a shipped seed: ``src-`` and the number before ``_`` in its file name.

    Examples:
        >>> shipped_source_id("002_fee9090671b3a111.txt")
        'src-002'
    """
    m = re.match(r"([0-9]{3,})_", Path(file_name).name)
    if m is None:
        msg = f"a seed file is named NNN_<hex>.txt (at least three digits before '_'): {file_name!r}"
        raise ValueError(msg)
    return f"src-{m.group(1)}"


_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _q(value: str) -> str:
    """A YAML double-quoted scalar for any string (control and line-separator characters escaped)."""
    out = []
    for ch in value:
        if ch in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") or ch in "\x85\ufeff":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _flow(**items: object) -> str:
    """A one-line YAML mapping; strings quoted, None left out."""
    parts = []
    for key, value in items.items():
        if value is None:
            continue
        parts.append(f"{key}: {value if isinstance(value, int) else _q(str(value))}")
    return "{" + ", ".join(parts) + "}"


_VIETNAMESE_LETTERS = frozenset("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_TIME_RE = re.compile(r"\s*\|?\s*([0-9]{1,2}:[0-9]{2})\b")
_ATTRIBUTION_RE = re.compile(r"^(?:Theo|Nguồn:|Source:)\s+(\S.{0,40})$")


@dataclass
class _Reading:
    """What the draft needs to know about a text."""

    text: str
    lines: list[tuple[int, int]]
    dates: list[DatePhrase]
    furniture: list[Span]
    mentions: list[Mention]
    headline: int | None = None  # line index
    headline_alternative: int | None = None
    dateline: int | None = None
    published: DatePhrase | None = None
    published_text: str | None = None
    attribution: tuple[int, str] | None = None
    paragraphs: dict[int, int] | None = None  # line index -> paragraph number
    language: str = "en"
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [s for s, _ in self.lines]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def locator(self, offset: int) -> str:
        line = self.line_of(offset)
        if line == self.headline:
            return "headline"
        if line == self.dateline:
            return "dateline"
        if self.paragraphs and line in self.paragraphs:
            return f"paragraph {self.paragraphs[line]}"
        return f"line {line + 1}"

    def furniture_at(self, start: int, end: int) -> Span | None:
        return next((s for s in self.furniture if s.start < end and start < s.end), None)


def _read(text: str, registry_root: Path | str) -> _Reading:
    lines = _lines(text)
    reading = _Reading(
        text, lines, find_date_phrases(text), furniture_candidates(text), registry_mentions(text, registry_root)
    )
    furnished: set[int] = set()
    for s in reading.furniture:
        furnished.update(range(reading.line_of(s.start), reading.line_of(max(s.start, s.end - 1)) + 1))
    body = [n for n, (s, e) in enumerate(lines) if text[s:e].strip() and n not in furnished]
    if body:
        reading.headline = body[0]
        words = re.findall(r"\w+", text[slice(*lines[body[0]])])
        if len(words) <= 4 and len(body) > 1 and len(re.findall(r"\w+", text[slice(*lines[body[1]])])) > len(words):
            reading.headline, reading.headline_alternative = body[1], body[0]  # a section label first
    for n in body[body.index(reading.headline) + 1 : body.index(reading.headline) + 4] if body else []:
        s, e = lines[n]
        on_line = [d for d in reading.dates if s <= d.start < e]
        full = [d for d in on_line if d.edtf and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", d.edtf)]
        if full and len(text[s:e].split()) <= 12:
            reading.dateline, reading.published = n, full[0]
            time = _TIME_RE.match(text, full[0].end, e)
            reading.published_text = text[full[0].start : time.end()] if time else full[0].phrase
            break
    for n in reversed(body):
        m = _ATTRIBUTION_RE.match(text[slice(*lines[n])].strip())
        if m and len(m.group(1).split()) <= 6:
            reading.attribution = (n, m.group(1).rstrip("./ "))
        break
    numbered = [n for n in body if n not in (reading.headline, reading.headline_alternative, reading.dateline)]
    reading.paragraphs = {n: k for k, n in enumerate(numbered, 1)}
    letters = [c for c in unicodedata.normalize("NFC", text).casefold() if c.isalpha()]
    vietnamese = sum(c in _VIETNAMESE_LETTERS for c in letters)
    reading.language = "vi" if letters and vietnamese / len(letters) > 0.02 else "en"
    return reading


_HEADER = """\
# DRAFT curation file for {source_id}: save it as curation/sources/{source_id}.yaml.
# Written by `ict-coop curate new` from {origin}.
# It does not validate until a curator has reviewed it. A value beginning "TODO-confirm: " is a
# proposal read off the text: check it, then keep the value without the prefix or delete the
# field. A value "TODO" is a choice only the curator can make. The `draft:` block at the end
# lists what else the text offers (every date phrase; furniture by line); delete it when done.
"""
_PUBLISHER_KINDS = (
    "ministry_portal | national_news_agency | national_media | foreign_government | foreign_media"
    " | international_organization | company | mirror | other"
)


def _todo(value: str) -> str:
    return _q(f"TODO-confirm: {value}")


def _source_block(reading: _Reading, *, cited: bool) -> list[str]:
    text, lines = reading.text, reading.lines
    out = []
    out.append(f"  outlet: TODO                  # the publisher as the page names it{'' if cited else ' (verbatim)'}")
    out.append(f"  publisher_kind: TODO          # {_PUBLISHER_KINDS}")
    out.append(f"  language: {_todo(reading.language)}   # guessed from the letters the text uses")
    if reading.headline is not None:
        where = f"line {reading.headline + 1}"
        if reading.headline_alternative is not None:
            where += f"; line {reading.headline_alternative + 1} may be a section label or the headline"
        if cited:
            out.append(f"  title: TODO                   # the headline, verbatim: {where}")
        else:
            out.append(f"  title: {_todo(text[slice(*lines[reading.headline])].strip())}   # {where}")
    if reading.published is not None and reading.published_text is not None:
        out.append(f"  published: {_todo(str(reading.published.edtf))}   # line {(reading.dateline or 0) + 1}")
        out.append(f"  published_basis: {_todo('stated')}   # printed on the page")
        out.append(f"  published_text: {_todo(reading.published_text)}")
    else:
        out.append("  published_basis: TODO         # no date line found: stated | inferred_from_metadata | not_stated")
    if reading.attribution is not None:
        n, name = reading.attribution
        out.append(f"  republishes: {_todo(name)}   # line {n + 1} credits another outlet")
    return out


def _unique_quote(reading: _Reading, start: int, end: int) -> str | None:
    """The shortest run of whole words around ``text[start:end]`` that occurs once outside furniture.

    A shipped source's name is evidenced by a quote the build must find exactly once; None when
    even the whole line is not unique.
    """
    text = reading.text
    line_start, line_end = reading.lines[reading.line_of(start)]

    def once(a: int, b: int) -> bool:
        quote, hits, k = text[a:b], 0, text.find(text[a:b])
        while k != -1 and hits < 2:
            hits += reading.furniture_at(k, k + len(quote)) is None
            k = text.find(quote, k + 1)
        return hits == 1

    a, b, grow_right = start, end, True
    while not once(a, b):
        if a <= line_start and b >= line_end:
            return None
        if (grow_right and b < line_end) or a <= line_start:
            nxt = text.find(" ", b + 1, line_end)
            b = line_end if nxt == -1 else nxt
        else:
            nxt = text.rfind(" ", line_start, max(line_start, a - 1))
            a = line_start if nxt == -1 else nxt + 1
        grow_right = not grow_right
    return text[a:b].strip()


def _names_block(reading: _Reading, *, cited: bool) -> list[str]:
    by_entity: dict[str, list[Mention]] = {}
    for m in reading.mentions:
        by_entity.setdefault(m.entity_id, []).append(m)
    if not by_entity:
        return ["names: {}                      # TODO: no registry person or organisation found in the text"]
    out = ["# How the text writes the registry people and organisations it names (remove those unused)."]
    out.append("names:")
    order = {"name": 0, "name_en": 1, "abbreviation": 2}
    for entity in sorted(by_entity):
        found = by_entity[entity]
        outside = [m for m in found if reading.furniture_at(m.start, m.end) is None] or found
        best = sorted(outside, key=lambda m: (order[m.field], m.start))[0]
        where = list(dict.fromkeys(reading.locator(m.start) for m in outside))
        other = sorted({m.text for m in found} - {best.text})
        note = ", ".join(where[:6]) + (", ..." if len(where) > 6 else "")
        if other:
            note += "; also written " + ", ".join(_q(o) for o in other[:3])
        quote = None
        for m in [] if cited else [best, *(m for m in outside if m.text == best.text and m is not best)]:
            if (quote := _unique_quote(reading, m.start, m.end)) is not None:
                break
        if cited and len(best.text) > 100:
            value = "TODO   # longer than 100 characters: shorten"
        elif cited or quote == best.text:
            value = _q(best.text)
        else:  # a shipped name is evidenced by a quote that occurs once
            value = _flow(text=best.text, quote=quote or "TODO: quote more context (the line is not unique)")
        out.append(f"  {entity}: {value}   # {note}")
    return out


def _draft_block(reading: _Reading, *, cited: bool) -> list[str]:
    text = reading.text
    out = ["draft:"]
    if reading.headline is not None:
        headline = None if cited else text[slice(*reading.lines[reading.headline])].strip()
        out.append(f"  headline: {_flow(line=reading.headline + 1, text=headline)}")
    if reading.published is not None:
        line = (reading.dateline or 0) + 1
        out.append(f"  publication_line: {_flow(line=line, terms=reading.published_text, edtf=reading.published.edtf)}")
    out.append("  # Every date phrase, read in the dataset's EDTF subset. needs_year: complete XXXX from the")
    out.append("  # dateline, the context or outside knowledge (and say how); needs_date: only a weekday or")
    out.append("  # a relative day is given. A date in furniture is never evidence.")
    out.append("  dates:" + ("" if reading.dates else " []"))
    for d in reading.dates:
        furniture = reading.furniture_at(d.start, d.end)
        item = _flow(
            at=reading.locator(d.start),
            line=reading.line_of(d.start) + 1,
            terms=d.phrase,
            edtf=d.edtf,
            basis=d.basis,
            furniture=furniture.kind if furniture else None,
        )
        out.append(f"    - {item}")
    if cited:
        out.append("  # Page furniture by line: never a fact about a meeting.")
        out.append("  furniture:" + ("" if reading.furniture else " []"))
        for s in reading.furniture:
            first, last = reading.line_of(s.start) + 1, reading.line_of(max(s.start, s.end - 1)) + 1
            out.append(f"    - {_flow(kind=s.kind, lines=f'{first}-{last}' if last > first else str(first))}")
    return out


def _furniture_block(reading: _Reading) -> list[str]:
    out = ["# Page furniture (confirm each kind, or delete the entry); the text must occur once in the seed."]
    out.append("furniture:" + ("" if reading.furniture else " []"))
    for s in reading.furniture:
        count = reading.text.count(s.text)
        note = f"   # line {reading.line_of(s.start) + 1}" + (f"; TODO: occurs {count} times" if count > 1 else "")
        out.append(f"  - {_flow(kind=f'TODO-confirm: {s.kind}', text=s.text)}{note}")
    return out


_RECORDS = """\
review:
  state: drafted
{names}
# The records: see the curation brief for every field. None is drafted; the text decides.
events: []          # TODO: one item per engagement the text reports
agreements: []
commitments: []
"""


def _assemble(header: list[str], reading: _Reading, *, cited: bool, more: tuple[str, ...] = ()) -> str:
    parts = [*header, *_source_block(reading, cited=cited), *more]
    parts.append(_RECORDS.format(names="\n".join(_names_block(reading, cited=cited))).rstrip("\n"))
    if not cited:
        parts.extend(_furniture_block(reading))
    parts.extend(_draft_block(reading, cited=cited))
    return "\n".join(parts) + "\n"


def draft_shipped(text: str, file_name: str, registry_root: Path | str) -> str:
    """A draft curation file (YAML text) for a shipped seed.

    A shipped text is in the repository, so the draft may quote it: the headline candidate,
    the furniture entries (``furniture:`` with their text, each kind to confirm) and the date
    phrases all carry their text.

    Args:
        text: the seed's text.
        file_name: its name in ``seeds/`` (``NNN_<hex>.txt``); the id is ``src-NNN``.
        registry_root: ``curation/registry`` (for the ``names:`` block).

    Returns:
        The YAML text, in ``review: {state: drafted}``, that does not validate until reviewed.
    """
    source_id = shipped_source_id(file_name)
    reading = _read(text, registry_root)
    header = _HEADER.format(source_id=source_id, origin=seed_path(Path(file_name).name)).splitlines()
    header += ["source:", "  kind: shipped", f"  file_name: {_q(Path(file_name).name)}"]
    return _assemble(header, reading, cited=False)


def draft_cited(url: str, page_text: str, registry_root: Path | str, *, today: date) -> str:
    """A draft curation file (YAML text) for a cited page (one that is never shipped).

    A cited page's sentences must not enter the repository, so the draft keeps only locators
    (headline, dateline, ``paragraph N``, ``line N``) and short verbatim terms of at most 100
    characters (date phrases, names, the publication date as printed). The headline's text is
    left for the curator to copy in (it is a bibliographic title, not a term).

    Args:
        url: the page's address (the id is ``src-w`` + 10 hex digits of its SHA-256).
        page_text: the page as the curator saved it (outside the repository).
        registry_root: ``curation/registry`` (for the ``names:`` block).
        today: the day the page was read (``read_on``).

    Returns:
        The YAML text, in ``review: {state: drafted}``, that does not validate until reviewed.
    """
    source_id = cited_source_id(url)
    reading = _read(page_text, registry_root)
    header = _HEADER.format(source_id=source_id, origin="a saved copy of the page").splitlines()
    header += ["source:", f"  url: {_q(url)}", "  kind: cited"]
    more = ("  part_read: TODO               # which part of the page was read", f"  read_on: {today.isoformat()}")
    return _assemble(header, reading, cited=True, more=more)
