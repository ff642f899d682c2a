"""`ict_coop._arrow.lookup` and `member` give what ``pc.index_in`` and ``pc.is_in`` give, sorted or not."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from ict_coop._arrow import lookup, member

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
        values = sorted(v for v in values if v is not None)
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
