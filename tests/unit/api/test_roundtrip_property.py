"""Property: any entity or unit payload, with random unknown keys (at any depth) and random
nulls in place of known values, parses and dumps back to the very same JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.api import BusinessUnit, Entity
from si_desktop.api.models import SIModel
from tests.unit.api.conftest import load, seed_examples

ENTITY_BASES = [load(p) for p in seed_examples("seed003_")]
UNIT_BASES = [load(p) for p in seed_examples("seed004_")]
ENTITY_BASES = [b for b in ENTITY_BASES if "data" not in b] + [
    item for b in ENTITY_BASES if "data" in b for item in b["data"]
]
UNIT_BASES = [b for b in UNIT_BASES if "data" not in b] + [
    item for b in UNIT_BASES if "data" in b for item in b["data"]
]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# Unknown keys: any text that no model declares (the prefix keeps clear of field names).
extra_keys = st.text(min_size=1, max_size=12).map(lambda s: "x-" + s)


@st.composite
def mutated(draw: st.DrawFn, base: Any, *, depth: int = 0) -> Any:
    """`base` with some known values nulled (never `id`) and unknown keys added, at any
    depth of nested objects."""
    if isinstance(base, dict):
        out: dict[str, Any] = {}
        for key, value in base.items():
            if key != "id" and draw(st.integers(0, 9)) == 0:
                out[key] = None
            else:
                out[key] = draw(mutated(value, depth=depth + 1))
        for key in draw(st.lists(extra_keys, max_size=3, unique=True)):
            out[key] = draw(json_values)
        return out
    if isinstance(base, list):
        return [draw(mutated(item, depth=depth + 1)) for item in base]
    return base


def _round_trips(model: type[SIModel], payload: dict[str, Any]) -> None:
    parsed = model.model_validate(payload)
    assert parsed.model_dump(mode="json") == payload
    assert json.dumps(parsed.model_dump(mode="json")) == json.dumps(payload)
    reparsed = model.model_validate_json(parsed.model_dump_json())
    assert reparsed.model_dump(mode="json") == payload


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ENTITY_BASES).flatmap(mutated))
def test_entities_round_trip(payload: dict[str, Any]) -> None:
    _round_trips(Entity, payload)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.sampled_from(UNIT_BASES).flatmap(mutated))
def test_units_round_trip(payload: dict[str, Any]) -> None:
    _round_trips(BusinessUnit, payload)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(extra_keys, json_values, max_size=6).map(
        lambda extra: {"id": "ent_6595a27b5d35015c3ef0c3fd", **extra}
    )
)
def test_minimal_entities_with_only_unknown_keys_round_trip(payload: dict[str, Any]) -> None:
    _round_trips(Entity, payload)
