"""The command line: exit codes, JSON, summary figures, exports, maintainer commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ict_coop
from ict_coop import load
from ict_coop.cli import main, summarise
from tests.conftest import set_cell


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ict_coop", *args], capture_output=True, text=True, check=False)


def test_help_and_version():
    out = run("--help")
    assert out.returncode == 0
    for command in ("summary", "validate", "show", "export", "schema", "curate", "cite", "figure"):
        assert command in out.stdout
    assert ict_coop.__version__ in run("--version").stdout


def test_validate_exit_codes(package, capsys):
    assert main(["validate"]) == 0
    assert main(["validate", str(package)]) == 0
    set_cell(package, "events", 2, "country_code", "ZZZ")
    set_cell(package, "events", 3, "date_latest", "2023-02-30")
    capsys.readouterr()
    assert main(["validate", str(package)]) == 1
    text = capsys.readouterr().out
    assert "data/events.csv:2:country_code: [foreign-key]" in text
    assert "data/events.csv:3:date_latest: [type-error]" in text


def test_validate_json(package, capsys):
    set_cell(package, "events", 2, "country_code", "ZZZ")
    assert main(["validate", str(package), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["issues"][0] == {
        "code": "foreign-key",
        "message": "no row in countries.country_code has this value",
        "resource": "events",
        "file": "data/events.csv",
        "row": 2,
        "field": "country_code",
        "value": "ZZZ",
    }


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "no datapackage.json" in capsys.readouterr().err
    assert main(["show", "nope"]) == 2
    assert run("frobnicate").returncode == 2
    assert main(["validate", "https://example.org/datapackage.json"]) == 2


def test_summary_figures_come_from_the_data(capsys):
    assert main(["summary", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    dataset = load()
    assert figures == json.loads(json.dumps(summarise(dataset)))
    assert figures["counts"]["events"] == len(dataset.events)
    # the fixture: five articles, six engagements (a trip counts once; the Cambodian session inside
    # the Prime Minister's visit counts; the 2022 congress visit and MoU signing are only referenced)
    assert figures["engagements"] == 6
    assert figures["partners"] == 5
    assert figures["by_year"] == {"2018": {"stated": 1}, "2023": {"inferred": 1}, "year not certain": {"uncertain": 4}}
    assert figures["certain_year"] == {"stated": 1, "inferred": 1, "external": 0}
    assert {row["partner"]: row["engagements"] for row in figures["by_partner"]} == {
        "IND": 1,
        "JPN": 2,
        "KHM": 1,
        "RUS": 1,
        "TZA": 1,
    }


def test_summary_refuses_invalid_data(package, capsys):
    set_cell(package, "events", 2, "kind", "banquet")
    assert main(["summary", str(package)]) == 1
    assert "[constraint-error]" in capsys.readouterr().out


def test_show(capsys):
    assert main(["show", "agreements", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "agreement_id: agr-rus-sut-ptit-mou" in out
    assert "(1 of 2 rows of agreements)" in out


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_export(tmp_path, fmt, capsys):
    out = tmp_path / f"events.{fmt}"
    assert main(["export", "events", "--format", fmt, "-o", str(out)]) == 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == 24
        assert str(table.schema.field("date_earliest").type) == "date32[day]"
    elif fmt == "csv":
        import csv

        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 24
        assert {r["kind"] for r in rows} <= {
            "visit",
            "reception",
            "talks",
            "working_session",
            "meeting",
            "signing",
            "site_visit",
            "commemorative_activity",
            "community_meeting",
            "forum",
        }
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == 24
        assert rows[0]["event_id"] == "evt-ind-ficci-meeting"


def test_schema_check_and_write(package, capsys):
    assert main(["schema", "--check", str(package)]) == 0
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = "edited by hand"
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--check", str(package)]) == 1
    assert "edited by hand" in capsys.readouterr().out
    assert main(["schema", "--write", str(package)]) == 0
    assert main(["schema", "--check", str(package)]) == 0
    assert main(["validate", str(package)]) == 0


def test_cite_export_and_figure_commands(tmp_path, capsys):
    import sqlite3

    from tests.conftest import REPO

    assert main(["cite", "--style", "cff"]) == 0
    assert capsys.readouterr().out == (REPO / "CITATION.cff").read_text(encoding="utf-8")
    out = tmp_path / "all.sqlite"
    assert main(["export", "all", "--format", "sqlite", "-o", str(out)]) == 0
    assert sqlite3.connect(out).execute("select count(*) from evidence").fetchone()[0] > 200
    assert main(["export", "panel", "--format", "csv", "-o", str(tmp_path / "panel.csv")]) == 0
    assert (
        (tmp_path / "panel.csv")
        .read_text(encoding="utf-8")
        .startswith('"iso3_a","iso3_b","cow_a","cow_b","gw_a","gw_b","year"')
    )
    assert main(["export", "plover", "--format", "csv", "-o", str(tmp_path / "p.csv")]) == 2
    pytest.importorskip("matplotlib")
    assert main(["figure", str(tmp_path / "f.png")]) == 0
    assert (tmp_path / "f.png").read_bytes().startswith(b"\x89PNG")
