"""Smoke run of the generator and the benchmark at a small size, so they cannot rot (no timing asserted)."""

from __future__ import annotations

import csv
import json
import statistics
import sys
from collections import Counter

import pytest

from ict_coop import load, validate
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate
import run


def test_generated_package_is_valid_and_scales(tmp_path):
    summary = generate.generate(tmp_path / "pkg", 60)
    rows = summary["rows"]
    assert rows["events"] == 60
    assert 2 * 60 <= rows["participants"] <= 2.25 * 60  # two principals, one event in eight a member more
    assert rows["event_partners"] >= 60
    assert rows["evidence"] > 10 * 60
    assert rows["aliases"] > rows["people"] + rows["organizations"]  # each in the last seed, and where named
    assert rows["outside_knowledge"] > 0
    report = validate(tmp_path / "pkg")
    assert report.valid, str(report)


def test_generated_package_mixes_shipped_and_cited_sources(tmp_path):
    generate.generate(tmp_path / "pkg", 200)
    data = load(path=tmp_path / "pkg")
    sources = data.tables["sources"]
    kinds = Counter(str(s.kind) for s in sources)
    assert kinds["cited"] >= 2 and kinds["shipped"] >= 2  # about half of each, the registry seed aside
    cited = {s.source_id for s in sources if str(s.kind) == "cited"}
    evidence = data.tables["evidence"]
    assert {str(e.kind) for e in evidence if e.source_id in cited} == {"cited"}
    assert any(e.claimed_edtf for e in evidence)
    roles = Counter(str(p.role) for p in data.tables["event_partners"])
    assert roles["counterpart"] > roles["convener"] > 0 and roles["member"] == 2 * roles["convener"]
    named = {a.person_id or a.organization_id for a in data.tables["aliases"]}
    assert {p.person_id for p in data.tables["people"]} <= named
    assert {o.organization_id for o in data.tables["organizations"]} <= named


def test_generation_is_linear(tmp_path):
    # rows per event approach their share from below: at small sizes a source names the same
    # people more often, so there are fewer aliases (2.6 an event at 500 events, 4.3 from 10^4)
    small = sum(generate.generate(tmp_path / "a", 2000)["rows"].values())
    large = sum(generate.generate(tmp_path / "b", 4000)["rows"].values())
    assert 1.95 < large / small < 2.1


def test_seeded_faults_are_found_where_seeded(tmp_path):
    summary = generate.generate(tmp_path / "pkg", 60, faults=True)
    found = {(i.code, i.file, i.row, i.field) for i in validate(tmp_path / "pkg").issues}
    assert found == {(f["code"], f["file"], f["row"], f["field"]) for f in summary["faults"]}


def test_benchmark_runs_end_to_end(tmp_path):
    pytest.importorskip("frictionless")
    out = tmp_path / "figures.json"
    assert run.main(["--sizes", "60", "--repeats", "1", "--work", str(tmp_path), "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    size = figures["sizes"][0]
    kinds = ("bare", "arrow", "arrow_first", "objects", "objects_first", "straightforward")
    kinds += ("straightforward_discarding",)
    assert len({size[kind]["rows"] for kind in kinds}) == 1
    assert size["faults"]["same"] is True
    assert set(figures["startup"]) == {"baseline", "import", "first_load", "stamped_load"}
    combined = tmp_path / "table.md"
    assert run.main(["--combine", str(out), str(out)]) == 0  # renders saved figures without measuring
    del combined


def test_the_limit_touches_every_file_and_row(tmp_path):
    """The limit reads every file the validator must read, and parses every row of every table."""
    import limit

    generate.generate(tmp_path / "pkg", 60)
    root = tmp_path / "pkg"
    files = limit.package_files(root)
    assert {p.name for p in files} >= {"datapackage.json", "events.csv", "evidence.csv", "quotes.csv"}
    assert any(p.parent.name == "seeds" for p in files)
    touched = limit.touch(root)
    assert touched["bytes"] == sum(p.stat().st_size for p in files)
    rows = 0
    for path in (p for p in files if p.suffix == ".csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += sum(1 for _ in csv.reader(handle)) - 1
    assert touched["rows"] == rows


def test_validation_mode_measures_the_limit_and_every_stage(tmp_path):
    """``--only validation``: the limit, our command with its stages, frictionless, and the growth table."""
    pytest.importorskip("frictionless")
    out, small, large = tmp_path / "v.json", tmp_path / "small", tmp_path / "large"
    generate.generate(small, 10)
    generate.generate(large, 100)
    argv = ["--only", "validation", "--packages", str(small), str(large), "--repeats", "1", "--json", str(out)]
    assert run.main(argv) == 0
    sizes = json.loads(out.read_text(encoding="utf-8"))["validation"]
    assert [s["events"] for s in sizes] == [10, 100]
    for size in sizes:
        assert size["validate"]["valid"] is True and size["frictionless"]["valid"] is True
        assert size["limit"]["seconds"] > 0 and size["validate"]["peak_mb"] > 0
        stages = size["validate"]["stages"]
        assert {"read", "record_rules", "passages", "verbatim", "cross:names"} <= set(stages)
        assert sum(stages.values()) < size["validate"]["seconds"]  # the stages are within the command
        assert set(size["validate"]["stage_cpu"]) == set(stages)
        assert size["lookup"]["values"] > size["lookup"]["set"] > 0  # the reference: every evidence row's quote id
    table = run.render_validation(sizes, 1)
    assert "×100/10" in table and "| verbatim |" in table and "| bare index_in |" in table
    assert run.main(["--only", "validation", "--combine", str(out)]) == 0  # renders saved figures


def test_stage_growth_is_flagged_above_eleven_times():
    def size(n, verbatim):
        return {"events": n, "validate": {"stages": {"read": n / 1000, "verbatim": verbatim}}}

    linear = [size(1000, 0.1), size(10_000, 1.0)]
    assert run.growth_over(linear) == []
    quadratic = [size(1000, 0.1), size(10_000, 10.0)]
    assert run.growth_over(quadratic) == ["verbatim at 10,000: 100.0x"]
    steady = [
        {"events": s["events"], "validate": {**s["validate"], "stage_cpu": lin["validate"]["stages"]}}
        for s, lin in zip(quadratic, linear, strict=True)
    ]
    assert run.growth_over(steady) == []  # CPU seconds, when measured, are what grows
    assert "**100.0x (over 11x)**" in run.render_validation(
        [
            {
                **s,
                "csv_mb": 1,
                "limit": {"seconds": 1},
                "validate": {**s["validate"], "seconds": 2, "cpu": 2, "peak_mb": 3},
            }
            for s in quadratic
        ],
        1,
    )


def test_stage_growth_shows_its_spread_over_the_rounds_and_the_limits_growth():
    """Each growth comes with the lowest and highest growth within one round; the limit's growth is a reference row."""

    def size(n, rounds, limits):
        cpu = [{"read": r} for r in rounds]
        return {
            "events": n,
            "csv_mb": 1,
            "limit": {"seconds": statistics.median(limits), "rounds": limits},
            "lookup": {"seconds": n / 1e6},
            "validate": {
                "seconds": 2,
                "cpu": 2,
                "peak_mb": 3,
                "stages": {"read": 1.0},
                "stage_cpu": {"read": statistics.median(rounds)},
                "stage_cpu_rounds": cpu,
            },
        }

    # rounds 1-3 of the smaller size against the same rounds of the larger: 8x, 12x, 10x
    table = run.render_validation([size(10, [1.0, 1.0, 2.0], [1, 2, 4]), size(100, [8.0, 12.0, 20.0], [10, 30, 40])], 3)
    assert "| read | 1.000 | 12.000 | 12.0x (8.0–12.0) |" in table.replace("**", "").replace(" (over 11x)", "")
    assert "| limit | 2.000 | 30.000 | 15.0x (10.0–15.0) |" in table
    # figures saved before rounds were kept: the growth alone
    old = [size(10, [1.0], [1]), size(100, [9.0], [9])]
    assert "| read | 1.000 | 9.000 | 9.0x |" in run.render_validation(old, 1)


def test_stages_script_times_every_stage_and_marks_growth_over_eleven_times(tmp_path, capsys):
    import stages

    generate.generate(tmp_path / "pkg", 20)
    assert stages.main([str(tmp_path / "pkg"), "--runs", "2", "--json", str(tmp_path / "s.json")]) == 0
    measured = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert len(measured) == 2 and {"read", "seeds", "verbatim"} <= set(measured[0]["cpu"])
    small = [{"wall_total": 1.0, "cpu_total": 1.0, "cpu": {"read": 1.0, "seeds": 0.1}}]
    large = [{"wall_total": 10.0, "cpu_total": 10.0, "cpu": {"read": 10.0, "seeds": 1.5}}]
    lines = stages.compare(small, large)
    assert [line.split()[0] for line in lines if "over 11x" in line] == ["seeds"]  # 15x; read grew 10x
