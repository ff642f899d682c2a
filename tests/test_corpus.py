"""The seeded-error corpus: every fault found exactly, load refuses, frictionless compared."""

from __future__ import annotations

import pytest

from ict_coop import DataValidationError, load, validate
from tests.conftest import REPO
from tests.corpus import FAULTS, figures_markdown, run_corpus


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_found_exactly_and_load_refuses(package, fault):
    expected = fault.apply(package)
    report = validate(package)
    assert {(i.code, i.file, i.row, i.field) for i in report.issues} == expected, [str(i) for i in report.issues]
    with pytest.raises(DataValidationError) as caught:
        load(path=package)
    assert {(i.code, i.file, i.row, i.field) for i in caught.value.issues} == expected


ORACLE = [f for f in FAULTS if f.frictionless != "fetches"]


@pytest.mark.parametrize("fault", ORACLE, ids=[f.name for f in ORACLE])
def test_frictionless_as_the_oracle(package, fault):
    """Where frictionless can see a fault it flags the same rows; where it cannot, it says valid."""
    frictionless = pytest.importorskip("frictionless")
    expected = fault.apply(package)
    try:
        report = frictionless.Package(str(package / "datapackage.json")).validate()
    except frictionless.FrictionlessException:
        assert fault.frictionless == "invalid"  # it refuses the descriptor outright
        return
    except Exception:  # e.g. ValueError on a NUL in a path: ict-coop reports a finding instead
        assert fault.frictionless == "crashes"
        return
    assert fault.frictionless != "crashes"
    theirs = {(task.place, getattr(error, "row_number", None)) for task in report.tasks for error in task.errors}
    if fault.frictionless == "same-rows":
        # frictionless gives header problems no row number; ours call the header row 1
        ours = {(file, None if row == 1 else row) for _, file, row, _ in expected}
        assert theirs == ours
    elif fault.frictionless == "invalid":
        assert not report.valid
    else:  # ict-coop sees more: frictionless passes the package
        assert fault.frictionless == "blind"
        assert report.valid, theirs


def test_figures_in_the_docs_are_current():
    figures = run_corpus()
    assert figures["tried"] == len(FAULTS) == figures["found_exactly"] == figures["load_raised"]
    assert figures["other_exceptions"] == figures["rows_lost"] == 0
    assert figures_markdown(figures) in (REPO / "docs" / "errors.md").read_text(encoding="utf-8"), (
        "run `python -m tests.corpus --write`"
    )
