"""Loads beside a writer: every load returns exactly the validated rows or raises an ict_coop exception.

Separate processes load a package over and over while another process rewrites one of its
tables, in place (truncate, then write in two parts, as an editor or ``>`` does) or atomically
(a new file renamed over the old one), alternating between the full file and the same file
cut after a row (well-formed, fewer participants: what a half-written file looks like). The
cut file is never valid (the descriptor's hash is the full file's), so a load must return the
full table or refuse. Each writer pauses now and then, long enough for the loaders to stamp the
package again, so that stamped loads (read once, hashed while parsed) meet the writer too.
Both ways a stamped load checks a table (the open file's status, or ``ICT_COOP_VERIFY=hash``)
are run. The writing starts once every loader holds its reference (the full table, loaded
before any write), however long the loaders took to start. Bounded in time: a few seconds
of writing per case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO

SECONDS = 3.0

LOADER = r"""
import json, sys, time
from pathlib import Path
from ict_coop import IctCoopError, load, loading, stamps

stamps.SETTLE_SECONDS = 0.05  # stamp again soon after the writer pauses (the default is 2 s)
root, ready, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
reference = load("participants", format="arrow", path=root)  # before the writer starts: the full table
ready.write_text("ready")
while not go.exists():  # the test writes the start and the end of the writing once every loader is ready
    time.sleep(0.01)
start, deadline = map(float, go.read_text().split())
counts = {"whole": 0, "refused": 0, "wrong": 0, "other": []}
while time.time() < start:
    time.sleep(0.01)
while time.time() < deadline:
    loading._loaded.clear()  # as a new process would: no copy kept in memory
    try:
        tables = load(format="arrow", path=root)
    except IctCoopError:
        counts["refused"] += 1
        continue
    except Exception as exc:  # anything but the library's own exceptions is a failure
        counts["other"].append(repr(exc)[:300])
        continue
    counts["whole" if tables["participants"].equals(reference) else "wrong"] += 1
print(json.dumps(counts))
"""

WRITER = r"""
import os, sys, time
from pathlib import Path

path, mode, start, deadline = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
full = path.read_bytes()
lines = full.split(b"\n")
cut = b"\n".join(lines[: len(lines) // 2]) + b"\n"  # ends at a row: parses, with fewer rows
while time.time() < start:
    time.sleep(0.01)
rounds = 0
while time.time() < deadline:
    for data in (cut, full):
        if mode == "in-place":
            with open(path, "r+b") as handle:
                handle.truncate(0)
                handle.write(data[: len(data) // 2])
                handle.flush()
                time.sleep(0.003)
                handle.write(data[len(data) // 2 :])
        else:
            partial = path.with_name(path.name + ".tmp")
            partial.write_bytes(data)
            os.replace(partial, path)
        time.sleep(0.01)
    rounds += 1
    if rounds % 5 == 0:
        time.sleep(0.4)  # long enough for a loader to validate and stamp the full file again
print(rounds)
"""


def _wait_until_ready(ready: list, loaders: list, timeout: float = 120.0) -> None:
    """Wait until every loader has written its ready file; fail if one exits first or time runs out."""
    limit = time.time() + timeout
    while not all(path.exists() for path in ready):
        ended = [loader for loader in loaders if loader.poll() is not None]
        if ended or time.time() > limit:
            for loader in loaders:
                loader.kill()  # the others wait for a start that will not come
            if ended:
                _, err = ended[0].communicate()
                pytest.fail(f"a loader exited before it was ready (exit {ended[0].returncode}): {err[-2000:]}")
            pytest.fail(f"the loaders were not ready within {timeout:.0f} s")
        time.sleep(0.02)


def _env() -> dict[str, str]:  # read when the processes start: after the test sets ICT_COOP_VERIFY
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}


@pytest.mark.parametrize("verify", ["status", "hash"])
@pytest.mark.parametrize("mode", ["in-place", "atomic"])
def test_loads_beside_a_writer_return_the_validated_rows_or_refuse(package, mode, verify, monkeypatch, tmp_path):
    from ict_coop import validate

    monkeypatch.setenv("ICT_COOP_VERIFY", verify)  # inherited by the loaders

    assert validate(package).valid
    signals = tmp_path / "signals"
    signals.mkdir()
    go = signals / "go"
    loaders = [
        subprocess.Popen(
            [sys.executable, "-c", LOADER, str(package), str(signals / f"ready-{i}"), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for i in range(2)
    ]
    # the writer starts only once every loader holds its reference (the full table): under a
    # heavy load a loader can take seconds to start, and a reference read beside the writer
    # would be refused or compared with what is not the full table
    _wait_until_ready([signals / f"ready-{i}" for i in range(2)], loaders)
    start = time.time() + 0.2
    deadline = start + SECONDS
    (signals / "go.tmp").write_text(f"{start} {deadline}")
    os.replace(signals / "go.tmp", go)  # whole when it appears: a loader reads it as soon as it exists
    writer = subprocess.run(
        [sys.executable, "-c", WRITER, str(package / "data" / "participants.csv"), mode, str(start), str(deadline)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=True,
    )
    assert int(writer.stdout) > 0
    results = []
    for loader in loaders:
        out, err = loader.communicate(timeout=120)
        assert loader.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert all(r["other"] == [] for r in results), [r["other"][:3] for r in results]
    assert all(r["wrong"] == 0 for r in results), results  # never the cut table, never rows in part
    assert sum(r["whole"] for r in results) > 0, results  # the check is not vacuous: loads did succeed
    assert validate(package).valid  # the writer left the full file
