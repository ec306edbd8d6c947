"""The third-party notices: every distribution si-desktop runs on, with its licence and the
licence texts it ships, found from the installed packages' metadata rather than kept by hand.

The list starts at si-desktop's own runtime requirements and follows theirs, recursively
(without optional extras; a requirement for another OS or Python is simply not installed,
so not listed). Python itself comes first, with the licence text of the running
interpreter, which also names what CPython bundles. Qt is in PySide6-Essentials; its wheels
carry no licence file, so the LGPL-3.0 (and the GPL-3.0 it builds on) ship with the app in
`resources/licences/`. The DejaVu fonts the sandbox's PDFs embed (`resources/fonts/`) are
listed after Qt, with their licence from the same folder.

A PyInstaller bundle keeps no metadata for most packages, so its build writes the text to
`THIRD-PARTY-NOTICES.txt` among its resources (`packaging/third_party_notices.py`, run by the
spec), and About reads that file when it is there; installed from a wheel or a checkout,
About makes the same text from the metadata at hand. Qt-free and stdlib-only.
"""

from __future__ import annotations

import platform
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from si_desktop import __version__
from si_desktop.resources import ResourceNotFoundError, resource_path

NOTICES_FILE = "THIRD-PARTY-NOTICES.txt"
ROOT_DISTRIBUTION = "si-desktop"
# Licence texts the app ships for distributions that carry none of their own (by SPDX id).
SHIPPED_TEXTS = {"LGPL-3.0": ("licences/LGPL-3.0.txt", "licences/GPL-3.0.txt")}
# Files the app ships that come from no distribution: (name, version, licence, licence text).
SHIPPED_FILES = (("DejaVu fonts", "2.37", "Bitstream-Vera AND Arev (DejaVu changes: public "
                  "domain)", "licences/DejaVu-fonts.txt"),)
_TEXT_NAMES = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Notice:
    """One shipped distribution: its licence (an SPDX expression when it gives one) and its
    licence texts as (file name, text)."""

    name: str
    version: str
    licence: str
    texts: tuple[tuple[str, str], ...] = ()


def canonical(name: str) -> str:
    """PEP 503's normal form: `PySide6_Essentials` and `pyside6-essentials` are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist: metadata.Distribution, extras: frozenset[str]) -> Iterable[
    tuple[str, frozenset[str]]
]:
    """(name, extras) of what `dist` requires, with the `extra == …` ones only for `extras`."""
    for line in dist.requires or []:
        requirement, _, marker = line.partition(";")
        wanted = _EXTRA.search(marker)
        if wanted is not None and wanted.group(1) not in extras:
            continue
        match = _NAME.match(requirement)
        if match is None:
            continue
        asked = frozenset(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
        yield match.group(1), asked


def shipped_distributions(root: str = ROOT_DISTRIBUTION) -> list[metadata.Distribution]:
    """The installed distributions `root` needs at run time, recursively, `root` excluded,
    sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while todo:
        name, extras = todo.pop()
        key = (canonical(name), extras)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # for another OS or Python: not installed, not shipped
        if key[0] != canonical(root):
            found[key[0]] = dist
        todo.extend(_requirements(dist, extras))
    return sorted(found.values(), key=lambda d: canonical(d.metadata["Name"]))


def _field(dist: metadata.Distribution, name: str) -> str:
    """A metadata field's first value, "" when absent."""
    values = dist.metadata.get_all(name) or []
    return str(values[0]).strip() if values else ""


def licence_of(dist: metadata.Distribution) -> str:
    """The distribution's licence: its `License-Expression`, else a one-line `License`, else
    the licence classifiers, else "see its licence text"."""
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    field = _field(dist, "License")
    if field and "\n" not in field and len(field) <= 80:
        return field
    classifiers = [c.split(" :: ")[-1] for c in (meta.get_all("Classifier") or [])
                   if c.startswith("License :: ")]
    return " / ".join(classifiers) or "see its licence text"


def licence_texts(dist: metadata.Distribution, licence: str) -> tuple[tuple[str, str], ...]:
    """The licence files the distribution installed (everything in PEP 639's `licenses/`
    folder, whatever its name: PDFium's binary wheel names each library it bundles there,
    or a LICENSE/COPYING/NOTICE file in its metadata), else a long `License` field, else
    the texts the app ships for its licence."""
    texts: list[tuple[str, str]] = []
    for file in dist.files or []:
        if ".dist-info" not in file.parts[0]:
            continue
        in_licenses = len(file.parts) > 2 and file.parts[1] == "licenses"  # PEP 639
        if not (in_licenses or _TEXT_NAMES.match(file.name)):
            continue
        try:
            text = Path(str(dist.locate_file(file))).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        texts.append((file.name, text.strip()))
    if texts:
        return tuple(texts)
    field = _field(dist, "License")
    if "\n" in field:
        return (("License", field),)
    return _shipped_texts(licence)


def _shipped_texts(licence: str) -> tuple[tuple[str, str], ...]:
    texts: list[tuple[str, str]] = []
    for spdx, names in SHIPPED_TEXTS.items():
        if spdx not in licence:
            continue
        for name in names:
            try:
                texts.append((name.rsplit("/", 1)[-1],
                              resource_path(name).read_text(encoding="utf-8").strip()))
            except (ResourceNotFoundError, OSError):
                continue
    return tuple(texts)


def python_notice() -> Notice:
    """The interpreter: the PSF licence, with its LICENSE.txt when the installation has it
    (it also lists what CPython bundles: OpenSSL, SQLite, zlib, expat …)."""
    base = Path(sys.base_prefix)
    minor = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    texts: tuple[tuple[str, str], ...] = ()
    for candidate in (base / "lib" / minor / "LICENSE.txt", base / "LICENSE.txt",
                      base / "Lib" / "LICENSE.txt"):
        if candidate.is_file():
            texts = (("LICENSE.txt", candidate.read_text(encoding="utf-8",
                                                          errors="replace").strip()),)
            break
    return Notice("Python", platform.python_version(), "PSF-2.0", texts)


def shipped_file_notices() -> list[Notice]:
    """The notices of `SHIPPED_FILES` whose licence text the app carries."""
    found = []
    for name, version, licence, text_name in SHIPPED_FILES:
        try:
            text = resource_path(text_name).read_text(encoding="utf-8").strip()
        except (ResourceNotFoundError, OSError):
            continue
        found.append(Notice(name, version, licence, ((text_name.rsplit("/", 1)[-1], text),)))
    return found


def display_name(name: str) -> str:
    """The name as its project spells it, with hyphens (`PySide6_Essentials` is how the
    wheel's metadata stores `PySide6-Essentials`)."""
    return name.replace("_", "-")


def notices(root: str = ROOT_DISTRIBUTION) -> list[Notice]:
    """Python, Qt (inside PySide6-Essentials, of the same version), the fonts, then every
    shipped distribution by name."""
    found = [python_notice()]
    rest: list[Notice] = []
    for dist in shipped_distributions(root):
        licence = licence_of(dist)
        name = display_name(dist.metadata["Name"])
        rest.append(Notice(name, dist.version, licence, licence_texts(dist, licence)))
        if canonical(name) == "pyside6-essentials":
            found.append(Notice("Qt", dist.version, "LGPL-3.0-only",
                                _shipped_texts("LGPL-3.0-only")))
    return found + shipped_file_notices() + rest


def notices_text(found: list[Notice]) -> str:
    """The notices file: si-desktop and the list (name, version, licence), then every
    licence text, each different text once."""
    lines = [f"si-desktop {__version__} — MIT"]
    lines += [f"{n.name} {n.version} — {n.licence}" for n in found]
    lines += ["", "si-desktop is distributed under the MIT licence (its LICENSE file). It "
              "includes or", "depends on the software above, under the licences given; "
              "their texts follow."]
    printed: dict[str, str] = {}
    for notice in found:
        for file_name, text in notice.texts:
            title = f"{notice.name} {notice.version}: {file_name}"
            lines += ["", "=" * 78, title, "=" * 78, ""]
            if text in printed:
                lines.append(f"(the same text as {printed[text]}, above)")
            else:
                printed[text] = title
                lines.append(text)
    return "\n".join(lines) + "\n"


def write_notices(path: Path, root: str = ROOT_DISTRIBUTION) -> list[Notice]:
    """Write the notices file for what is installed now (the build's environment)."""
    found = notices(root)
    path.write_text(notices_text(found), encoding="utf-8")
    return found


def read_notices() -> str:
    """The shipped notices file when the app has one (a bundle), else made now."""
    try:
        return resource_path(NOTICES_FILE).read_text(encoding="utf-8")
    except (ResourceNotFoundError, OSError):
        return notices_text(notices())
