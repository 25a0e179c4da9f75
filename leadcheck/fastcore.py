"""A validator for plans built by pydantic-core alone, from the generated schema.

pydantic-core's compiled module is loaded straight from its file: importing the
`pydantic_core` package (and pydantic) costs several times what checking a plan
does. Objects come back as light records with the models' field names, so the
rules read them exactly as they read the models; the models remain what mypy,
the JSON Schema and the docs see. `tests/test_fastcore.py` holds the two paths
to the same answers.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import signal
import sys
from functools import cache
from types import ModuleType
from typing import Any

_MODULE = "pydantic_core._pydantic_core"


@cache
def core() -> ModuleType:
    """pydantic-core's compiled module, loaded without its Python package."""
    loaded = sys.modules.get(_MODULE)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec("pydantic_core")
    folders = spec.submodule_search_locations if spec else None
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for folder in folders or ():
        for name in sorted(os.listdir(folder)):
            if name.startswith("_pydantic_core.") and name.endswith(suffixes):
                loader = importlib.machinery.ExtensionFileLoader(
                    _MODULE, os.path.join(folder, name)
                )
                module_spec = importlib.util.spec_from_loader(_MODULE, loader)
                assert module_spec is not None
                module = importlib.util.module_from_spec(module_spec)
                loader.exec_module(module)
                sys.modules[_MODULE] = module  # so a later `import pydantic_core` shares it
                return module
    import pydantic_core._pydantic_core as fallback  # an unusual install: pay the import

    return fallback


class Record:
    """A validated object: fields as attributes, like the model it stands for."""

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({fields})"


@cache
def plan_validator() -> Any:
    """A pydantic-core SchemaValidator for a whole plan."""
    from leadcheck.shape import generated

    schema = _resolve(generated()["schema"], {})
    # pydantic-core reports a Ctrl-C (or SIGTERM) that lands while it builds as a
    # SchemaError; hold such signals for the few milliseconds of the build.
    held = {signal.SIGINT, signal.SIGTERM}
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:  # pragma: no cover - Windows
        return core().SchemaValidator(schema)
    block(signal.SIG_BLOCK, held)
    try:
        return core().SchemaValidator(schema)
    finally:
        block(signal.SIG_UNBLOCK, held)


def _resolve(node: Any, records: dict[str, type[Record]]) -> Any:
    if isinstance(node, dict):
        out = {key: _resolve(value, records) for key, value in node.items()}
        kind = node.get("type")
        if kind == "model":
            name = node["cls"].removeprefix("model:")
            out["cls"] = records.setdefault(name, type(name, (Record,), {}))
        elif kind == "enum":
            cls = _named(node["cls"].removeprefix("enum:"))
            out["cls"] = cls
            out["members"] = [cls(value) for value in node["members"]]
        elif kind == "default" and "default_factory" in node:
            out["default_factory"] = {"factory:list": list, "factory:dict": dict}[
                node["default_factory"]
            ]
        elif kind == "default" and out["schema"].get("type") == "enum":
            out["default"] = out["schema"]["cls"](node["default"])  # a member, as the model's
        elif isinstance(node.get("function"), str):
            out["function"] = _named(node["function"].removeprefix("function:"))
        return out
    if isinstance(node, list):
        return [_resolve(item, records) for item in node]
    return node


def _named(name: str) -> Any:
    from leadcheck import vocab

    return getattr(vocab, name)
