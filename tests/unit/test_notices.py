"""The third-party notices (si_desktop/notices.py): every distribution the app needs at run
time, recursively, with a licence and its text; nothing the tests or linters need."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from si_desktop import notices
from si_desktop.notices import Notice, notices_text


class FakeDistribution:
    def __init__(self, requires: list[str]) -> None:
        self.requires = requires


def test_requirements_skip_extras_not_asked_for_and_keep_those_asked() -> None:
    dist: Any = FakeDistribution([
        "httpx>=0.27", "uvicorn[standard]>=0.29; python_version >= '3.9'",
        'pytest>=8; extra == "test"', 'rich; extra == "cli"',
    ])
    assert list(notices._requirements(dist, frozenset())) == [
        ("httpx", frozenset()), ("uvicorn", frozenset({"standard"}))]
    assert ("rich", frozenset()) in list(notices._requirements(dist, frozenset({"cli"})))


@pytest.fixture
def installed() -> list[Notice]:
    try:
        metadata.distribution("si-desktop")
    except metadata.PackageNotFoundError:
        pytest.skip("si-desktop is not installed (pip install -e .)")
    return notices.notices()


def test_every_runtime_distribution_is_listed_with_a_licence_and_its_text(
    installed: list[Notice],
) -> None:
    """Before: About listed 15 by hand, and a bundle carried 6 licence texts."""
    names = {notices.canonical(n.name) for n in installed}
    for needed in ("python", "qt", "pyside6-essentials", "shiboken6", "httpx", "httpcore",
                   "h11", "anyio", "idna", "certifi", "pydantic", "pydantic-core",
                   "annotated-types", "typing-extensions", "keyring", "stamina", "tenacity",
                   "starlette", "uvicorn", "click", "python-multipart"):
        assert needed in names
    for tool in ("pytest", "hypothesis", "ruff", "mypy", "pytest-qt", "pyinstaller"):
        assert tool not in names
    assert all(n.licence for n in installed)
    without_text = [n.name for n in installed if not n.texts]
    assert without_text == []
    qt = next(n for n in installed if n.name == "Qt")
    assert any("GNU LESSER GENERAL PUBLIC LICENSE" in text for _name, text in qt.texts)


def test_the_text_lists_everything_and_prints_each_licence_text_once() -> None:
    lgpl = ("LGPL-3.0.txt", "GNU LESSER GENERAL PUBLIC LICENSE ...")
    text = notices_text([Notice("Qt", "6.11.3", "LGPL-3.0-only", (lgpl,)),
                         Notice("shiboken6", "6.11.3", "LGPL-3.0-only", (lgpl,))])
    assert text.splitlines()[:3] == [
        f"si-desktop {notices.__version__} — MIT", "Qt 6.11.3 — LGPL-3.0-only",
        "shiboken6 6.11.3 — LGPL-3.0-only"]
    assert text.count("GNU LESSER GENERAL PUBLIC LICENSE") == 1
    assert "(the same text as Qt 6.11.3: LGPL-3.0.txt, above)" in text


def test_a_bundle_reads_the_file_its_build_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / notices.NOTICES_FILE
    shipped.write_text("si-desktop — MIT\nwritten at build\n", encoding="utf-8")
    monkeypatch.setattr(notices, "resource_path",
                        lambda name: shipped if name == notices.NOTICES_FILE else Path("/no"))
    assert notices.read_notices() == "si-desktop — MIT\nwritten at build\n"


def test_the_build_script_writes_the_file(tmp_path: Path, installed: list[Notice]) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "THIRD-PARTY-NOTICES.txt"
    done = subprocess.run([sys.executable, str(root / "packaging" / "third_party_notices.py"),
                           str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == notices_text(installed)


def test_the_fonts_the_pdfs_embed_are_listed_with_their_licence() -> None:
    (fonts,) = [n for n in notices.shipped_file_notices() if n.name == "DejaVu fonts"]
    ((file_name, text),) = fonts.texts
    assert file_name == "DejaVu-fonts.txt" and "Bitstream Vera" in text and "Arev" in text
    assert "DejaVu fonts 2.37" in notices_text([fonts])


def test_every_licence_in_a_wheels_licenses_folder_is_shipped() -> None:
    """PDFium's wheel names the licence of each library it bundles (pdfium.txt, freetype.txt
    …) in its PEP 639 `licenses/` folder: before, none of them matched LICENSE* and the
    distribution was listed without a text."""
    try:
        dist = metadata.distribution("pypdfium2")
    except metadata.PackageNotFoundError:
        pytest.skip("pypdfium2 is not installed")
    names = {name for name, _text in notices.licence_texts(dist, notices.licence_of(dist))}
    assert {"pdfium.txt", "freetype.txt", "Apache-2.0.txt", "BSD-3-Clause.txt"} <= names
