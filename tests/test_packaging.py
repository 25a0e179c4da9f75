"""What a `pip install leadcheck` gets: the wheel's files and metadata, and the declared bounds."""

from __future__ import annotations

import importlib.util
import re
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT

import leadcheck
from leadcheck import links

PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT: dict[str, Any] = PYPROJECT["project"]


def _tasks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.tools
def test_wheel_ships_types_licence_and_metadata(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode("utf-8"))
        entry_points = archive.read(f"{info}/entry_points.txt").decode("utf-8")
        licence = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
    for name in (
        "leadcheck/py.typed",
        "leadcheck/formats/gitlab.py",
        "leadcheck/templates/starter.yaml",
        "leadcheck/rules/examples/LC201.bad.yaml",
    ):
        assert name in names
    assert not any(n.startswith(("tests/", "docs/", "bench/")) for n in names)
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Version"] == leadcheck.__version__
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL") or [])
    assert urls == PROJECT["urls"]
    classifiers = metadata.get_all("Classifier") or []
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    runtime = {d for d in metadata.get_all("Requires-Dist") or [] if "extra ==" not in d}
    assert runtime == set(PROJECT["dependencies"])
    assert "leadcheck = leadcheck.launch:main" in entry_points
    assert "[leadcheck.rules]" in entry_points


def test_every_dependency_has_a_tested_lower_bound() -> None:
    """tasks.py pins exactly these for its lowest-versions run of the suite."""
    pins = _tasks().lowest_pins()
    names = [pin.split("==")[0].lower() for pin in pins]
    assert names == ["typer", "click", "rich", "pyyaml", "pydantic", "pathspec"]
    assert len(pins) == len(PROJECT["dependencies"])
    for pin, dep in zip(pins, PROJECT["dependencies"], strict=True):
        name, version = pin.split("==")
        assert dep.replace(" ", "") == f"{name}>={version}"


def test_project_urls_and_python_classifiers() -> None:
    assert PROJECT["urls"]["Homepage"] == links.HOMEPAGE
    assert PROJECT["requires-python"] == ">=3.11"
    versions = [
        c.rsplit(" ", 1)[1]
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions == ["3.11", "3.12", "3.13"]
    assert PROJECT["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (ROOT / "leadcheck" / "py.typed").exists()


def test_changelog_has_unreleased_and_every_release() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.MULTILINE)
    assert headings[0] == ("Unreleased", "")
    assert (PROJECT["version"], "2026-11-28") in headings
    for name, _ in headings:
        assert re.search(rf"^\[{re.escape(name)}\]: {re.escape(links.HOMEPAGE)}/", text, re.M)
