"""Column-wise comparisons of evidence with source texts: passages at their offsets, verbatim values in quotes.

Two questions of validation compare every row with a text, so they decide its speed on a large
package:

- [`differing_passages`][ict_coop.evidence_text.differing_passages]: is each quote its seed's
  text from ``start`` to ``end`` (code points of the NFC text)? The seeds' UTF-8 bytes are laid
  side by side in one Arrow buffer; an index of UTF-8 lead bytes turns code points into byte
  offsets; each passage becomes a slice of that buffer, compared with its quote in one kernel.
- [`missing_values`][ict_coop.evidence_text.missing_values]: does each verbatim value occur,
  as a literal, in its record's quotes (joined into one text)? With polars installed, one
  vectorised ``str.contains(literal=True)`` per row; otherwise Python's ``in``. Both engines
  give the same answers (``tests/test_evidence_engines.py``); ``ICT_COOP_ENGINE=pyarrow``
  forces the fallback.

Both work on bytes of valid UTF-8, where a substring of the bytes is a substring of the code
points: UTF-8 is self-synchronising.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ._arrow import arange

#: seeds laid side by side in one buffer (`SeedTexts`): bounds the lead-byte index (8 bytes a code point)
BATCH_BYTES = 16 * 2**20
#: rounds of non-overlapping passages compared column-wise; passages nested deeper are compared in Python
ROUNDS = 8


class SeedTexts(Mapping[str, str]):
    """The seeds' NFC texts as UTF-8, side by side in a few buffers; a seed becomes a ``str`` only when asked for.

    A million events' seeds hold hundreds of megabytes: as Python strings they would take up to
    twice that again, and decoding them holds the GIL. The checks slice the buffers instead
    (`differing_passages`); only a finding needs a seed's text as ``str`` (``seeds[source_id]``,
    decoded once). Each buffer ends with a line feed, which `_lead_bytes` takes for the end.
    """

    def __init__(self) -> None:
        #: each buffer: its seeds' UTF-8 side by side, then a line feed
        self.buffers: list[pa.Buffer] = []
        #: source_id -> (buffer, first byte, end byte, code points before it in its buffer, code points)
        self.where: dict[str, tuple[int, int, int, int, int]] = {}
        self._decoded: dict[str, str] = {}

    def add(self, ids: list[str], buffer: pa.Buffer, offsets: list[int], chars: list[int]) -> None:
        """Seeds ``ids`` side by side in ``buffer`` (ending with a line feed): seed k is bytes offsets[k:k + 2]."""
        number, before = len(self.buffers), 0
        self.buffers.append(buffer)
        for k, source in enumerate(ids):
            self.where[source] = (number, offsets[k], offsets[k + 1], before, chars[k])
            self._decoded.pop(source, None)
            before += chars[k]

    @classmethod
    def of(cls, texts: dict[str, str]) -> SeedTexts:
        """The seeds of ``texts`` (already NFC), in buffers of at most `BATCH_BYTES` unless one seed is larger."""
        seeds, batch, size = cls(), [], 0
        for source, text in texts.items():
            data = text.encode("utf-8", "surrogatepass")
            if batch and size + len(data) > BATCH_BYTES:
                seeds.add_joined(batch)
                batch, size = [], 0
            batch.append((source, data, len(text)))
            size += len(data)
        if batch:
            seeds.add_joined(batch)
        return seeds

    def add_joined(self, batch: list[tuple[str, bytes, int]]) -> None:
        """(source_id, UTF-8, code points) of each seed, laid side by side in one new buffer."""
        buffer, offsets = side_by_side([data for _, data, _ in batch])
        self.add([source for source, _, _ in batch], buffer, offsets, [chars for _, _, chars in batch])

    def chars(self, source_id: str) -> int:
        """How many code points the seed's text has (``len(seeds[source_id])``, without decoding it)."""
        return self.where[source_id][4]

    def __getitem__(self, source_id: str) -> str:
        text = self._decoded.get(source_id)
        if text is None:
            number, first, end, _, _ = self.where[source_id]
            text = str(memoryview(self.buffers[number])[first:end], "utf-8", "surrogatepass")
            self._decoded[source_id] = text
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self.where


def side_by_side(texts: list[bytes]) -> tuple[pa.Buffer, list[int]]:
    """``texts`` joined in one buffer that ends with a line feed, and where each begins (text k: offsets[k:k + 2])."""
    offsets = [0]
    for data in texts:
        offsets.append(offsets[-1] + len(data))
    return pa.py_buffer(b"".join([*texts, b"\n"])), offsets


def differing_passages(seeds: SeedTexts, source_id: Any, start: Any, end: Any, quote: Any) -> list[int]:
    """Positions of the rows whose ``quote`` is not ``seeds[source_id][start:end]`` (Python slice semantics).

    ``quote`` may be a chunked array (the texts of several tables, not joined into one copy). A
    row whose source has no text is not checked. Offsets with
    ``0 <= start <= end <= len(text)`` are compared column-wise, on the seeds' own buffers; any
    other (negative, reversed, past the end, null) in Python, so the answer is exactly the slice's.
    """
    ids = list(seeds)
    if not ids or len(source_id) == 0:
        return []
    at = pc.index_in(source_id, value_set=pa.array(ids, pa.string()))
    start, end = pc.cast(start, pa.int64()), pc.cast(end, pa.int64())
    where = [seeds.where[i] for i in ids]
    chars = pa.array([w[4] for w in where], pa.int64())
    inside = pc.and_kleene(
        pc.and_kleene(pc.greater_equal(start, 0), pc.less_equal(start, end)), pc.less_equal(end, pc.take(chars, at))
    )
    inside = pc.fill_null(inside, False)
    odd = pc.indices_nonzero(pc.and_(pc.is_valid(at), pc.invert(inside))).to_pylist()
    # code point c of a seed is code point base + c of its buffer
    batch_of, base = [w[0] for w in where], [w[3] for w in where]
    rows = pc.indices_nonzero(inside)
    seed = pc.take(at, rows)
    # the texts of several tables come as chunks: each row's chunk, so each is taken from its own
    # (taking from a chunked array of strings joins all of its chunks first, for every call)
    chunks = quote.chunks if isinstance(quote, pa.ChunkedArray) else [quote]
    bounds = [0]
    for chunk in chunks:
        bounds.append(bounds[-1] + len(chunk))
    group = pc.multiply(pc.take(pa.array(batch_of, pa.int64()), seed), pa.scalar(len(chunks), pa.int64()))
    for bound in bounds[1:-1]:
        group = pc.add(group, pc.cast(pc.greater_equal(rows, pa.scalar(bound, rows.type)), pa.int64()))
    first = pc.add(pc.take(pa.array(base, pa.int64()), seed), pc.take(start, rows))
    last = pc.add(pc.take(pa.array(base, pa.int64()), seed), pc.take(end, rows))
    # in buffer order, chunk by chunk: within a batch, seeds lie in order and code points grow with bytes
    order = pc.sort_indices(
        pa.table({"group": group, "first": first}), [("group", "ascending"), ("first", "ascending")]
    )
    rows, group, first, last = (pc.take(a, order) for a in (rows, group, first, last))

    def differs(position: int) -> bool:  # the slice itself, for offsets the kernels do not take
        text = seeds[source_id[position].as_py()]
        return text[start[position].as_py() : end[position].as_py()] != quote[position].as_py()

    differing = [position for position in odd if differs(position)]
    # each (buffer, chunk) is one run of rows (a scan of every row for each buffer would grow
    # with the square of the data: more buffers, each with more rows to scan)
    count = len(rows)
    edges = pc.indices_nonzero(pc.not_equal(group.slice(1), group.slice(0, count - 1))).to_pylist() if count else []
    runs = [0, *(edge + 1 for edge in edges), count] if count else []
    leads, leads_of = None, None
    for begin, stop in itertools.pairwise(runs):
        size = stop - begin
        number, part = divmod(group[begin].as_py(), len(chunks))
        buffer = seeds.buffers[number]
        if leads_of != number:  # a buffer's index is made once, for the runs of every chunk
            leads = None  # the last buffer's let go first: its memory serves the next one's
            leads, leads_of = _lead_bytes(buffer), number
        byte_first = pc.cast(pc.take(leads, first.slice(begin, size)), pa.int64())
        byte_last = pc.cast(pc.take(leads, last.slice(begin, size)), pa.int64())
        their_rows = rows.slice(begin, size)
        local = pc.subtract(their_rows, pa.scalar(bounds[part], their_rows.type)) if part else their_rows
        wanted = pc.cast(pc.take(chunks[part], local), pa.binary())
        left, leftover = _compare_in_rounds(buffer, byte_first, byte_last, wanted)
        differing += pc.take(their_rows, left).to_pylist()
        differing += [p for p in pc.take(their_rows, leftover).to_pylist() if differs(p)]  # nested deeper
    return sorted(differing)


def _lead_bytes(buffer: pa.Buffer) -> pa.Array:
    """Byte offset of each code point of the UTF-8 ``buffer`` (uint64): bytes other than 10xxxxxx start one."""
    data = pa.Array.from_buffers(pa.uint8(), buffer.size, [None, buffer])
    lead = pc.not_equal(pc.bit_wise_and(data, pa.scalar(0xC0, pa.uint8())), pa.scalar(0x80, pa.uint8()))
    return pc.indices_nonzero(lead)


def _compare_in_rounds(buffer: pa.Buffer, first: Any, last: Any, wanted: Any) -> tuple[Any, Any]:
    """Positions (into ``first``) of byte ranges of ``buffer`` that differ from ``wanted``; and those not compared.

    ``first`` ascends. A binary array's offsets must not decrease, so each round takes the
    ranges that start after every earlier one ended (a cumulative maximum): laid out as
    ``[first0, last0, first1, last1, ...]`` they are the even elements of one array over the
    buffer. Overlapping ranges wait for a later round.
    """
    pending = arange(len(first))
    differing = []
    for _ in range(ROUNDS):
        if len(pending) == 0:
            break
        starts, ends = pc.take(first, pending), pc.take(last, pending)
        reach = pc.cumulative_max(ends)
        before = pa.concat_arrays([pa.array([0], pa.int64()), reach.slice(0, len(reach) - 1)])
        free = pc.greater_equal(starts, before)
        layer, pending = pending.filter(free), pending.filter(pc.invert(free))
        starts, ends, count = starts.filter(free), ends.filter(free), pc.sum(free).as_py()
        index = arange(2 * count)
        spread = pc.add(pc.shift_right(index, 1), pc.multiply(pc.bit_wise_and(index, 1), count))
        offsets = pc.cast(pc.take(pa.concat_arrays([starts, ends]), spread), pa.int32())  # a batch is < 2 GiB
        pieces = pa.BinaryArray.from_buffers(pa.binary(), 2 * count - 1, [None, offsets.buffers()[1], buffer])
        passages = pc.take(pieces, pc.multiply(arange(count), 2))
        same = pc.equal(passages, pc.take(wanted, layer))
        differing.append(layer.filter(pc.invert(same)))
    return pa.concat_arrays([pa.array([], pa.int64()), *differing]), pending


def engine() -> str:
    """``polars`` when it imports and ``ICT_COOP_ENGINE`` does not say ``pyarrow``; else ``pyarrow``."""
    if os.environ.get("ICT_COOP_ENGINE", "").lower() == "pyarrow":
        return "pyarrow"
    try:
        import polars  # noqa: F401
    except ImportError:
        return "pyarrow"
    return "polars"


def missing_values(values: Any, texts: Any, at: Any, use: str | None = None) -> list[int]:
    """Positions of the ``values`` that do not occur, literally, in ``texts[at]`` (a null ``at``: not checked).

    ``values``: strings; ``texts``: the joined quotes of each record; ``at``: for each value,
    its record's text (int, null when the record has none). ``use``: the engine
    (default: [`engine`][ict_coop.evidence_text.engine]).
    """
    if len(values) == 0:
        return []
    if (use or engine()) == "polars":
        import polars as pl

        frame = pl.DataFrame(
            {
                "value": pl.from_arrow(values),
                "text": pl.from_arrow(texts).gather(pl.from_arrow(pc.cast(at, pa.int64()))),
            }
        )
        found = frame.select(pl.col("text").str.contains(pl.col("value"), literal=True).fill_null(True))
        return found.to_series().not_().arg_true().to_list()
    joined = texts.to_pylist()
    return [
        position
        for position, (value, where) in enumerate(zip(values.to_pylist(), at.to_pylist(), strict=True))
        if where is not None and value not in joined[where]
    ]
