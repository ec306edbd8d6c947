"""setuptools commands that ship the top-level `resources/` folder inside the installed package.

The repository keeps `resources/` beside `si_desktop/` (see DESIGN.md), but an installed app
must carry it, so a wheel holds it as `si_desktop/_resources/`, which is where
`si_desktop.resources.resource_path` looks. setuptools' own configuration cannot add a folder
from outside the package to an auto-discovered package list, hence these two small commands,
named in `[tool.setuptools.cmdclass]` of pyproject.toml. An editable install needs neither:
there the helper reads `resources/` in the checkout.

A wheel also ships the compiled translations: `BuildPy` compiles every `translations/*.ts`
to `.qm` beside it in the build folder with PySide6's `lrelease` (which `build_backend.py`
asks for when a wheel is built), so an installed app never writes into its own package. A
build without PySide6 (`--no-build-isolation` in an environment without it) warns and ships
the sources only; the app then compiles them into its data folder at first use.

(`packaging/` has no `__init__.py` on purpose: it must never shadow the `packaging` library.)
"""

from __future__ import annotations

import os
import subprocess
import sys
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
            target = os.path.join(self.build_lib, *TARGET)
            self.copy_tree(str(SOURCE), target)
            translations = Path(target) / "translations"
            for stale in translations.glob("*.qm"):  # a checkout's own, maybe out of date
                stale.unlink()
            compile_translations(translations)


# PySide6's own entry point for its lrelease, run by the building Python (as the spec does).
LRELEASE = (
    "import sys; from PySide6.scripts.pyside_tool import lrelease; "
    "sys.argv[0] = 'pyside6-lrelease'; lrelease()"
)


def compile_translations(folder: Path) -> None:
    """Compile every `.ts` in `folder` to a `.qm` beside it."""
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        try:
            subprocess.run([sys.executable, "-c", LRELEASE, "-silent", str(ts), "-qm", str(qm)],
                           check=True, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as error:
            detail = (getattr(error, "stderr", b"") or b"").decode(errors="replace").strip()
            print(f"warning: {ts.name} was not compiled ({error} {detail}); the app will "
                  "compile it into its data folder", file=sys.stderr)


class Sdist(sdist):
    """Keep `resources/` and the build hooks (this file, `build_backend.py`) in the source
    distribution, so a wheel built from it ships the resources too."""

    def make_distribution(self) -> None:
        # not the .qm a checkout compiles for itself: a wheel compiles its own from the .ts
        files = [path for path in sorted(SOURCE.rglob("*"))
                 if path.is_file() and path.suffix != ".qm"]
        hooks = [Path(__file__).resolve(), Path(__file__).resolve().with_name("build_backend.py")]
        for path in [*files, *hooks]:
            self.filelist.append(path.relative_to(ROOT).as_posix())
        super().make_distribution()
