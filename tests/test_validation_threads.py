"""The checks after reading run on threads (`ICT_COOP_THREADS`): the findings and their order do not depend on it."""

from __future__ import annotations

from collections import Counter

import pytest

from ict_coop import validation
from ict_coop.validation import check, check_threads
from tests.conftest import read_table, set_cell, write_rows
from tests.corpus import FAULTS, RECEPTION, _quote_of, row_of

#: Faults of the seeded corpus that can be applied to one package together, each found by a
#: different step of the check (record rules, quotes, seeds, evidence, names, principals, links...).
TOGETHER = (
    "wrong_type",
    "impossible_date",
    "bounds_reversed",
    "unknown_vocabulary",
    "nfd_text",
    "huge_cell",
    "quote_off_its_offsets",
    "quote_from_a_caption",
    "quote_no_fact_cites",
    "quote_of_another_source",
    "changed_seed",
    "missing_seed",
    "quote_kind_on_a_cited_source",
    "two_principals_on_one_side",
    "a_name_no_source_writes",
    "signed_elsewhere_than_its_event",
    "a_counterpart_beside_a_convener",
    "bidi_override_in_a_name",
    "organization_parents_in_a_loop",
)


@pytest.fixture
def many_faults(package):
    by_name = {fault.name: fault for fault in FAULTS}
    for name in TOGETHER:
        by_name[name].apply(package)
    return package


def _findings(root, monkeypatch, threads: str) -> list[tuple]:
    monkeypatch.setenv("ICT_COOP_THREADS", threads)
    return [(i.code, i.message, i.resource, i.file, i.row, i.field, i.value, i.unlisted) for i in check(root).issues]


def test_findings_and_their_order_do_not_depend_on_the_threads(many_faults, monkeypatch):
    one = _findings(many_faults, monkeypatch, "1")
    codes = Counter(finding[0] for finding in one)
    assert len(codes) >= 12, codes  # findings from many steps, so that their order is put to the test
    for threads in ("2", "4"):
        assert _findings(many_faults, monkeypatch, threads) == one


def test_every_stage_is_timed_on_threads(package, monkeypatch):
    monkeypatch.setenv("ICT_COOP_THREADS", "2")
    checked = check(package)
    expected = {"read", "record_rules", "seeds", "passages", "said", "evidence_targets", "verbatim", "quote_use"}
    assert expected <= set(checked.stages) and set(checked.stages) == set(checked.stage_cpu)
    assert all(seconds >= 0 for seconds in (*checked.stages.values(), *checked.stage_cpu.values()))


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_thread_count_is_refused_before_any_check(package, monkeypatch, value):
    monkeypatch.setenv("ICT_COOP_THREADS", value)
    with pytest.raises(ValueError, match="ICT_COOP_THREADS"):
        validation.validate(package)


@pytest.mark.parametrize(("value", "count"), [("", 2), ("1", 1), (" 3 ", 3)])
def test_thread_count(monkeypatch, value, count):
    monkeypatch.setenv("ICT_COOP_THREADS", value)
    assert check_threads() == count


def test_a_failing_step_is_a_finding_not_a_hang(package, monkeypatch):
    """A step that raises ends the check (the steps waiting for it get its error) as ``check-failed``."""

    def broken(*args):
        raise RuntimeError("a fault no check foresaw")

    monkeypatch.setattr(validation, "_check_passages", broken)
    report = validation.validate(package)
    assert [(i.code, i.message) for i in report.issues] == [("check-failed", "RuntimeError: a fault no check foresaw")]


def _wrong_passage(root, value_in_quote: bool) -> tuple[int, int]:
    """Change the quote behind the reception's date_text so that it differs from its seed.

    ``value_in_quote``: the wrong text keeps the date_text, which the seed no longer has at
    those offsets (the event's date_text is changed to what the wrong text says); otherwise the
    wrong text loses it while the seed still has it. Returns the quote's and the event's rows.
    """
    quote_id = _quote_of(root, "events", RECEPTION, "date_text")
    quote_row = row_of(root, "quotes", "quote_id", quote_id)
    event_row = row_of(root, "events", "event_id", RECEPTION)
    quotes = read_table(root, "quotes")
    date_text = read_table(root, "events")[event_row - 2]["date_text"]
    text = quotes[quote_row - 2]["text"]
    assert date_text in text and len(date_text) > 3
    # the same length, so that the offsets stay right; the year kept, so that no rule objects
    changed = ("X" if date_text[0] != "X" else "Y") + date_text[1:] if value_in_quote else "#" * len(date_text)
    quotes[quote_row - 2]["text"] = text.replace(date_text, changed)
    write_rows(root, "quotes", quotes)
    if value_in_quote:
        set_cell(root, "events", event_row, "date_text", changed)
    return quote_row, event_row


@pytest.mark.parametrize("threads", ["1", "2"])
@pytest.mark.parametrize("value_in_quote", [False, True])
def test_verbatim_values_are_looked_for_in_what_the_seed_says(package, monkeypatch, threads, value_in_quote):
    """The verbatim check (``text-not-in-quote``) runs beside the passages' check; the facts of a
    passage that differs from its seed are checked against the seed's own text, not the wrong one."""
    quote_row, event_row = _wrong_passage(package, value_in_quote)
    found = {(code, file, row, field) for code, _, _, file, row, field, *_ in _findings(package, monkeypatch, threads)}
    expected = {("quote-mismatch", "data/quotes.csv", quote_row, "text")}
    if value_in_quote:  # in the wrong text, but not where the seed has it
        expected.add(("text-not-in-quote", "data/events.csv", event_row, "date_text"))
    assert expected <= found, found
    if not value_in_quote:  # the seed still says it: the wrong passage is reported, its fact is not
        assert not any(code == "text-not-in-quote" for code, *_ in found), found
