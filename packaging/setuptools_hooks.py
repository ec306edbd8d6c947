"""setuptools commands that ship the top-level `resources/` folder inside the installed package.

The repository keeps `resources/` beside `si_desktop/` (see DESIGN.md), but an installed app
must carry it, so a wheel holds it as `si_desktop/_resources/`, which is where
`si_desktop.resources.resource_path` looks. setuptools' own configuration cannot add a folder
from outside the package to an auto-discovered package list, hence these two small commands,
named in `[tool.setuptools.cmdclass]` of pyproject.toml. An editable install needs neither:
there the helper reads `resources/` in the checkout.

(`packaging/` has no `__init__.py` on purpose: it must never shadow the `packaging` library.)
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources"
TARGET = ("si_desktop", "_resources")


class BuildPy(build_py):
    """Build the package as usual, then copy `resources/` into it."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            self.copy_tree(str(SOURCE), os.path.join(self.build_lib, *TARGET))


class Sdist(sdist):
    """Keep `resources/` and this file in the source distribution, so a wheel built from it
    ships the resources too."""

    def make_distribution(self) -> None:
        files = [path for path in sorted(SOURCE.rglob("*")) if path.is_file()]
        for path in [*files, Path(__file__).resolve()]:
            self.filelist.append(path.relative_to(ROOT).as_posix())
        super().make_distribution()
