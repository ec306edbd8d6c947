"""The declared floors: high enough for what the code uses and above the published
advisories, each one tested by .ci/run through packaging/lowest_constraints.py."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPENDENCIES: list[str] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
    "project"]["dependencies"]


def _lowest() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_si_lowest_constraints", ROOT / "packaging" / "lowest_constraints.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def floor(name: str) -> tuple[int, ...]:
    found = [re.search(r">=\s*([0-9.]+)", d) for d in DEPENDENCIES if d.startswith(name)]
    assert found and all(found), f"{name} has no floor"
    return min(tuple(int(p) for p in m.group(1).split(".")) for m in found if m)


@pytest.mark.parametrize(("name", "lowest"), [
    ("PySide6-Essentials", (6, 11, 2)),  # 6.6 to 6.11.1 fail, hang or lose submenus
    ("stamina", (25, 2)),  # the retry hook's returned wait (Retry-After)
    ("starlette", (1, 3, 1)),  # GHSA-82w8-qh3p-5jfq
    ("python-multipart", (0, 0, 31)),  # GHSA-v9pg-7xvm-68hf
    ("fpdf2", (2, 8, 8)),  # an uploaded SVG logo may name no file or URL for it to load
    ("pypdfium2", (5, 0)),  # 4.30 cuts off the end of a page's text
])
def test_floors_admit_no_version_known_not_to_work(name: str, lowest: tuple[int, ...]) -> None:
    assert floor(name) >= lowest


def test_every_runtime_dependency_has_a_floor_to_test() -> None:
    pins = _lowest().lowest_constraints(DEPENDENCIES)
    assert len(pins) == len(DEPENDENCIES)
    assert "stamina==25.2" in pins
    assert "PySide6-Essentials==6.11.2; python_version < '3.12'" in pins
    assert not any("://" in pin for pin in pins)


def test_the_constraints_keep_markers_and_skip_requirements_without_a_floor() -> None:
    pins = _lowest().lowest_constraints(["a>=1.2,!=1.3; os_name == 'nt'", "b", "c[x]>=0.1"])
    assert pins == ["a==1.2; os_name == 'nt'", "c==0.1"]
