"""Each stage of the check, timed alone in one process: ``validation.check`` run several times.

    python benchmarks/stages.py PACKAGE --runs 3 --json OUT.json
    python benchmarks/stages.py --compare SMALL.json LARGE.json

The first form checks PACKAGE ``--runs`` times in this process and writes, per run, the
whole check's wall and CPU seconds and each stage's (`validation.Checked.stages` and
``stage_cpu``). The second prints each stage's best (lowest) CPU seconds in two such files and
their ratio, marking those over ``run.GROWTH_GOAL`` (issue 17's goal, 11x for 10^5 -> 10^6).

Unlike ``run.py --only validation`` (whole commands in fresh processes, sizes taking turns),
the runs here share one process: later runs find the allocator's memory already mapped, which
favours a small package. Use it to look at one stage, before and after a change, not for the
figures of the docs' tables. ``ICT_COOP_THREADS=1`` times each stage without a neighbour.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from run import GROWTH_GOAL


def measure(root: Path, runs: int) -> list[dict]:
    """``runs`` checks of ``root``: per run its total wall and CPU seconds and each stage's."""
    from ict_coop import validation

    measured = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        checked = validation.check(root)
        measured.append(
            {
                "wall_total": time.perf_counter() - wall,
                "cpu_total": time.process_time() - cpu,
                "cpu": dict(checked.stage_cpu),
                "wall": dict(checked.stages),
            }
        )
    return measured


def compare(small: list[dict], large: list[dict], bound: float = GROWTH_GOAL) -> list[str]:
    """Lines: each stage's best CPU seconds in both, and the growth (largest stages first)."""

    def best(runs: list[dict], name: str) -> float:
        return min(run["cpu"].get(name, 0.0) for run in runs)

    names = sorted({name for run in small + large for name in run["cpu"]}, key=lambda n: -best(large, n))
    lines = [f"{'stage':28s} {'small s':>9s} {'large s':>9s} {'growth':>8s}"]
    for name in names:
        before, after = best(small, name), best(large, name)
        growth = after / before if before else float("nan")
        over = f"  over {bound:g}x" if growth > bound else ""
        lines.append(f"{name:28s} {before:9.3f} {after:9.3f} {growth:7.1f}x{over}")
    for total in ("wall_total", "cpu_total"):
        before, after = min(r[total] for r in small), min(r[total] for r in large)
        lines.append(f"{total:28s} {before:9.3f} {after:9.3f} {after / before:7.1f}x")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the runs here (default: print them)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("SMALL", "LARGE"))
    args = parser.parse_args(argv)
    if args.compare:
        small, large = (json.loads(path.read_text(encoding="utf-8")) for path in args.compare)
        print("\n".join(compare(small, large)))
        return 0
    if args.package is None:
        parser.error("give a PACKAGE to measure, or --compare SMALL LARGE")
    measured = measure(args.package, args.runs)
    text = json.dumps(measured, indent=1)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
