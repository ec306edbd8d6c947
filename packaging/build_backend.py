"""The build backend: setuptools' own, with Qt's `lrelease` at hand when a wheel is built.

A wheel ships the compiled translations (`.qm`), made from `resources/translations/*.ts` by
`BuildPy` in `setuptools_hooks.py`; the compiler comes with PySide6-Essentials, which is
therefore asked for when, and only when, a wheel is built. An editable install (`pip install
-e .`, the README's) and an sdist build neither compile nor need it, so they do not pay for
installing Qt into the isolated build environment. Named in pyproject.toml's
`[build-system]` with `backend-path = ["packaging"]` (PEP 517's in-tree backend).
"""

from __future__ import annotations

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - every hook, as setuptools defines it

# The compiler only: any release with lrelease will do, whatever the runtime floor is.
LRELEASE_PROVIDER = "PySide6-Essentials>=6.6"


def get_requires_for_build_wheel(config_settings: dict[str, object] | None = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_wheel(config_settings), LRELEASE_PROVIDER]
