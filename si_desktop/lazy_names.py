"""A package whose names load on first use (PEP 562): the package itself imports in no
time, and a heavy module behind one of its names (the API client with httpx and pydantic,
say) is imported when that name is first looked up, not when the window starts."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The module `__getattr__` for `package`: each name of `homes` comes from the module
    named beside it, imported on first use and kept in the package. A name whose home is
    `package.name` is that submodule itself."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(home)
        value = module if home == f"{package}.{name}" else getattr(module, name)
        namespace[name] = value
        return value

    return __getattr__
