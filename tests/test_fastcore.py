"""The plain-data validation schema is generated from the models and kept current,
and pydantic-core alone, from it, reads plans exactly as the models do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES

import leadcheck.rules
from leadcheck import coreschema, fastcore
from leadcheck.loader import load_file
from leadcheck.model import Plan


def test_the_committed_core_schema_is_current() -> None:
    # Compared as data: pydantic versions order some keys differently.
    current = json.loads(coreschema.TARGET.read_text(encoding="utf-8"))
    assert current == json.loads(coreschema.generate()), "stale: python -m leadcheck.coreschema"


def _same(fast: Any, model: Any, path: str = "plan") -> None:
    fields = type(model).model_fields if hasattr(type(model), "model_fields") else None
    if fields is not None:
        assert type(fast).__name__ == type(model).__name__, path
        for name in fields:
            _same(getattr(fast, name), getattr(model, name), f"{path}.{name}")
    elif isinstance(model, list):
        assert len(fast) == len(model), path
        for i, (a, b) in enumerate(zip(fast, model, strict=True)):
            _same(a, b, f"{path}[{i}]")
    else:
        assert (fast, type(fast)) == (model, type(model)), path


RULE_EXAMPLES = Path(leadcheck.rules.__file__).parent / "examples"
PLANS = [*sorted(EXAMPLES.glob("*.yaml")), *sorted(RULE_EXAMPLES.glob("*.yaml"))]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_pydantic_core_alone_reads_each_example_as_the_models_do(path: Path) -> None:
    data = load_file(str(path)).data
    _same(fastcore.plan_validator().validate_python(data), Plan.model_validate(data))


def test_errors_are_the_models_errors() -> None:
    data = {
        "partnership": {"name": "P", "as_of": 20260630, "horizon_months": -1},
        "partners": [{"id": "A B", "name": "x", "type": "council", "extra": 1}],
    }
    core = fastcore.core()
    with pytest.raises(core.ValidationError) as fast:
        fastcore.plan_validator().validate_python(data)
    with pytest.raises(core.ValidationError) as model:
        Plan.model_validate(data)
    assert fast.value.errors(include_url=False) == model.value.errors(include_url=False)
