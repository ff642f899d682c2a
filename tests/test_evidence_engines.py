"""The column-wise evidence comparisons (`ict_coop.evidence_text`) give exactly Python's answers, with either engine.

Passages at their offsets are checked against Python's slice (nested, overlapping, reversed,
negative and past-the-end offsets, seeds in several buffers); verbatim values against Python's
``in``, with polars and with the pyarrow fallback, on values where regular-expression and
literal semantics would differ. The seeded-fault corpus runs under both engines as well.
"""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ict_coop import evidence_text, validate
from tests.corpus import FAULTS

pytest.importorskip("polars")

# characters where a regex engine, a byte-wise search or a code-point count could go wrong
TRICKY = st.sampled_from([*".*()[]\\^$?+|{}aAé\u0301e\u0300Đđ😀𝔸 \n\x00", "ế", "\U0010ffff"])
TEXT = st.text(TRICKY, max_size=30)


def _slices(texts: dict[str, str], rows: list[tuple[str, int, int, str]]) -> list[int]:
    return [i for i, (source, start, end, quote) in enumerate(rows) if texts[source][start:end] != quote]


@st.composite
def passages(draw):
    texts = {f"s{i}": draw(TEXT) for i in range(draw(st.integers(1, 4)))}
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        source = draw(st.sampled_from(sorted(texts)))
        size = len(texts[source])
        start = draw(st.integers(-2, size + 2))
        end = draw(st.integers(-2, size + 2))
        honest = texts[source][start:end]
        quote = draw(
            st.one_of(st.just(honest), TEXT, st.just(honest[:-1]), st.just(honest.encode()[:4].decode(errors="ignore")))
        )
        rows.append((source, start, end, quote))
    return texts, rows


@settings(max_examples=300, deadline=None)
@given(passages(), st.integers(1, 3), st.sampled_from([1, 64]))
def test_passages_compared_as_python_slices(case, rounds, batch_bytes):
    texts, rows = case
    columns = list(zip(*rows, strict=True)) or [[], [], [], []]
    arrays = [
        pa.array(list(c), t) for c, t in zip(columns, (pa.string(), pa.int64(), pa.int64(), pa.string()), strict=True)
    ]
    old = evidence_text.ROUNDS, evidence_text.BATCH_BYTES
    evidence_text.ROUNDS, evidence_text.BATCH_BYTES = rounds, batch_bytes  # deep nesting, one seed per buffer
    try:
        seeds = evidence_text.SeedTexts.of(texts)
        assert dict(seeds) == texts
        assert all(seeds.chars(source) == len(text) for source, text in texts.items())
        assert evidence_text.differing_passages(seeds, *arrays) == _slices(texts, rows)
        # the quotes of two tables as two chunks, as the validator passes furniture and quotes
        half = len(rows) // 2
        chunked = pa.chunked_array([arrays[3].slice(0, half), arrays[3].slice(half)])
        assert evidence_text.differing_passages(seeds, *arrays[:3], chunked) == _slices(texts, rows)
    finally:
        evidence_text.ROUNDS, evidence_text.BATCH_BYTES = old


@st.composite
def values_in_texts(draw):
    texts = draw(st.lists(st.lists(TEXT, max_size=3).map("\x00".join), min_size=1, max_size=5))
    rows = []
    for _ in range(draw(st.integers(0, 20))):
        at = draw(st.one_of(st.none(), st.integers(0, len(texts) - 1)))
        text = texts[at] if at is not None else ""
        begin = draw(st.integers(0, len(text)))
        inside = text[begin : begin + draw(st.integers(0, 6))]
        rows.append((draw(st.one_of(st.just(inside), TEXT.filter(lambda v: "\x00" not in v))), at))
    return texts, rows


@settings(max_examples=300, deadline=None)
@given(values_in_texts())
def test_verbatim_engines_agree_with_python_in(case):
    texts, rows = case
    expected = [i for i, (value, at) in enumerate(rows) if at is not None and value not in texts[at]]
    values = pa.array([v for v, _ in rows], pa.string())
    at = pa.array([a for _, a in rows], pa.int64())
    for use in ("pyarrow", "polars"):
        assert evidence_text.missing_values(values, pa.array(texts, pa.large_string()), at, use) == expected, use


def test_the_engine_switch(monkeypatch):
    monkeypatch.setenv("ICT_COOP_ENGINE", "pyarrow")
    assert evidence_text.engine() == "pyarrow"
    monkeypatch.delenv("ICT_COOP_ENGINE")
    assert evidence_text.engine() == "polars"


#: the faults about quotes, seeds, verbatim text and names: the ones the two engines could tell apart
EVIDENCE_FAULTS = [
    f for f in FAULTS if any(word in f.name for word in ("quote", "seed", "text", "written", "name", "nfd", "title"))
]


@pytest.mark.parametrize("engine", ["pyarrow", "polars"])
@pytest.mark.parametrize("fault", EVIDENCE_FAULTS, ids=[f.name for f in EVIDENCE_FAULTS])
def test_corpus_faults_under_each_engine(package, monkeypatch, engine, fault):
    monkeypatch.setenv("ICT_COOP_ENGINE", engine)
    assert evidence_text.engine() == engine
    expected = fault.apply(package)
    assert {(i.code, i.file, i.row, i.field) for i in validate(package).issues} == expected
