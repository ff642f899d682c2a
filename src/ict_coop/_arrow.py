"""Small Arrow helpers shared by the reader and the checks."""

from __future__ import annotations

import bisect
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc


def whole(column: Any) -> pa.Array:
    """A table's column as one array: its only chunk as it is, or the chunks joined.

    ``ChunkedArray.combine_chunks`` copies even a column of one chunk (every typed table the
    reader makes is one chunk a column), and the checks ask for the same columns many times:
    taking the chunk spares a copy of the data, and the kernel fresh pages, each time.
    """
    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def equals(column: Any, value: str) -> Any:
    """``column == value``; a dictionary-encoded column is compared by its codes (no decoding of every row)."""
    if not pa.types.is_dictionary(column.type):
        return pc.fill_null(pc.equal(column, value), False)
    codes = [i for i, entry in enumerate(column.dictionary.to_pylist()) if entry == value]
    if len(codes) == 1:  # the usual case: one code, a comparison of integers (is_in would hash every row)
        return pc.fill_null(pc.equal(column.indices, pa.scalar(codes[0], column.indices.type)), False)
    return pc.fill_null(pc.is_in(column.indices, value_set=pa.array(codes, column.indices.type)), False)


def arange(n: int) -> pa.Array:
    """0, 1, ..., n - 1 as int64, built in Arrow (no Python list of n ints)."""
    if n == 0:
        return pa.array([], pa.int64())
    ones = pc.fill_null(pa.nulls(n, pa.int64()), 1)
    return pc.subtract(pc.cumulative_sum(ones), 1)


#: how long `lent_to_arrow` waits at most for Arrow's threads (they let go within a millisecond, measured)
LENT_SECONDS = 1.0


@contextmanager
def lent_to_arrow(lent: object) -> Iterator[None]:
    """Lend ``lent`` (bytes under ``pa.py_buffer``, a Python file) to Arrow's threads; leave once they let go of it.

    ``pyarrow.csv.read_csv`` with threads parses on Arrow's thread pool, and the task that ends
    last drops the reader, and with it the Python object read from, on its own thread, at times
    after the call has returned (one parse in thirteen, measured). Dropping it takes the GIL.
    Were the interpreter shutting down by then (a loader that ends right after a load), that
    thread would exit inside C++ code and the process abort: "terminate called without an
    active exception", exit -6 (a core dump showed ``~PyReadableFile`` on an Arrow worker
    during ``Py_FinalizeEx``). Waiting here, while the process runs normally, lets that happen
    first. ``tests/test_arrow_threads.py`` counts what is still held once a read returns.

    References are counted (``sys.getrefcount``) on entering and on leaving: the block must not
    keep a pyarrow object of its own that holds ``lent`` (make them in the call, as
    temporaries). The wait ends after `LENT_SECONDS` in any case.
    """
    held = sys.getrefcount(lent)
    try:
        yield
    finally:  # an exception too: a parse that failed may leave tasks that still hold the object
        deadline = time.monotonic() + LENT_SECONDS
        while sys.getrefcount(lent) > held and time.monotonic() < deadline:
            time.sleep(0.0002)  # the GIL is free meanwhile: the Arrow thread takes it and lets go


#: values looked up at a time when both sides are sorted: a hash of this many keys stays in the
#: processor's caches, where one of every key does not (its cost per value then grows with the data)
LOOKUP_BLOCK = 1 << 15


def ascending(array: pa.Array, *, strictly: bool) -> bool:
    """Whether each value is at least (``strictly``: more than) the one before it; for arrays without nulls."""
    if len(array) < 2:
        return True
    later, earlier = array.slice(1), array.slice(0, len(array) - 1)
    return bool(pc.all(pc.greater(later, earlier) if strictly else pc.greater_equal(later, earlier)).as_py())


def _sortable(values: pa.Array, keys: pa.Array) -> bool:
    """Whether `lookup` may go block by block: one plain type on both sides, no null key (a value may be null)."""
    kind = values.type
    if kind != keys.type or keys.null_count:
        return False
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)


def lookup(values: Any, keys: Any, block: int = LOOKUP_BLOCK) -> pa.Array:
    """``pc.index_in(values, value_set=keys)``: the position of each value in ``keys`` (null: not there).

    Keys are sorted by the primary key check, and the values looked up are often sorted too
    (evidence by record, child rows by parent). Then each run of ``block`` values needs only the
    keys from its first to its last, found by bisection: a small hash of them is built and
    probed in the processor's caches, so the cost grows with the data, not faster (a hash of a
    million keys is probed in memory). Null values (an event without a parent) are set aside
    first and are null in the answer; the others must be sorted. Otherwise, or with a null key,
    it is ``index_in`` itself. ``tests/test_lookups.py`` checks both give the same answer.
    """
    values, keys = whole(values), whole(keys)
    # a few values need no hash of a million keys either: only of the keys they span
    if len(keys) <= block or not _sortable(values, keys) or not ascending(keys, strictly=True):
        return pc.index_in(values, value_set=keys)
    if values.null_count:
        present = values.drop_null()
        if not ascending(present, strictly=False):
            return pc.index_in(values, value_set=keys)
        # each non-null value's position put back in its place: replace_with_mask fills the
        # masked slots with the replacements in order (a scatter, in the pyarrow versions supported)
        found = _blocks(present, keys, block)
        return pc.replace_with_mask(pa.nulls(len(values), found.type), pc.is_valid(values), found)
    if not ascending(values, strictly=False):
        return pc.index_in(values, value_set=keys)
    return _blocks(values, keys, block)


def _blocks(values: pa.Array, keys: pa.Array, block: int) -> pa.Array:
    """`lookup` of sorted values without nulls in sorted keys, ``block`` values at a time."""
    count = len(values)
    if count == 0:
        return pa.array([], pa.int32())  # what index_in gives

    def key(scalar: pa.Scalar) -> Any:
        return scalar.as_py()  # str compares by code point, as UTF-8 bytes do in Arrow

    pieces, start = [], 0
    while start < count:
        stop = min(start + block, count)
        low = bisect.bisect_left(keys, values[start].as_py(), key=key)
        high = bisect.bisect_right(keys, values[stop - 1].as_py(), low, key=key)
        if high - low > block:  # the values are spread over many keys: fewer of them this time
            high = low + block
            stop = bisect.bisect_right(values, keys[high - 1].as_py(), start, stop, key=key)  # > start
        found = pc.index_in(values.slice(start, stop - start), value_set=keys.slice(low, high - low))
        pieces.append(pc.add(found, pa.scalar(low, found.type)) if low else found)
        start = stop
    return pa.concat_arrays(pieces)


def present(positions: Any, count: int) -> pa.Array:
    """Which of the rows ``0 .. count - 1`` occur in ``positions`` (integers in that range; null: none).

    The same as ``pc.is_in(arange(count), value_set=positions)``, but without a hash: each
    position is written into an array of ``count`` slots (``pc.inverse_permutation``, a
    scatter), so the cost grows with the data. A hash of a million positions lies outside the
    processor's caches, where every probe waits for memory: at 10^6 events the check of the
    quotes cited took 3.3 s with ``is_in`` and 0.4 s with the scatter (measured). On a pyarrow whose
    ``inverse_permutation`` cannot make an array of ``count`` slots it is ``is_in`` itself.
    ``tests/test_lookups.py`` checks both give the same answer.
    """
    positions = pc.cast(whole(positions), pa.int64())
    if count == 0 or not hasattr(pc, "InversePermutationOptions"):
        return pc.is_in(arange(count), value_set=positions)
    # which row each slot received does not matter, only whether it received one
    written = pc.inverse_permutation(positions, max_index=count - 1, output_type=pa.int64())
    return pc.is_valid(written)


def member(values: Any, value_set: Any, block: int = LOOKUP_BLOCK) -> pa.Array:
    """``pc.is_in(values, value_set=value_set)``, by `lookup` when both sides are sorted."""
    values, value_set = whole(values), whole(value_set)
    if len(value_set) <= block or not _sortable(values, value_set) or not ascending(value_set, strictly=False):
        return pc.is_in(values, value_set=value_set)  # (a null value is not in a set without nulls, as below)
    if len(value_set) > 1:  # each value once: sorted, so a value repeats only beside itself
        differs = pc.not_equal(value_set.slice(1), value_set.slice(0, len(value_set) - 1))
        value_set = pa.concat_arrays([value_set.slice(0, 1), value_set.slice(1).filter(differs)])
    return pc.is_valid(lookup(values, value_set, block))
