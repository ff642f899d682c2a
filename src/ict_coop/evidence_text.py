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

import os
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

#: seeds laid side by side in one buffer at a time: bounds the lead-byte index (8 bytes a code point)
BATCH_BYTES = 16 * 2**20
#: rounds of non-overlapping passages compared column-wise; passages nested deeper are compared in Python
ROUNDS = 8


def arange(n: int) -> pa.Array:
    """0, 1, ..., n - 1 as int64, built in Arrow (no Python list of n ints)."""
    if n == 0:
        return pa.array([], pa.int64())
    ones = pc.fill_null(pa.nulls(n, pa.int64()), 1)
    return pc.subtract(pc.cumulative_sum(ones), 1)


def differing_passages(
    seeds: dict[str, bytes], texts: dict[str, str], source_id: Any, start: Any, end: Any, quote: Any
) -> list[int]:
    """Positions of the rows whose ``quote`` is not ``texts[source_id][start:end]`` (Python slice semantics).

    ``seeds``: each source's NFC text as UTF-8 bytes; ``texts``: the same as ``str``. A row whose
    source has no text is not checked. Offsets with ``0 <= start <= end <= len(text)`` are
    compared column-wise; any other (negative, reversed, past the end, null) in Python, so the
    answer is exactly the slice's.
    """
    ids = list(seeds)
    if not ids or len(source_id) == 0:
        return []
    at = pc.index_in(source_id, value_set=pa.array(ids, pa.string()))
    start, end = pc.cast(start, pa.int64()), pc.cast(end, pa.int64())
    chars = pa.array([len(texts[i]) for i in ids], pa.int64())
    inside = pc.and_kleene(
        pc.and_kleene(pc.greater_equal(start, 0), pc.less_equal(start, end)), pc.less_equal(end, pc.take(chars, at))
    )
    inside = pc.fill_null(inside, False)
    odd = pc.indices_nonzero(pc.and_(pc.is_valid(at), pc.invert(inside))).to_pylist()
    # batches of whole seeds: code point c of seed k is code point base[k] + c of its batch's buffer
    batch_of, base, batches, size, chars_in = [], [], [[]], 0, 0
    for k, source in enumerate(ids):
        if size and size + len(seeds[source]) > BATCH_BYTES:
            batches.append([])
            size = chars_in = 0
        batches[-1].append(k)
        batch_of.append(len(batches) - 1)
        base.append(chars_in)
        size += len(seeds[source])
        chars_in += len(texts[source])
    rows = pc.indices_nonzero(inside)
    seed = pc.take(at, rows)
    batch = pc.take(pa.array(batch_of, pa.int64()), seed)
    first = pc.add(pc.take(pa.array(base, pa.int64()), seed), pc.take(start, rows))
    last = pc.add(pc.take(pa.array(base, pa.int64()), seed), pc.take(end, rows))
    # in buffer order: within a batch, seeds lie in order and code points grow with bytes
    order = pc.sort_indices(
        pa.table({"batch": batch, "first": first}), [("batch", "ascending"), ("first", "ascending")]
    )
    rows, batch, first, last = (pc.take(a, order) for a in (rows, batch, first, last))

    def differs(position: int) -> bool:  # the slice itself, for offsets the kernels do not take
        text = texts[source_id[position].as_py()]
        return text[start[position].as_py() : end[position].as_py()] != quote[position].as_py()

    differing = [position for position in odd if differs(position)]
    for number, members in enumerate(batches):
        mine = pc.indices_nonzero(pc.equal(batch, number))
        if len(mine) == 0:
            continue
        buffer = pa.py_buffer(b"".join(seeds[ids[k]] for k in members) + b"\n")  # "\n": the end as a lead byte
        leads = _lead_bytes(buffer)
        byte_first = pc.cast(pc.take(leads, pc.take(first, mine)), pa.int64())
        byte_last = pc.cast(pc.take(leads, pc.take(last, mine)), pa.int64())
        their_rows = pc.take(rows, mine)
        wanted = pc.cast(pc.take(quote, their_rows), pa.binary())
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
