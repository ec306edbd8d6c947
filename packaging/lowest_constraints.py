"""Print a pip constraints file that pins every runtime dependency to its declared floor
(`name>=X` in pyproject.toml becomes `name==X`, markers kept), for testing the lowest
versions the package admits:

    python packaging/lowest_constraints.py > lowest.txt
    pip install -c lowest.txt -e ".[test]"

Only the direct runtime dependencies are pinned; what they need comes at the newest
versions their own requirements admit. Written fresh from pyproject.toml each time, so the
floors are declared in one place only.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)(;.*)?$")
_FLOOR = re.compile(r">=\s*([0-9][A-Za-z0-9.+!-]*)")


def lowest_constraints(dependencies: list[str]) -> list[str]:
    """`name==floor[; marker]` for every dependency that declares a floor."""
    lines = []
    for dependency in dependencies:
        match = _REQUIREMENT.match(dependency)
        if match is None:
            raise ValueError(f"cannot read the requirement {dependency!r}")
        name, specifier, marker = match.group(1), match.group(2), match.group(3) or ""
        floor = _FLOOR.search(specifier)
        if floor is not None:
            lines.append(f"{name}=={floor.group(1)}{marker}")
    return lines


def main() -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    print("\n".join(lowest_constraints(project["dependencies"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
