"""The one way to find a file under `resources/` (icons, styles, translations).

The same relative name must work from three places: a source checkout (`resources/` beside
the package), an installed wheel (`si_desktop/_resources/`, put there by
`packaging/setuptools_hooks.py`) and a PyInstaller bundle (the same `si_desktop/_resources/`
under `sys._MEIPASS`). Plain `pathlib`, no Qt, so it is usable and testable everywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

_PACKAGE_DIR = Path(__file__).resolve().parent
_INSTALLED = ("_resources",)  # relative to the package, in a wheel and in a bundle


class ResourceNotFoundError(FileNotFoundError):
    """A resource the app needs is missing: a broken install or a typo in its name."""


def resource_roots() -> list[Path]:
    """The folders that may hold the resources, most specific first."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        roots.append(Path(bundle, "si_desktop", *_INSTALLED))
    roots.append(_PACKAGE_DIR.joinpath(*_INSTALLED))
    checkout = _PACKAGE_DIR.parent
    # Only a real checkout: an unrelated `resources/` in site-packages must never be used.
    if (checkout / "pyproject.toml").is_file():
        roots.append(checkout / "resources")
    return roots


def checkout_resources() -> Path | None:
    """The `resources/` of the source checkout the package runs from (None when installed):
    the one place the app may write generated files beside the sources."""
    checkout = _PACKAGE_DIR.parent
    return checkout / "resources" if (checkout / "pyproject.toml").is_file() else None


def resource_root() -> Path:
    """The folder the resources are read from."""
    roots = resource_roots()
    for root in roots:
        if root.is_dir():
            return root
    looked = ", ".join(str(root) for root in roots)
    raise ResourceNotFoundError(f"the si-desktop resources folder is missing (looked in {looked})")


def resource_path(name: str) -> Path:
    """The path of one resource, e.g. `resource_path("icons/app/si-desktop.svg")`.

    `name` is relative and uses forward slashes on every OS. Raises `ResourceNotFoundError`
    naming the file and the folder when it is not there, and `ValueError` for a name that
    would leave the resources folder.
    """
    relative = PurePosixPath(name)
    windows = PureWindowsPath(name)
    if (
        not relative.parts
        or relative.is_absolute()
        or windows.drive
        or "\\" in name
        or ".." in relative.parts
    ):
        raise ValueError(f"not a resource name: {name!r}")
    root = resource_root()
    path = root.joinpath(*relative.parts)
    if not path.exists():
        raise ResourceNotFoundError(f"resource {name!r} is missing from {root}")
    return path
