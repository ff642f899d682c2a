"""No Python object is left with Arrow's threads once a read has returned.

``pyarrow.csv.read_csv`` parses on Arrow's thread pool, and the task that ends last may drop
the Python object read from (the bytes under ``pa.py_buffer``, a Python file) on its own
thread after the call returned. Dropping it takes the GIL; in a process that is shutting down
that thread exits inside C++ and the process aborts ("terminate called without an active
exception", exit -6: what made ``test_concurrency`` fail now and then). Before
`ict_coop._arrow.lent_to_arrow`, about one parse in thirteen of a generated table, and one
stamped load in twenty, returned with the object still held (measured on 200 and 300 calls);
a test of ``READS`` calls would then pass by chance with odds under one in a hundred.
"""

from __future__ import annotations

import sys
import threading
import time

import pytest

from benchmarks import generate
from ict_coop import _arrow, reading, stamps

READS = 150


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A generated package whose evidence table (about 4 MB) is parsed in several blocks, on several threads."""
    root = tmp_path_factory.mktemp("threads") / "pkg"
    generate.generate(root, 3000)
    return root


def _held(obj: object) -> int:
    return sys.getrefcount(obj)


def test_lent_to_arrow_leaves_once_the_other_thread_lets_go():
    lent = bytearray(b"x")
    before = _held(lent)
    holder: list[bytearray] = []

    def let_go_later():
        time.sleep(0.05)
        holder.clear()

    with _arrow.lent_to_arrow(lent):
        holder.append(lent)  # taken in the block, as a parse does, and dropped by another thread later
        threading.Thread(target=let_go_later).start()
    assert _held(lent) == before  # not left before the other thread let go


def test_lent_to_arrow_waits_a_bounded_time_for_a_reference_never_dropped(monkeypatch):
    monkeypatch.setattr(_arrow, "LENT_SECONDS", 0.05)
    lent = bytearray(b"x")
    kept = []
    started = time.monotonic()
    with _arrow.lent_to_arrow(lent):
        kept.append(lent)
    assert 0.05 <= time.monotonic() - started < 1.0


def test_a_parse_on_arrows_threads_returns_only_once_they_let_go_of_the_bytes(big):
    data = (big / "data" / "evidence.csv").read_bytes()
    lines = data.split(b"\n")
    malformed = b"\n".join([*lines[:20000], b"one,two", *lines[20000:]])  # the parallel parse fails
    for bytes_ in (data, malformed):
        before = _held(bytes_)
        held = 0
        for _ in range(READS):
            parsed = reading._parse("evidence", "data/evidence.csv", bytes_, 0)
            del parsed
            held += _held(bytes_) > before
        assert held == 0, f"{held} of {READS} parses returned with Arrow's threads still holding the bytes"


def test_a_stamped_load_hashed_as_parsed_returns_only_once_arrows_threads_let_go(big, monkeypatch):
    checked = reading.read_package(big)
    entry = next(r for r in checked.descriptor["resources"] if r["name"] == "evidence")
    made: list[stamps.HashingReader] = []

    class Recorded(stamps.HashingReader):
        def __init__(self, path):
            super().__init__(path)
            made.append(self)

    monkeypatch.setattr(reading, "HashingReader", Recorded)
    made.append(object())  # type: ignore[arg-type]
    alone = _held(made.pop())  # what an object held by nothing else counts
    held = 0
    for _ in range(READS):
        reading.read_validated(big, "evidence", entry, expected_hash=checked.hashes[entry["path"]])
        held += _held(made.pop()) > alone
    assert held == 0, f"{held} of {READS} loads returned with Arrow's threads still holding the file"
