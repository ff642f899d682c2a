"""The sentence (and paragraph) around a quote: a sentence splitter for Vietnamese news text.

Evidence quotes are often clause fragments; a reader wants the sentence they come from.
`sentence_around` gives it from the source text and the quote's offsets:

>>> text = "Ngày 17/5, tại TP. Hồ Chí Minh, Bộ TT&TT đón 2.000 khách. Ông N.V. An nói: “Hợp tác tốt.” Hết."
>>> sentence_around(text, text.index("2.000"), text.index("2.000") + 5).text
'Ngày 17/5, tại TP. Hồ Chí Minh, Bộ TT&TT đón 2.000 khách.'
>>> tuple(text[s:e] for s, e in sentence_spans(text) if s > 0)
('Ông N.V. An nói: “Hợp tác tốt.”', 'Hết.')

For a passage of a shipped source (a row of the ``quotes`` table):

>>> from ict_coop import load
>>> data = load()
>>> quote = next(q for q in data.tables["quotes"] if q.text == "hai bên nhất trí đẩy mạnh hợp tác trong lĩnh vực này")
>>> sentence_around(data.source_text(quote.source_id), quote.start, quote.end).text[:60]
'Nhật Bản là nước đi trước và đã xây dựng thành công nhiều dự'

A paragraph is a line of the text (seeds keep one paragraph per line); no sentence crosses a
line break. Within a line, a sentence ends at ``.``, ``!``, ``?`` or an ellipsis, with any
closing quotation marks or brackets after it, when white space and the start of a new
sentence follow (a capital letter, a digit, an opening quotation mark or bracket, a dash).
A full stop does not end a sentence after an abbreviation that is followed by a name
(``TP. Hồ Chí Minh``, ``TS.``, ``PGS.``, ``Mr.``: `ABBREVIATIONS`) or after an initial
(``N.V. An``); one between digits (``2.000``) or inside a word (``TP.HCM``, ``M.P``) is no
boundary at all. An acronym such as ``Bộ TT&TT.`` does end a sentence: news reports write
it at the end of one all the time, and never as an abbreviation of a following word.

Offsets are in code points of the NFC text, as the evidence's are. The splitter is stdlib only;
`quote_contexts` gives every passage of a dataset with its sentence, as an Arrow table.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pyarrow as pa

#: Words that a full stop abbreviates before a name or a number (case-sensitive, without the stop).
ABBREVIATIONS = frozenset(
    {
        # places: thành phố, thị xã, quận, phường, tỉnh
        "TP",
        "Tp",
        "TX",
        "Q",
        "P",
        # degrees and titles
        "TS",
        "ThS",
        "Ths",
        "PGS",
        "GS",
        "BS",
        "KS",
        "NGƯT",
        "NSƯT",
        "NSND",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "St",
        "No",
        "Nr",
        "tr",  # trang (page)
    }
)

_END = re.compile(r"(?:\.{3}|…|[.!?])+[\"”’»)\]]*")
#: What may start a sentence: a capital letter, a digit, an opening quotation mark or bracket, a dash.
_START = re.compile(r"[\"“‘«(\[–—-]|\d|[^\W\d_]")


class Span(NamedTuple):
    """A stretch of a text: its offsets (code points, end exclusive) and what it says."""

    start: int
    end: int
    text: str


def _ends_here(line: str, match: re.Match[str]) -> bool:
    """Whether the terminal punctuation ``match`` in ``line`` ends a sentence."""
    after = match.end()
    if after == len(line):
        return True
    if not line[after].isspace():
        return False  # 2.000, TP.HCM, M.P: no boundary inside a word or a number
    rest = line[after:].lstrip()
    if not rest:
        return True
    following = rest[0]
    if not _START.match(following) or (following.isalpha() and not following.isupper()):
        return False  # a lower-case word goes on with the sentence (v.v. và ...)
    if line[match.start()] != ".":
        return True
    word = re.search(r"([^\s(\"“‘«]+)$", line[: match.start()])
    token = word.group(1) if word else ""
    if token in ABBREVIATIONS:
        return False
    last = token.rsplit(".", 1)[-1]
    return not (len(last) == 1 and last.isupper())  # an initial: N.V. An, J. Smith


def _line_sentences(line: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    start = len(line) - len(line.lstrip())
    for match in _END.finditer(line):
        if match.end() <= start or not _ends_here(line, match):
            continue
        spans.append((offset + start, offset + match.end()))
        start = match.end() + (len(line) - match.end() - len(line[match.end() :].lstrip()))
    if line[start:].strip():
        spans.append((offset + start, offset + len(line.rstrip())))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` as (start, end) offsets, in order; white space between them is left out."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans += _line_sentences(line, offset)
        offset += len(line) + 1
    return spans


def _check(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        msg = f"need 0 <= start < end <= {len(text)} (the text's length), not start={start}, end={end}"
        raise ValueError(msg)


def sentence_around(text: str, start: int, end: int) -> Span:
    """The sentence of ``text`` that holds ``text[start:end]`` (the sentences, when it spans several).

    Raises ValueError when the offsets are not inside the text.
    """
    _check(text, start, end)
    spans = [(s, e) for s, e in sentence_spans(text) if s < end and start < e]
    if not spans:  # the quote is only white space between sentences
        return Span(start, end, text[start:end])
    first, last = min(spans[0][0], start), max(spans[-1][1], end)
    return Span(first, last, text[first:last])


def paragraph_around(text: str, start: int, end: int) -> Span:
    """The paragraph (the line or lines, without their surrounding white space) that holds ``text[start:end]``.

    Raises ValueError when the offsets are not inside the text.
    """
    _check(text, start, end)
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last == -1 else last
    while first < start and text[first].isspace():
        first += 1
    while last > end and text[last - 1].isspace():
        last -= 1
    return Span(first, last, text[first:last])


def quote_contexts(dataset: Any) -> pa.Table:
    """Every passage of the ``quotes`` table with the sentence and paragraph it comes from.

    One row per passage, in the table's order: ``quote_id``, ``source_id``, the passage's
    ``start``/``end`` and ``text``, then ``sentence_start``/``sentence_end``/``sentence`` and
    ``paragraph_start``/``paragraph_end``/``paragraph`` (offsets in the seed's NFC text, as the
    passage's). ``ict-coop export quote_contexts`` writes it.
    """
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in _CONTEXT_COLUMNS}
    texts: dict[str, str] = {}
    for quote in dataset.tables["quotes"]:
        if quote.source_id not in texts:
            texts[quote.source_id] = dataset.source_text(quote.source_id)
        text = texts[quote.source_id]
        sentence = sentence_around(text, quote.start, quote.end)
        paragraph = paragraph_around(text, quote.start, quote.end)
        row = (quote.quote_id, quote.source_id, quote.start, quote.end, quote.text, *sentence, *paragraph)
        for name, value in zip(_CONTEXT_COLUMNS, row, strict=True):
            columns[name].append(value)
    types = {"start": pa.int64(), "end": pa.int64()}
    return pa.table(
        {name: pa.array(values, types.get(name.rsplit("_", 1)[-1], pa.string())) for name, values in columns.items()}
    )


_CONTEXT_COLUMNS = (
    "quote_id",
    "source_id",
    "start",
    "end",
    "text",
    "sentence_start",
    "sentence_end",
    "sentence",
    "paragraph_start",
    "paragraph_end",
    "paragraph",
)
