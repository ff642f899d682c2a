"""Small Arrow helpers shared by the reader and the checks."""

from __future__ import annotations

from typing import Any

import pyarrow as pa


def whole(column: Any) -> pa.Array:
    """A table's column as one array: its only chunk as it is, or the chunks joined.

    ``ChunkedArray.combine_chunks`` copies even a column of one chunk (every typed table the
    reader makes is one chunk a column), and the checks ask for the same columns many times:
    taking the chunk spares a copy of the data, and the kernel fresh pages, each time.
    """
    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column
