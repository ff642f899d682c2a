"""The first load after ``pip install``: fresh processes, each with an empty stamp folder.

Installs each wheel given (``pip install --no-deps --target``, into a scratch folder; the
dependencies are the running Python's) and times, interleaved so that a busy machine slows
every variant alike, a fresh process running ``CODE`` on the installed data: with an empty
stamp folder (the first load after installing) and, for the last wheel, with a stamp (a load
validated before). Wall and CPU time of the whole process, imports included; medians.

    python benchmarks/first_load.py dist-0.3.0/ict_coop-0.3.0-py3-none-any.whl dist/ict_coop-*.whl
    python benchmarks/first_load.py OLD.whl NEW.whl --code "import ict_coop; ict_coop.load('events', format='arrow')"

Build a wheel with ``python -m build --wheel`` (of a checkout of the version to compare).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def install(wheel: Path, into: Path) -> Path:
    """The folder a wheel is installed into, without its dependencies (the running Python has them)."""
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(into), str(wheel)]
    subprocess.run(command, check=True)
    return into


def timed(code: str, site: Path, stamps: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process running ``code`` with ``site`` first on the path."""
    env = {key: value for key, value in os.environ.items() if key != "ICT_COOP_DATA_DIR"}  # the installed data
    env |= {"PYTHONPATH": str(site), "ICT_COOP_CACHE_DIR": str(stamps)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheels", type=Path, nargs="+", help="wheels to compare, oldest first")
    parser.add_argument("--code", default="import ict_coop; ict_coop.load('meetings')")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ict-coop-first-load-") as scratch:
        # by path: two builds of one version have the same file name
        sites = {str(wheel): install(wheel, Path(scratch) / str(i)) for i, wheel in enumerate(args.wheels)}
        stamped = Path(scratch) / "stamps"
        last = list(sites.values())[-1]
        for _ in range(2):  # the stamp: written once the installed files are older than SETTLE_SECONDS
            time.sleep(2.5)
            timed(args.code, last, stamped)
        variants = [(f"{name}, first load", site, None) for name, site in sites.items()]
        variants.append((f"{args.wheels[-1]}, validated before (a stamp)", last, stamped))
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in variants}
        for _ in range(args.repeats):
            for label, site, stamps in variants:
                with tempfile.TemporaryDirectory() as empty:
                    runs[label].append(timed(args.code, site, stamps or Path(empty)))
    print(f"`{args.code}`, fresh processes, medians of {args.repeats} (interleaved):")
    for label, times in runs.items():
        wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
        print(f"  {label}: wall {wall:.3f} s, cpu {cpu:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
