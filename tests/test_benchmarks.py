"""Smoke run of the generator and the benchmark at a small size, so they cannot rot (no timing asserted)."""

from __future__ import annotations

import json
import sys

import pytest

from ict_coop import validate
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate
import run


def test_generated_package_is_valid_and_scales(tmp_path):
    summary = generate.generate(tmp_path / "pkg", 60)
    assert summary["rows"]["events"] == 60
    assert summary["rows"]["participants"] == 120
    assert summary["rows"]["evidence"] > 8 * 60
    report = validate(tmp_path / "pkg")
    assert report.valid, str(report)


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
