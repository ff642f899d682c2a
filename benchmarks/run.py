"""Benchmark ict-coop against its baselines, from a thousand to a million events.

Run by hand (it is not a timed test):

    python benchmarks/run.py --sizes 1000 10000 100000 1000000 --repeats 3 --write

For each size it generates a synthetic package (``benchmarks/generate.py``), then measures,
each in a fresh Python process so that no cache helps:

- ``load(format="arrow")`` of every table (which validates everything first) against a bare
  ``pyarrow.csv.read_csv`` of the same files with the same explicit types;
- ``load()`` to typed objects, in objects per second, against the straightforward path (the
  ``csv`` module and one ``model_validate`` per row, every record kept, as a loader returns them);
- ``ict-coop validate`` against ``frictionless validate`` (whole commands, wall time), and
  whether both flag the seeded faults of a faulty copy at the same rows;
- the peak memory (max RSS) of each process;
- once: ``import ict_coop`` plus a first ``load("meetings")`` of the shipped data, against
  ``python -c "import pydantic, pyarrow.csv"``.

``--only validation`` measures validation alone (issue 17), per size: the limit
(``benchmarks/limit.py``), ``ict-coop validate`` (wall and CPU time, peak memory and the time of
each stage of the check, ``Checked.stages``), ``frictionless validate``; then the ratio to the
limit, the speed-up over frictionless, peak memory per CSV byte and each stage's growth from
size N/10 to N (flagged above 11x: a step that grows faster than the data). The sizes take
turns, round by round, so that the machine's drift over the minutes a run takes does not
count as growth. ``--packages`` measures existing package folders instead of generating them:

    python benchmarks/run.py --only validation --sizes 10000 100000 --repeats 3 --json v.json --write

Figures are medians of ``--repeats`` runs; ratios are what to compare across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

#: issue 17's goal: no stage's time grows more than this from N/10 to N events
GROWTH_GOAL = 11.0

CHILD = r"""
import json, resource, sys, time
kind, root = sys.argv[1], sys.argv[2]
if kind == "bare":
    import pyarrow as pa, pyarrow.csv as pa_csv
    from ict_coop.models import MODELS
    from ict_coop.schema import arrow_schema, csv_path
    types = {name: {f.name: f.type for f in arrow_schema(name)} for name in MODELS}  # given, not timed
    start = time.perf_counter()
    count = 0
    for name in MODELS:
        table = pa_csv.read_csv(f"{root}/{csv_path(name)}",
            convert_options=pa_csv.ConvertOptions(column_types=types[name],
                null_values=[""], strings_can_be_null=True))
        count += table.num_rows
elif kind == "arrow":
    import ict_coop.loading  # imports are start-up, measured on their own
    from ict_coop import load
    start = time.perf_counter()
    count = sum(t.num_rows for t in load(format="arrow", path=root).values())
elif kind == "objects":
    import ict_coop.loading
    from ict_coop import load
    start = time.perf_counter()
    count = sum(len(rows) for rows in load(path=root).tables.values())
elif kind in ("straightforward", "discarding"):
    # csv plus one model per row; "straightforward" keeps every record, as a loader returns them,
    # "discarding" drops each once validated (less work than loading: a lower bound)
    import csv
    from ict_coop.models import MODELS
    from ict_coop.schema import csv_path
    start = time.perf_counter()
    kept, count = {}, 0
    for name, model in MODELS.items():
        with open(f"{root}/{csv_path(name)}", encoding="utf-8", newline="") as handle:
            records = (model.model_validate({k: (v if v != "" else None) for k, v in row.items()})
                       for row in csv.DictReader(handle))
            if kind == "straightforward":
                kept[name] = list(records)
                count += len(kept[name])
            else:
                count += sum(1 for _ in records)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": count,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(kind: str, root: Path, stamps: Path | None = None) -> dict:
    """One measurement in a fresh process; ``stamps``: the stamp folder (None: a new, empty one)."""
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "ICT_COOP_CACHE_DIR": str(stamps or empty)}
        argv = [sys.executable, "-c", CHILD, kind, str(root)]
        out = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    if out.returncode != 0:  # e.g. killed for want of memory at 10^6: report it, keep measuring the rest
        print(f"{kind} failed (exit {out.returncode}): {out.stderr[-500:]}", file=sys.stderr)
        return {"seconds": float("nan"), "rows": 0, "peak_mb": float("nan"), "failed": out.returncode}
    return json.loads(out.stdout.strip().splitlines()[-1])


#: ``ict-coop validate PACKAGE`` as the command runs it, in a fresh process, writing the stage
#: times of its check (``Checked.stages``) to the file named by the last argument.
VALIDATE_CHILD = r"""
import json, sys
from ict_coop import validation
from ict_coop.cli import main
stages, check = {}, validation.check
def timed(root):
    checked = check(root)
    stages.update(wall=checked.stages, cpu=checked.stage_cpu)
    return checked
validation.check = timed
code = main(["validate", sys.argv[1]])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(stages, out)
sys.exit(code)
"""


#: A reference for the stages' growth: one bare hash lookup, ``pc.index_in`` of the evidence's
#: quote ids in the quotes' ids, on one thread (CPU seconds, the best of three). A lookup's cost
#: per value grows as its table outgrows the processor's caches, so a stage made of lookups
#: grows faster than the data without any quadratic step; this measures by how much, here.
LOOKUP_CHILD = r"""
import json, sys, time
import pyarrow as pa, pyarrow.compute as pc, pyarrow.csv as pa_csv
pa.set_cpu_count(1)
def column(name, field):
    options = pa_csv.ConvertOptions(include_columns=[field], column_types={field: pa.string()})
    return pa_csv.read_csv(f"{sys.argv[1]}/data/{name}.csv", convert_options=options).column(field).combine_chunks()
ids, cited = column("quotes", "quote_id"), column("evidence", "quote_id")
times = []
for _ in range(3):
    start = time.thread_time()
    pc.index_in(cited, value_set=ids)
    times.append(time.thread_time() - start)
print(json.dumps({"seconds": min(times), "values": len(cited), "set": len(ids)}))
"""


def _stamp(root: Path, stamps: Path) -> None:
    """Validate ``root`` once so that ``stamps`` holds its stamp (waiting for fresh files to settle)."""
    code = "import sys, ict_coop; ict_coop.validate(sys.argv[1]).raise_if_invalid()"
    env = {**os.environ, "ICT_COOP_CACHE_DIR": str(stamps)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code, str(root)], check=True, env=env)
        if list(stamps.glob("valid-*.json")):
            return
        time.sleep(2.5)  # files younger than two seconds are not stamped
    raise RuntimeError(f"no stamp was written for {root}")


#: Memory per record the straightforward path keeps (2.7 GB for 1.9 million rows at 10^5 events);
#: above 90 % of the machine's memory it is not started (at 10^6 it was killed at 23 of 24 GB).
KEPT_RECORD_BYTES = 1450


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b""))


def _command(argv: list[str]) -> dict:
    """Wall time, CPU time (user + system) and peak memory (max RSS) of a whole command."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        env = {**os.environ, "ICT_COOP_CACHE_DIR": "off"}
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, text=True, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "seconds": seconds,
            "code": proc.returncode,
            "out": out.read(),
            "err": err.read(),
            "peak_mb": usage.ru_maxrss / 1024,
            "cpu": usage.ru_utime + usage.ru_stime,
        }


def _median(runs: list[dict], key: str = "seconds") -> float:
    return statistics.median(r[key] for r in runs)


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _fault_rows(root: Path) -> dict:
    """Which seeded faults each validator flags, by (file, row)."""
    expected = json.loads((root / "faults.json").read_text(encoding="utf-8"))
    ours = json.loads(_command([_bin("ict-coop"), "validate", str(root), "--json"])["out"])
    ours_rows = {(i["file"], i["row"]) for i in ours["issues"]}
    theirs = json.loads(_command([_bin("frictionless"), "validate", "--json", str(root / "datapackage.json")])["out"])
    theirs_rows = {(t["place"], e.get("rowNumber")) for t in theirs["tasks"] for e in t["errors"]}
    seeded = {(f["file"], f["row"]) for f in expected}
    visible = {(f["file"], f["row"]) for f in expected if f["frictionless_sees"]}
    return {
        "seeded": len(seeded),
        "ours_found": len(seeded & ours_rows),
        "ours_extra": len(ours_rows - seeded),
        "frictionless_found": len(visible & theirs_rows),
        "frictionless_extra": len(theirs_rows - seeded),
        "same": seeded == ours_rows and visible <= theirs_rows,
    }


def bench_size(n: int, work: Path, repeats: int, frictionless_max: int) -> dict:
    root, faulty = work / f"n{n}", work / f"n{n}-faults"
    if not (root / "datapackage.json").exists():
        generate(root, n)
    if not (faulty / "datapackage.json").exists():
        generate(faulty, n, faults=True)
    csv_bytes = sum(p.stat().st_size for p in (root / "data").glob("*.csv"))
    result: dict = {"events": n, "csv_mb": csv_bytes / 2**20}
    stamps = work / f"stamps-n{n}"
    shutil.rmtree(stamps, ignore_errors=True)
    _stamp(root, stamps)
    plan = [
        ("bare", None),
        ("arrow", stamps),  # validated before: a read with types
        ("arrow_first", None),  # no stamp: full validation, then the tables
        ("objects", stamps),
        ("objects_first", None),
        ("straightforward", None),
    ]
    plan.append(("straightforward_discarding", None))
    rows = sum(_lines(p) - 1 for p in (root / "data").glob("*.csv"))
    need, have = rows * KEPT_RECORD_BYTES, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    runs_of: dict[str, list[dict]] = {}
    for repeat in range(repeats):
        # ABBA: each round runs the plan the other way round, so no kind always runs first (a
        # fixed order favoured whichever ran first: warm page cache, an idle CPU's clock)
        for key, folder in plan if repeat % 2 == 0 else reversed(plan):
            kind = {"straightforward_discarding": "discarding"}.get(key, key.removesuffix("_first"))
            if kind == "straightforward" and need > 0.9 * have:
                reason = f"not run: needs about {need / 2**30:.0f} GB, this machine has {have / 2**30:.0f} GB"
                result[key] = {"seconds": float("nan"), "rows": 0, "peak_mb": float("nan"), "failed": reason}
                continue
            if kind in ("straightforward", "discarding") and n > 100_000 and repeat:
                continue  # minutes a run from 10^6: once is enough
            runs_of.setdefault(key, []).append(_child(kind, root, folder))
    for key, runs in runs_of.items():
        result[key] = {"seconds": _median(runs), "rows": runs[0]["rows"], "peak_mb": max(r["peak_mb"] for r in runs)}
    runs = [_command([_bin("ict-coop"), "validate", str(root)]) for _ in range(repeats)]
    assert all(r["code"] == 0 for r in runs), runs[0]["out"][-2000:]
    result["validate"] = {"seconds": _median(runs), "peak_mb": max(r["peak_mb"] for r in runs)}
    # the limit: the least any validator must do with these files, timed the same way (whole command)
    runs = [_command([sys.executable, str(HERE / "limit.py"), str(root)]) for _ in range(repeats)]
    assert all(r["code"] == 0 for r in runs), runs[0]["err"][-2000:]
    result["limit"] = {"seconds": _median(runs), "peak_mb": max(r["peak_mb"] for r in runs)}
    if n <= frictionless_max:
        runs = [
            _command([_bin("frictionless"), "validate", str(root / "datapackage.json")])
            for _ in range(1 if n >= 100_000 else repeats)
        ]
        result["frictionless"] = {"seconds": _median(runs), "valid": runs[0]["code"] == 0}
        result["faults"] = _fault_rows(faulty)
    return result


def _events(root: Path) -> int:
    return _lines(root / "data" / "events.csv") - 1


def bench_validation(roots: list[Path], repeats: int, frictionless_max: int) -> list[dict]:
    """Validation of each package of ``roots`` against the limit and frictionless (``--only validation``).

    The sizes take turns: each round times every package once (the limit and the validator
    taking turns too), the next round in the other order. A shared machine's speed drifts over
    minutes; measured size after size, the drift would count as growth from one size to the next.
    Frictionless and the reference lookup run after the rounds.
    """
    timed: dict[Path, dict[str, list]] = {root: {"limits": [], "runs": [], "stages": []} for root in roots}
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(repeats):
            for root in roots if i % 2 == 0 else reversed(roots):
                print(f"round {i + 1}: {root} ...", file=sys.stderr, flush=True)
                _validation_round(root, i, Path(scratch), timed[root])
    return [_validation_result(root, timed[root], frictionless_max) for root in roots]


def _validation_round(root: Path, i: int, scratch: Path, timed: dict[str, list]) -> None:
    """One run of the limit and one of ``ict-coop validate`` on ``root``, in turn (ABBA over rounds)."""
    out = scratch / "stages.json"
    for which in ("limit", "validate") if i % 2 == 0 else ("validate", "limit"):
        if which == "limit":
            timed["limits"].append(_command([sys.executable, str(HERE / "limit.py"), str(root)]))
            assert timed["limits"][-1]["code"] == 0, timed["limits"][-1]["err"][-2000:]
            continue
        timed["runs"].append(_command([sys.executable, "-c", VALIDATE_CHILD, str(root), str(out)]))
        assert timed["runs"][-1]["code"] in (0, 1), timed["runs"][-1]["err"][-2000:]  # 1: findings (a faulty package)
        timed["stages"].append(json.loads(out.read_text(encoding="utf-8")))


def _validation_result(root: Path, timed: dict[str, list], frictionless_max: int) -> dict:
    """The figures of one package: medians of its rounds, then the reference lookup and frictionless."""
    n = _events(root)
    limits, runs, stages = timed["limits"], timed["runs"], timed["stages"]
    csv_bytes = sum(p.stat().st_size for p in (root / "data").glob("*.csv"))
    result: dict = {"events": n, "package": str(root), "csv_mb": csv_bytes / 2**20}
    # how the validator ran (the render says so, from the figures, not from the environment it renders in)
    result["threads"] = os.environ.get("ICT_COOP_THREADS") or "2"
    result["engine"] = os.environ.get("ICT_COOP_ENGINE") or "polars when installed"
    result["sizes_took_turns"] = True
    result["limit"] = {
        "seconds": _median(limits),
        "rounds": [r["seconds"] for r in limits],  # in round order: round i of every size was timed together
        "cpu": _median(limits, "cpu"),
        "peak_mb": max(r["peak_mb"] for r in limits),
    }
    result["validate"] = {
        "seconds": _median(runs),
        "cpu": _median(runs, "cpu"),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "valid": runs[0]["code"] == 0,
        "stages": {name: statistics.median(s["wall"].get(name, 0.0) for s in stages) for name in stages[0]["wall"]},
        "stage_cpu": {name: statistics.median(s["cpu"].get(name, 0.0) for s in stages) for name in stages[0]["cpu"]},
        "stage_cpu_rounds": [s["cpu"] for s in stages],  # in round order, for the spread of the growth
    }
    lookup = _command([sys.executable, "-c", LOOKUP_CHILD, str(root)])
    assert lookup["code"] == 0, lookup["err"][-2000:]
    result["lookup"] = json.loads(lookup["out"].strip().splitlines()[-1])
    if n <= frictionless_max:
        print(f"frictionless: {root} ...", file=sys.stderr, flush=True)
        runs = [
            _command([_bin("frictionless"), "validate", str(root / "datapackage.json")])
            for _ in range(1 if n >= 100_000 else len(limits))
        ]
        result["frictionless"] = {
            "seconds": _median(runs),
            "cpu": _median(runs, "cpu"),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "valid": runs[0]["code"] == 0,
        }
    return result


def render_validation(results: list[dict], repeats: int) -> str:
    """The validation table and the per-stage growth table (``--only validation``)."""
    results = sorted(results, key=lambda r: r["events"])
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; medians of {repeats} runs, the limit and ict-coop taking turns"
        + (", the sizes taking turns (one round times each size once)" if results[0].get("sizes_took_turns") else "")
        + " (frictionless from 10⁵: one run); ict-coop's checks after reading on"
        f" {results[0].get('threads', '1')} thread(s), verbatim engine"
        f" {results[0].get('engine', 'polars when installed')}.",
        "",
        "Validation (whole commands in fresh processes, imports included, stamps off):",
        "",
        "| events | CSV MB | limit s | ict-coop validate s | ÷ limit (goal ≤2.5x, ≤2x polars) | CPU s |"
        " peak MB (× CSV; goal ≤3x) | frictionless validate s | speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours, limit, fr = r["validate"], r["limit"], r.get("frictionless")
        lines.append(
            f"| {r['events']:,} | {r['csv_mb']:.0f} | {limit['seconds']:.2f} | {ours['seconds']:.2f} |"
            f" {ours['seconds'] / limit['seconds']:.2f}x | {ours['cpu']:.2f} |"
            f" {ours['peak_mb']:,.0f} ({ours['peak_mb'] / r['csv_mb']:.1f}x) |"
            f" {format(fr['seconds'], '.1f') if fr else 'not run'} |"
            f" {format(fr['seconds'] / ours['seconds'], '.1f') + 'x' if fr else '-'} |"
        )
    sizes = [r["events"] for r in results]
    by_size = {r["events"]: _stage_seconds(r) for r in results}
    by_round = {r["events"]: r["validate"].get("stage_cpu_rounds", []) for r in results}
    grown = [n for n in sizes if n // 10 in by_size and n % 10 == 0]
    header = "| stage | " + " | ".join(f"{n:,} s" for n in sizes)
    header += "".join(f" | ×{n:,}/{n // 10:,} (goal ≤{GROWTH_GOAL:g}x)" for n in grown) + " |"
    lines += [
        "",
        "Stages of the check (CPU seconds: of the process for read, of their own thread for the stages after it,"
        " which run on two threads; wall times in the JSON). Growth is of the medians; in brackets, the lowest and"
        " highest growth within one round (each round times every size once, minutes apart at most):",
        "",
        header,
    ]
    lines.append("|---|" + "---:|" * (len(sizes) + len(grown)))
    names = list(dict.fromkeys(name for n in sizes for name in by_size[n]))
    for name in [*names, "total"]:
        cells = []
        for n in sizes:
            value = sum(by_size[n].values()) if name == "total" else by_size[n].get(name)
            cells.append("-" if value is None else f"{value:.3f}")
        for n in grown:
            now = sum(by_size[n].values()) if name == "total" else by_size[n].get(name)
            before = sum(by_size[n // 10].values()) if name == "total" else by_size[n // 10].get(name)
            if now is None or not before:
                cells.append("-")
            else:
                growth = now / before
                spread = _spread(_stage_rounds(by_round[n], name), _stage_rounds(by_round[n // 10], name))
                over = growth > GROWTH_GOAL
                cells.append(f"**{growth:.1f}x (over {GROWTH_GOAL:g}x)**{spread}" if over else f"{growth:.1f}x{spread}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if all("lookup" in r for r in results):  # figures saved before the reference was measured have none
        lookups = {r["events"]: r["lookup"]["seconds"] for r in results}
        cells = [f"{lookups[n]:.3f}" for n in sizes] + [f"{lookups[n] / lookups[n // 10]:.1f}x" for n in grown]
        limits = {r["events"]: r["limit"] for r in results}
        limit_cells = [f"{limits[n]['seconds']:.3f}" for n in sizes] + [
            f"{limits[n]['seconds'] / limits[n // 10]['seconds']:.1f}x"
            + _spread(limits[n].get("rounds", []), limits[n // 10].get("rounds", []))
            for n in grown
        ]
        lines += [
            "",
            "For reference, the same machine's growth, in the same run, of the limit (the whole command, wall"
            " seconds, medians) and of one bare hash lookup (not a stage; one thread, best of 3): `pc.index_in` of"
            " the evidence's quote ids in the quotes' ids, which grows faster than the data as its table outgrows"
            " the processor's caches:",
            "",
            header.replace("| stage |", "| reference |"),
            "|---|" + "---:|" * (len(sizes) + len(grown)),
            "| limit | " + " | ".join(limit_cells) + " |",
            "| bare index_in | " + " | ".join(cells) + " |",
        ]
    return "\n".join(lines)


def _stage_rounds(rounds: list[dict], name: str) -> list[float]:
    """A stage's CPU seconds in each round (``total``: all its stages), in round order."""
    return [sum(r.values()) if name == "total" else r.get(name, 0.0) for r in rounds]


def _spread(now: list[float], before: list[float]) -> str:
    """`` (lowest–highest)`` growth between the same rounds of two sizes; empty under two rounds.

    Round i times every size once, so its two figures were measured minutes apart at most,
    where the medians of the sizes may come from different rounds: the spread shows how far
    the growth of one stage moves from round to round on the machine.
    """
    pairs = [a / b for a, b in zip(now, before, strict=False) if b]
    if len(pairs) < 2 or len(now) != len(before):
        return ""
    return f" ({min(pairs):.1f}–{max(pairs):.1f})"


def _stage_seconds(result: dict) -> dict[str, float]:
    """CPU seconds per stage (steadier than wall time on a shared machine); wall for figures saved without them."""
    return result["validate"].get("stage_cpu") or result["validate"]["stages"]


def growth_over(results: list[dict], bound: float = GROWTH_GOAL) -> list[str]:
    """Stages whose time grew more than ``bound`` times from size N/10 to N (issue 17: none may)."""
    by_size = {r["events"]: _stage_seconds(r) for r in results}
    return [
        f"{name} at {n:,}: {stages[name] / by_size[n // 10][name]:.1f}x"
        for n, stages in by_size.items()
        if n // 10 in by_size and n % 10 == 0
        for name in stages
        if by_size[n // 10].get(name) and stages[name] / by_size[n // 10][name] > bound
    ]


def bench_startup(repeats: int, work: Path) -> dict:
    def wall(code: str, stamps: Path | None = None) -> float:
        runs = []
        for _ in range(repeats * 3):
            with tempfile.TemporaryDirectory() as empty:
                env = {**os.environ, "ICT_COOP_CACHE_DIR": str(stamps or empty)}
                start = time.perf_counter()
                out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, env=env)
                if out.returncode != 0:  # e.g. the shipped data does not validate: report it, keep the figures
                    print(f"{code!r} failed (exit {out.returncode}): {out.stderr[-500:]}", file=sys.stderr)
                    return float("nan")
                runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    stamps = work / "stamps-shipped"
    shutil.rmtree(stamps, ignore_errors=True)
    wall("import ict_coop; ict_coop.load('meetings')", stamps)  # leaves the shipped data's stamp
    return {
        "baseline": wall("import pydantic, pyarrow.csv"),
        "import": wall("import ict_coop"),
        "first_load": wall("import ict_coop; ict_coop.load('meetings')"),
        "stamped_load": wall("import ict_coop; ict_coop.load('meetings')", stamps),
    }


def render(results: list[dict], startup: dict, repeats: int) -> str:
    def failed(entry: dict | None) -> bool:
        return not entry or "failed" in entry or entry["seconds"] != entry["seconds"]  # NaN: failed

    def ratio(a: dict | None, b: dict | None, key: str = "seconds") -> str:
        return "-" if failed(a) or failed(b) or not b[key] else f"{a[key] / b[key]:.2f}x"  # type: ignore[index]

    def rate(entry: dict | None) -> str:
        if failed(entry):
            return f"failed ({entry.get('failed')})" if entry else "not run"
        return f"{entry['rows'] / entry['seconds']:,.0f}"  # type: ignore[index]

    def peak(entry: dict | None) -> str:
        return "-" if failed(entry) else f"{entry['peak_mb']:,.0f}"  # type: ignore[index]

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; medians of {repeats} runs (10⁶: one run).",
        "",
        "Arrow tables: validated before (a stamp matches the files; the usual case) and first time (full validation):",
        "",
        "| events | CSV MB | rows | bare read_csv s | load arrow s | ratio (goal ≤1.2x) |"
        " peak MB (× CSV; goal ≤2x) | first load s (ratio) | first load peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        csv = {"seconds": r["csv_mb"], "peak_mb": r["csv_mb"]}
        lines.append(
            f"| {r['events']:,} | {r['csv_mb']:.0f} | {r['bare']['rows']:,} | {r['bare']['seconds']:.2f} |"
            f" {r['arrow']['seconds']:.2f} | {ratio(r['arrow'], r['bare'])} |"
            f" {peak(r['arrow'])} ({ratio(r['arrow'], csv, 'peak_mb')}) |"
            f" {r['arrow_first']['seconds']:.2f} ({ratio(r['arrow_first'], r['bare'])}) | {peak(r['arrow_first'])} |"
        )
    lines += [
        "",
        "Typed objects, every record kept (records per second; peak memory in MB):",
        "",
        "| events | load(), validated before | peak | straightforward | peak | speed-up (goal ≥3x) |"
        " load(), first time (speed-up) | straightforward discarding each record (speed-up) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        naive, lean = r["straightforward"], r.get("straightforward_discarding")
        lines.append(
            f"| {r['events']:,} | {rate(r['objects'])} | {peak(r['objects'])} | {rate(naive)} | {peak(naive)} |"
            f" {ratio(naive, r['objects'])} | {rate(r['objects_first'])} ({ratio(naive, r['objects_first'])}) |"
            f" {rate(lean) if lean else 'not run'} ({ratio(lean, r['objects'])}) |"
        )
    lines += [
        "",
        "Validation (whole commands, wall time; frictionless checks less: see below):",
        "",
        "| events | limit s (read, decode, NFC, hash, parse) | ict-coop validate s | ÷ limit | peak MB |"
        " frictionless validate s | speed-up (goal ≥30x) | seeded faults: ours / frictionless |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        fr, faults = r.get("frictionless"), r.get("faults")
        found = (
            f"{faults['ours_found']}/{faults['seeded']} exact, {faults['frictionless_found']}/"
            f"{faults['seeded']} ({'same rows' if faults['same'] else 'DIFFERENT'})"
            if faults
            else "not run"
        )
        limit = r.get("limit")  # figures saved before the limit was measured have none
        lines.append(
            f"| {r['events']:,} | {format(limit['seconds'], '.2f') if limit else 'not run'} |"
            f" {r['validate']['seconds']:.2f} | {ratio(r['validate'], limit)} | {r['validate'].get('peak_mb', 0):.0f} |"
            f" {format(fr['seconds'], '.1f') if fr else 'not run'} |"
            f" {ratio(fr, r['validate'])} | {found} |"
        )
    lines += [
        "",
        "| start-up (fresh process, wall) | seconds | ratio to `import pydantic, pyarrow.csv` |",
        "|---|---:|---:|",
        f"| `import pydantic, pyarrow.csv` | {startup['baseline']:.3f} | 1.00x |",
        f"| `import ict_coop` | {startup['import']:.3f} | {startup['import'] / startup['baseline']:.2f}x |",
        f"| `import ict_coop; load('meetings')`, shipped data, validated before | {startup['stamped_load']:.3f} | "
        f"{startup['stamped_load'] / startup['baseline']:.2f}x |",
        f"| the same, first time (full validation) | {startup['first_load']:.3f} | "
        f"{startup['first_load'] / startup['baseline']:.2f}x |",
    ]
    return "\n".join(lines)


START, END = "<!-- benchmark results: start -->", "<!-- benchmark results: end -->"
VALIDATION_START, VALIDATION_END = "<!-- validation results: start -->", "<!-- validation results: end -->"


def _write_between(start: str, end: str, table: str) -> None:
    """Put ``table`` between the markers in docs/benchmarks.md (a new section at the end if they are absent)."""
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    if start not in text:
        text = f"{text.rstrip()}\n\n## Validation against the limit\n\n{start}\n{end}\n"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ict-coop-bench"))
    parser.add_argument(
        "--frictionless-max",
        type=int,
        default=1_000_000,
        help="largest size to run frictionless on (it takes minutes from 1e6)",
    )
    parser.add_argument("--write", action="store_true", help="put the table into docs/benchmarks.md")
    parser.add_argument(
        "--only", choices=["validation"], help="validation: the limit, ict-coop and frictionless, stage by stage"
    )
    parser.add_argument(
        "--packages", type=Path, nargs="+", help="with --only validation: measure these package folders (no --sizes)"
    )
    parser.add_argument("--json", type=Path, help="also save the raw figures as JSON")
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        help="render saved --json figures (e.g. a long 10^6 run and a run of the smaller sizes) instead of measuring",
    )
    args = parser.parse_args(argv)
    if args.only == "validation":
        return _main_validation(args)
    if args.combine:
        saved = [json.loads(path.read_text(encoding="utf-8")) for path in args.combine]
        results = sorted((size for run in saved for size in run["sizes"]), key=lambda r: r["events"])
        startup = saved[0]["startup"]
        args.repeats = saved[0].get("repeats", args.repeats)
    else:
        results = []
        for n in args.sizes:
            print(f"events={n:,} ...", file=sys.stderr, flush=True)
            results.append(bench_size(n, args.work, args.repeats, args.frictionless_max))
            results[-1]["repeats"] = args.repeats
        startup = bench_startup(args.repeats, args.work)
    table = render(results, startup, args.repeats)
    print(table)
    if args.json:
        figures = {"sizes": results, "startup": startup, "repeats": args.repeats}
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if args.write:
        _write_between(START, END, table)
    return 0


def _main_validation(args: argparse.Namespace) -> int:
    if args.combine:
        saved = [json.loads(path.read_text(encoding="utf-8")) for path in args.combine]
        results = [size for run in saved for size in run["validation"]]
        args.repeats = saved[0].get("repeats", args.repeats)
    else:
        roots = args.packages or []
        for n in [] if args.packages else args.sizes:
            roots.append(args.work / f"n{n}")
            if not (roots[-1] / "datapackage.json").exists():
                generate(roots[-1], n)
        results = bench_validation(roots, args.repeats, args.frictionless_max)
    table = render_validation(results, args.repeats)
    print(table)
    for line in growth_over(results):
        print(f"stage grew more than {GROWTH_GOAL:g}x: {line}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"validation": results, "repeats": args.repeats}, indent=2), encoding="utf-8")
    if args.write:
        _write_between(VALIDATION_START, VALIDATION_END, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
