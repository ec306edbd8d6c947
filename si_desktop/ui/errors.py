"""Turning a failure into one sentence a bookkeeper can act on."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from si_desktop.logs import redact
from si_desktop.sync.errors import Problem, ProblemKind, describe


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def problem_text(problem: Problem) -> str:
    """A translated sentence for `problem`, with the server's words where they help."""
    detail = redact(problem.message.strip())  # a server may echo what it was sent
    kind = problem.kind
    if kind is ProblemKind.NETWORK:
        return tr("Cannot reach Space Invoices. Check the connection; nothing was lost.")
    if kind is ProblemKind.AUTHENTICATION:
        return tr("The API key was not accepted. Reconnect the account with a valid key.")
    if kind is ProblemKind.PERMISSION:
        return tr("This key may not do that: {detail}").replace("{detail}", detail)
    if kind is ProblemKind.NOT_FOUND:
        return tr("Not found on the server; it may have been removed: {detail}").replace(
            "{detail}", detail
        )
    if kind is ProblemKind.CONFLICT:
        return tr("The server refused the change: {detail}").replace("{detail}", detail)
    if kind is ProblemKind.VALIDATION:
        return tr("Some values were not accepted: {detail}").replace("{detail}", detail)
    if kind is ProblemKind.RATE_LIMIT:
        return tr("Space Invoices asks us to slow down; try again in a moment.")
    if kind is ProblemKind.SERVER:
        return tr("Space Invoices had a problem answering; try again in a moment.")
    return tr("Something went wrong: {detail}").replace("{detail}", detail)


def error_text(error: BaseException) -> str:
    return problem_text(describe(error))
