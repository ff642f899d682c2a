"""The least work any validator of a package must do: the physical limit validation is measured against.

One process and one thread, imports included (time it as a whole command): read every file of
the package (descriptor, tables, seeds), decode it as UTF-8, test it for NFC, hash it with
SHA-256, and parse each table as text with ``pyarrow.csv.read_csv`` (every column a string, so
no type is checked). A validator that does less has skipped something it must check; one that
does much more than this has room to improve.

    python benchmarks/limit.py PACKAGE_DIR        # prints {"bytes": ..., "rows": ..., "seconds": ...}
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv


def package_files(root: Path) -> list[Path]:
    """Every file a validator must read: the descriptor, the tables and the seeds."""
    return [root / "datapackage.json", *sorted((root / "data").glob("*.csv")), *sorted((root / "seeds").glob("*"))]


def touch(root: Path) -> dict:
    """Read, decode, NFC-test, hash and (tables) parse every file; return what was touched."""
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    size = rows = 0
    for path in package_files(root):
        data = path.read_bytes()
        size += len(data)
        hashlib.sha256(data).digest()
        unicodedata.is_normalized("NFC", data.decode("utf-8"))
        if path.suffix == ".csv":
            header = data[: data.find(b"\n")].decode("utf-8").split(",")  # our headers hold no quoted commas
            table = pa_csv.read_csv(
                pa.BufferReader(data),
                read_options=pa_csv.ReadOptions(use_threads=False),
                convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string())),
            )
            rows += table.num_rows
    return {"bytes": size, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    root = Path((argv or sys.argv[1:])[0])
    start = time.perf_counter()
    touched = touch(root)
    print(json.dumps({**touched, "seconds": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
