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


def _subcommands():
    from ict_coop.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    return action.choices


def test_every_command_takes_path_the_same_way():
    for name, sub in _subcommands().items():
        options = {o for a in sub._actions for o in a.option_strings}
        assert "--path" in options, name


def test_positional_and_option_path_agree(package, tmp_path, capsys):
    assert main(["validate", "--path", str(package)]) == 0
    assert main(["summary", "--path", str(package), "--json"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(package), "--path", str(tmp_path)])
    assert caught.value.code == 2
    assert "two paths given" in capsys.readouterr().err


def test_messages_name_the_path_given(tmp_path, capsys):
    stray = tmp_path / "notapkg.txt"
    stray.write_text("hello", encoding="utf-8")
    assert main(["validate", str(stray)]) == 2
    assert f"{str(stray)!r} is a file, not a package" in capsys.readouterr().err
    assert main(["show", "events", "--path", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert repr(str(tmp_path / "nowhere")) in err and "no such file or folder" in err


@pytest.mark.parametrize(
    ("output", "why"),
    [("missing/x.csv", "does not exist"), (".", "it is a folder"), ("locked/x.csv", "no permission")],
)
def test_an_output_that_cannot_be_written_exits_3_without_a_traceback(tmp_path, output, why):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if why == "no permission" and os.access(locked, os.W_OK):
        pytest.skip("running as a user who may write anywhere (root)")
    given = str(tmp_path / output)
    out = subprocess.run(
        [sys.executable, "-m", "ict_coop", "export", "events", "--format", "csv", "-o", given],
        capture_output=True,
        text=True,
        check=False,
    )
    locked.chmod(0o700)
    assert out.returncode == 3, out.stderr
    assert "Traceback" not in out.stderr and given in out.stderr and why in out.stderr


def test_a_failed_write_exits_3(tmp_path, monkeypatch, capsys):
    """Whatever the check before cannot see (a full disk, a file that vanishes) still gives a clear message."""
    import ict_coop.export

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ict_coop.export, "_write_file", full_disk)
    assert main(["export", "events", "--format", "csv", "-o", str(tmp_path / "e.csv")]) == 3
    err = capsys.readouterr().err
    assert "No space left on device" in err and "e.csv" in err


def test_usage_errors_name_the_choices(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["show", "events", "--limit", "-1"])
    assert caught.value.code == 2 and "0 or more" in capsys.readouterr().err
    for command in (["export", "evnts", "--format", "csv"], ["show", "evnts"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "choose one of" in err and "engagements" in err and "panel" in err
    assert main(["show", "all"]) == 2 and "export all" in capsys.readouterr().err
    assert main(["show", "undated", "--limit", "1"]) == 0 and "events_undated" in capsys.readouterr().out
    data = load()
    with pytest.raises(ict_coop.UnknownResourceError, match="choose one of"):
        data.evidence_for("event", "evt-jpn-mic-reception")
    with pytest.raises(ValueError, match="choose one of"):
        data.evidence_for("events", "evt-jpn-mic-reception", "date")


def test_an_internal_error_is_one_line_and_exit_4(monkeypatch, capsys):
    import ict_coop.cli

    def broken(args):
        raise RuntimeError("something the library did not foresee")

    monkeypatch.setattr(ict_coop.cli, "cmd_cite", broken)
    assert main(["cite"]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError" in err and "ICT_COOP_DEBUG" in err


def test_the_readme_command_table_matches_the_parser():
    """Every command and option the README's table names exists, and every command is in the table."""
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Command line") : readme.index("`python -m ict_coop` works the same way")]
    rows = re.findall(r"^\| `ict-coop ([a-z]+)([^`]*)`", table, re.M)
    commands = _subcommands()
    assert {name for name, _ in rows} == set(commands)
    for name, usage in rows:
        options = {o for a in commands[name]._actions for o in a.option_strings}
        for option in re.findall(r"--[a-z-]+|-o\b", usage):
            assert option in options, f"{name} {option}"


def test_the_readme_shell_examples_run(tmp_path):
    """The README's and quickstart's `ict-coop` lines run as written (on the fixture, in a scratch folder)."""
    import re
    import shlex

    from tests.conftest import REPO

    lines = []
    for page in ("README.md", "docs/quickstart.md"):
        text = (REPO / page).read_text(encoding="utf-8")
        for block in re.findall(r"```bash\n(.*?)```", text, re.S):
            lines += [line.split("#")[0].strip() for line in block.splitlines() if line.startswith("ict-coop ")]
    assert len(lines) >= 6
    for line in lines:
        argv = shlex.split(line.replace("path/to/copy", str(REPO / "tests" / "fixtures" / "seeds")))[1:]
        if argv[0] == "figure":
            pytest.importorskip("matplotlib")
        out = subprocess.run(
            [sys.executable, "-m", "ict_coop", *argv], capture_output=True, text=True, check=False, cwd=tmp_path
        )
        assert out.returncode == 0, (line, out.stderr[-2000:])
