"""`ict_coop._arrow.lookup`, `member` and `present` give what ``pc.index_in`` and ``pc.is_in`` give, sorted or not."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ict_coop import _arrow
from ict_coop._arrow import arange, lookup, member, present

# a few characters either side of every UTF-8 length: the block-by-block path compares Python
# strings, Arrow compares bytes; the two orders must agree
_TEXT = st.text(alphabet=st.sampled_from("ab|-0ÿĀ đ\u1ec5\uffff\U0001f600"), max_size=4)
_VALUES = st.one_of(
    st.lists(st.one_of(st.none(), st.integers(-5, 40)), max_size=60).map(lambda v: (v, pa.int64())),
    st.lists(st.one_of(st.none(), _TEXT), max_size=60).map(lambda v: (v, pa.string())),
)


@st.composite
def _sides(draw):
    """Values and keys of one type; often sorted (keys strictly, as primary keys are), sometimes not."""
    values, kind = draw(_VALUES)
    keys, _ = draw(_VALUES.filter(lambda drawn: drawn[1] == kind))
    keys = [k for k in keys if k is not None] if draw(st.booleans()) else keys
    values = [v for v in values if v is not None] if draw(st.booleans()) else values
    if draw(st.booleans()):
        keys = sorted(set(k for k in keys if k is not None))
    if draw(st.booleans()):
        nulls = values.count(None) if draw(st.booleans()) else 0
        values = sorted(v for v in values if v is not None)
        for _ in range(nulls):  # sorted but for nulls here and there (events without a parent)
            values.insert(draw(st.integers(0, len(values))), None)
    return pa.array(values, kind), pa.array(keys, kind), draw(st.integers(1, 8))


@settings(max_examples=400, deadline=None)
@given(_sides())
def test_lookup_is_index_in(sides):
    values, keys, block = sides
    assert lookup(values, keys, block).equals(pc.index_in(values, value_set=keys))


@settings(max_examples=400, deadline=None)
@given(_sides())
def test_member_is_is_in(sides):
    values, keys, block = sides
    assert member(values, keys, block).equals(pc.is_in(values, value_set=keys))


def test_sorted_values_far_apart_take_few_keys_at_a_time():
    """Values spread over many more keys than a block: each block of keys is looked up on its own."""
    keys = pa.array(range(0, 10_000, 2))
    values = pa.array(range(0, 10_000, 7))
    assert lookup(values, keys, block=16).equals(pc.index_in(values, value_set=keys))
    assert member(values, keys, block=16).equals(pc.is_in(values, value_set=keys))


@settings(max_examples=200, deadline=None)
@given(_sides())
def test_last_row_is_what_a_dict_of_the_keys_gives(sides):
    """The cross-table rules' lookup of a row by key (`crosschecks._last_row`) keeps the last row of a key twice."""
    from ict_coop.crosschecks import _last_row

    values, keys, _ = sides
    row_of = {key: row for row, key in enumerate(keys.to_pylist())}
    assert _last_row(values, keys).to_pylist() == [row_of.get(value) for value in values.to_pylist()]


@st.composite
def _positions(draw):
    """Rows of a table of ``count`` rows, in any order, repeated or not, with nulls (a row that found none)."""
    count = draw(st.integers(0, 40))
    rows = st.integers(0, count - 1) if count else st.nothing()
    values = draw(st.lists(st.one_of(st.none(), rows), max_size=80))
    kind = draw(st.sampled_from([pa.int32(), pa.int64()]))  # index_in gives int32; casts give int64
    return pa.array(values, kind), count


@settings(max_examples=300, deadline=None)
@given(_positions(), st.booleans())
def test_present_is_is_in_of_every_row(drawn, scatter):
    """`present` (a scatter, or ``is_in`` on a pyarrow without a sized inverse permutation) is ``is_in`` of 0..n-1."""
    positions, count = drawn
    expected = pc.is_in(arange(count), value_set=pc.cast(positions, pa.int64()))
    with pytest.MonkeyPatch.context() as patch:
        if not scatter:
            patch.delattr(pc, "InversePermutationOptions")
        assert present(positions, count).equals(expected)


def test_present_refuses_a_row_past_the_table():
    """A position outside 0..count-1 is a caller's mistake, raised, never a row silently dropped."""
    if not hasattr(pc, "InversePermutationOptions"):
        pytest.skip("this pyarrow has no sized inverse_permutation: present is is_in")
    with pytest.raises(IndexError):
        present(pa.array([0, 3]), 3)
    assert present(pa.array([2]), 3).to_pylist() == [False, False, True]
    assert _arrow.present(pa.array([], pa.int64()), 0).to_pylist() == []


_NAME = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_NAME, _NAME), max_size=12),
    st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 14)), _NAME), max_size=30),
)
def test_a_name_is_written_when_an_alias_of_its_own_id_writes_it(rows, aliases):
    """`crosschecks._written`, by sorted rows or by a hash of pairs, is what its definition says; nulls never match."""
    from ict_coop.crosschecks import _written

    ids = [f"id{i:02}" for i in range(len(rows))]
    alias_of = pa.array([None if a is None else f"id{a:02}" for a, _ in aliases], pa.string())
    alias_text = pa.array([text for _, text in aliases], pa.string())
    written = {
        (entity, text)
        for entity, text in zip(alias_of.to_pylist(), alias_text.to_pylist(), strict=True)
        if text is not None
    }
    expected = [any((i, n) in written for n in names if n is not None) for i, names in zip(ids, rows, strict=True)]

    def columns(order):
        return [pa.array([rows[i][c] for i in order], pa.string()) for c in range(2)]

    forward = list(range(len(rows)))
    sorted_ids = pa.array(ids, pa.string())
    assert _written(sorted_ids, columns(forward), alias_of, alias_text).to_pylist() == expected
    backward = forward[::-1]  # ids out of order: the hash of pairs
    reversed_ids = pa.array([ids[i] for i in backward], pa.string())
    assert _written(reversed_ids, columns(backward), alias_of, alias_text).to_pylist() == expected[::-1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 6)), st.one_of(st.none(), st.sampled_from("ab"))), max_size=30
    ),
    st.booleans(),
)
def test_pairs_twice_are_those_a_count_finds(rows, by_event):
    """`crosschecks._twice`, by neighbours (rows kept by event) or by grouping, finds the pairs a count finds."""
    from collections import Counter

    from ict_coop.crosschecks import _twice

    if by_event:
        rows = sorted(rows, key=lambda row: (row[0] is None, row[0] or 0))
    event_ids = pa.array([None if e is None else f"evt-{e}" for e, _ in rows], pa.string())
    sides = pa.array([side for _, side in rows], pa.string())
    counted = Counter(zip(event_ids.to_pylist(), sides.to_pylist(), strict=True))
    # a row without an event counts for none (the missing event is reported apart)
    assert _twice(event_ids, sides) == {pair for pair, count in counted.items() if count > 1 and pair[0] is not None}


_NAMES = st.sampled_from(["Bộ Số 0", "bo so 0", "Đại  sứ", "dai su", "  MIC ", None, "", "Ư"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAMES, max_size=40), st.booleans())
def test_folding_names_by_runs_or_distinct_names_folds_each(names, in_runs):
    """`fold_names` folds a run of equal names, or each distinct name, once: each name as folded alone."""
    from ict_coop.crosschecks import _fold, fold_names

    if in_runs:  # as aliases are kept: an entity's repeated name in a run
        names = sorted(names, key=lambda n: (n is None, n or ""))
    array = pa.array(names, pa.string())
    assert fold_names(array).to_pylist() == [None if n is None else _fold(pa.array([n])).to_pylist()[0] for n in names]
