"""The packaging files agree with each other and with the app: one reverse-DNS id, one icon
name, one executable (`si-desktop`), one version. The external validators run when they are
installed (CI installs them; packaging/validate_linux.sh runs the same)."""

from __future__ import annotations

import configparser
import importlib.util
import plistlib
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import si_desktop

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.sidesktop.SiDesktop"
EXECUTABLE = "si-desktop"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"


def _load(name: str) -> ModuleType:
    # packaging/ is not a package (it must never shadow the `packaging` library), so load
    # its scripts by path.
    spec = importlib.util.spec_from_file_location(f"_si_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_icons() -> ModuleType:
    return _load("build_icons")


@pytest.fixture(scope="module")
def entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.fixture(scope="module")
def component() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_desktop_entry_starts_the_app(entry: configparser.SectionProxy) -> None:
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == EXECUTABLE
    assert entry["TryExec"] == EXECUTABLE
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")


def test_desktop_entry_speaks_slovenian(entry: configparser.SectionProxy) -> None:
    for key in ("GenericName", "Comment", "Keywords"):
        assert entry.get(f"{key}[sl]"), f"{key}[sl] is missing"


def test_metainfo_names_the_same_app(component: ET.Element) -> None:
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    launchable = component.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    icon = component.find("icon")
    assert icon is not None and icon.get("type") == "stock" and icon.text == APP_ID
    assert component.findtext("provides/binary") == EXECUTABLE
    assert component.findtext("project_license") == "MIT"


def test_metainfo_newest_release_is_the_app_version(component: ET.Element) -> None:
    releases = component.findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == si_desktop.__version__


def test_the_executable_is_the_console_script() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[EXECUTABLE] == "si_desktop.cli:main"


def test_every_platform_file_uses_the_one_id(build_icons: ModuleType) -> None:
    assert build_icons.APP_ID == APP_ID
    spec = (PACKAGING / "si-desktop.spec").read_text()
    assert f'APP_ID = "{APP_ID}"' in spec
    assert f'NAME = "{EXECUTABLE}"' in spec
    assert APP_ID in (PACKAGING / "windows" / "si-desktop.iss").read_text()
    for script in ("validate_linux.sh", "linux/make_tarball.sh"):
        assert f'app_id="{APP_ID}"' in (PACKAGING / script).read_text()


def test_macos_info_plist(build_icons: ModuleType) -> None:
    with (PACKAGING / "macos" / "Info.plist").open("rb") as file:
        info = plistlib.load(file)
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["CFBundleExecutable"] == EXECUTABLE
    assert info["CFBundlePackageType"] == "APPL"
    assert {"en", "sl"} <= set(info["CFBundleLocalizations"])
    # Apple allows only letters, digits, '-' and '.' in a bundle id.
    assert all(ch.isalnum() or ch in "-." for ch in APP_ID)


def test_windows_installer_is_per_user_with_a_start_menu_entry() -> None:
    iss = (PACKAGING / "windows" / "si-desktop.iss").read_text()
    assert "PrivilegesRequired=lowest" in iss
    assert "{autoprograms}" in iss
    assert '#define AppExeName "si-desktop.exe"' in iss


def _png(size: int) -> bytes:
    ihdr = struct.pack(">II", size, size) + bytes([8, 6, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0" * 4


def test_ico_directory_points_at_each_png(build_icons: ModuleType) -> None:
    pngs = {16: _png(16), 32: _png(32), 256: _png(256)}
    ico = build_icons.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, 3)
    for index, size in enumerate(sorted(pngs)):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", ico, 6 + 16 * index
        )
        assert width == height == (0 if size == 256 else size)
        assert (planes, bits) == (1, 32)
        assert ico[offset : offset + length] == pngs[size]


def test_ico_refuses_a_png_of_the_wrong_size(build_icons: ModuleType) -> None:
    with pytest.raises(ValueError, match="wrong dimensions"):
        build_icons.ico_bytes({16: _png(32)})


def test_icns_is_a_sequence_of_typed_elements(build_icons: ModuleType) -> None:
    elements = [("icp4", _png(16)), ("ic10", _png(1024))]
    icns = build_icons.icns_bytes(elements)
    assert icns[:4] == b"icns"
    assert struct.unpack_from(">I", icns, 4)[0] == len(icns)
    offset = 8
    for kind, png in elements:
        assert icns[offset : offset + 4] == kind.encode()
        length = struct.unpack_from(">I", icns, offset + 4)[0]
        assert icns[offset + 8 : offset + length] == png
        offset += length
    assert offset == len(icns)


def test_icon_sizes_cover_the_hicolor_and_icns_needs(build_icons: ModuleType) -> None:
    assert {16, 32, 48, 128, 256, 512} <= set(build_icons.HICOLOR_SIZES)
    assert max(build_icons.ICO_SIZES) == 256
    assert {size for _, size in build_icons.ICNS_ELEMENTS} >= {16, 32, 128, 256, 512, 1024}


def _run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_desktop_file_validate_accepts_the_entry() -> None:
    result = _run_validator("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning:" not in result.stdout + result.stderr


def test_appstreamcli_accepts_the_metainfo() -> None:
    result = _run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
