"""The resource helper finds files from a checkout, an installed wheel and a PyInstaller
bundle, and the committed icons keep the rules the UI relies on."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from si_desktop import resources
from si_desktop.resources import ResourceNotFoundError, resource_path, resource_root

CHECKOUT = Path(__file__).resolve().parents[2]
ACTIONS = (
    "refresh",
    "search",
    "add",
    "edit",
    "archive",
    "pin",
    "save",
    "revert",
    "offline",
    "settings",
    "export",
    "undo",
)
SVG = "{http://www.w3.org/2000/svg}"


def test_finds_the_app_icon_in_the_checkout() -> None:
    path = resource_path("icons/app/si-desktop.svg")
    assert path == CHECKOUT / "resources" / "icons" / "app" / "si-desktop.svg"
    assert path.is_file()


def test_a_missing_resource_names_itself_and_the_folder() -> None:
    with pytest.raises(ResourceNotFoundError, match=r"icons/nope\.svg.*resources"):
        resource_path("icons/nope.svg")


def test_a_missing_resource_is_a_file_not_found_error() -> None:
    assert issubclass(ResourceNotFoundError, FileNotFoundError)


@pytest.mark.parametrize(
    "name", ["", ".", "../pyproject.toml", "icons/../../x", "/etc/passwd", "C:/x", "icons\\a.svg"]
)
def test_names_that_leave_the_folder_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="not a resource name"):
        resource_path(name)


def _fake_install(base: Path, *, with_resources: bool) -> Path:
    package = base / "site-packages" / "si_desktop"
    package.mkdir(parents=True)
    if with_resources:
        icon = package / "_resources" / "icons" / "app" / "si-desktop.svg"
        icon.parent.mkdir(parents=True)
        icon.write_text("<svg/>")
    return package


def test_an_installed_wheel_reads_its_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_install(tmp_path, with_resources=True)
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert resource_root() == package / "_resources"
    assert resource_path("icons/app/si-desktop.svg").read_text() == "<svg/>"


def test_an_installed_wheel_never_reads_a_stray_resources_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_install(tmp_path, with_resources=False)
    stray = package.parent / "resources" / "icons" / "app"
    stray.mkdir(parents=True)
    (stray / "si-desktop.svg").write_text("<svg/>")
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    with pytest.raises(ResourceNotFoundError, match="resources folder is missing"):
        resource_path("icons/app/si-desktop.svg")


def test_a_pyinstaller_bundle_reads_from_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "_internal"
    icon = bundle / "si_desktop" / "_resources" / "icons" / "app" / "si-desktop.svg"
    icon.parent.mkdir(parents=True)
    icon.write_text("<svg id='bundled'/>")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resource_path("icons/app/si-desktop.svg") == icon


def test_meipass_alone_does_not_count_as_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_root() == CHECKOUT / "resources"


def test_the_app_icon_is_a_square_svg_without_text() -> None:
    root = ET.parse(resource_path("icons/app/si-desktop.svg")).getroot()
    assert root.tag == f"{SVG}svg"
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height
    assert root.find(f".//{SVG}text") is None


@pytest.mark.parametrize("name", ACTIONS)
def test_action_icons_are_single_colour_outlines(name: str) -> None:
    path = resource_path(f"icons/actions/{name}.svg")
    root = ET.parse(path).getroot()
    assert root.attrib["viewBox"] == "0 0 24 24"
    assert root.attrib["stroke"] == "currentColor"
    assert root.attrib["fill"] == "none"
    text = path.read_text()
    assert "#" not in text, "hard-coded colours would stop the UI re-tinting the icon"
    assert "<text" not in text


def test_no_action_icon_is_left_undocumented() -> None:
    shipped = {p.stem for p in (CHECKOUT / "resources" / "icons" / "actions").glob("*.svg")}
    assert shipped == set(ACTIONS)


def test_the_resources_say_whose_they_are() -> None:
    assert "MIT" in resource_path("LICENSE").read_text()
