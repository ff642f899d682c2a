"""The record rules hold twice: in pydantic (one record) and column-wise (rules.py). They agree."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ict_coop.curation import write_table
from ict_coop.models import MODELS
from ict_coop.reading import read_resource
from ict_coop.rules import failing_rows
from tests.conftest import REPO, read_table

# Perturbations that keep each cell well typed (so only rules, not types, can object).
PERTURB = {
    "events": {
        "date_earliest": ["", "2018-06-01", "1999-01-01"],
        "date_latest": ["", "2030-12-31"],
        "date_edtf": [
            "",
            "2018",
            "2018-05-02",
            "XXXX-05-02",
            "[2018-09-26..2018-09-30]",
            "../2018-05-03",
            "2018-05-33",
        ],
        "date_precision": ["day", "month", "range", "unknown", "day_unknown_year"],
        "date_basis": ["stated", "not_stated", "inferred_from_context"],
        "date_text": ["", "ngày 2/5"],
        "date_note": ["", "a note"],
        "city_text": ["", "Hà Nội", " Hà Nội"],
        "city_en": ["", "Hanoi"],
        "city_basis": ["stated", "not_stated", "inferred_from_context"],
        "country_code": ["", "VNM"],
        "country_basis": ["stated", "not_stated"],
        "place_note": ["", "note"],
        "partner_country_code": ["", "JPN"],
        "cameo_code": ["", "043"],
        "plover_event_type": ["", "CONSULT", "SUPPORT"],
        "plover_mode": ["", "visit"],
        "parent_event_id": ["", "SELF"],
        "title_en": ["Talks", "Talks\ttab", "Talks "],
    },
    "participants": {
        "participant_id": ["OK", "evt-x/per-y"],
        "person_id": ["", "per-nguyen-manh-hung"],
        "organization_id": ["", "org-vnm-mic"],
        "title_text": ["", "Bộ trưởng"],
        "title_en": ["", "Minister"],
    },
    "commitments": {"target_year": ["", "1800", "2019"], "target_year_text": ["", "trong năm 2019"]},
    "evidence": {"start": ["0", "5", "99999"], "end": ["1", "5", "100000"]},
    "sources": {
        "published": ["", "2018-05-03T08:21:00"],
        "published_text": ["", "03/05/2018"],
        "source_id": ["src-000", "src-001"],
    },
}


def _pydantic_accepts(name: str, row: dict) -> bool:
    try:
        MODELS[name].model_validate(row)
    except ValidationError:
        return False
    return True


@st.composite
def perturbed_rows(draw):
    name = draw(st.sampled_from(sorted(PERTURB)))
    rows = read_table(REPO, name)
    row = dict(draw(st.sampled_from(rows)))
    for field, options in PERTURB[name].items():
        if draw(st.booleans()):
            row[field] = draw(st.sampled_from(options))
    if row.get("parent_event_id") == "SELF":
        row["parent_event_id"] = row["event_id"]
    if name == "participants" and row["participant_id"] == "OK":
        row["participant_id"] = f"{row['event_id']}/{row['person_id'] or row['organization_id'] or 'per-x'}"
    return name, row


@given(st.lists(perturbed_rows(), min_size=1, max_size=8))
def test_pydantic_and_column_rules_agree(cases):
    for name, row in cases:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_table(root, name, [row])
            table, _, issues, _ = read_resource(root, name, {"path": f"data/{name}.csv"})
            if issues:  # a structural finding (pattern, type): the rules are not asked
                continue
            typed = table.to_pylist()[0]
            column_wise = failing_rows(name, table).to_pylist()[0]
            assert column_wise == (not _pydantic_accepts(name, typed)), (name, row)


def test_every_shipped_row_passes_both():
    for name in MODELS:
        rows = read_table(REPO, name)
        if not rows:
            continue
        table, _, issues, _ = read_resource(REPO, name, {"path": f"data/{name}.csv"})
        assert not issues
        assert not any(failing_rows(name, table).to_pylist()), name
        assert all(_pydantic_accepts(name, row) for row in table.to_pylist()), name
