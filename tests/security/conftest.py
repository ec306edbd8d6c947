"""The security tests share the window tests' context fixture."""

from tests.ui.conftest import context

__all__ = ["context"]
