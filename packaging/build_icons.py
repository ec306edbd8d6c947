"""Build the app icon's PNGs, Windows `.ico`, macOS `.icns` and a hicolor tree from the SVG.

Only the SVG master is committed; everything this writes is generated (and git-ignored), so
the icon has exactly one source. It renders with Qt's own SVG renderer offscreen and writes the
`.ico` and `.icns` containers itself: both formats accept PNG payloads, so no image tool beyond
PySide6 is needed on any build machine.

    python packaging/build_icons.py            # writes packaging/icons/
    python packaging/build_icons.py --out DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MASTER_SVG = ROOT / "resources" / "icons" / "app" / "si-desktop.svg"
DEFAULT_OUT = ROOT / "packaging" / "icons"

#: The reverse-DNS id used by the desktop file, the AppStream metainfo and the hicolor icons.
APP_ID = "io.github.sidesktop.SiDesktop"

PNG_SIZES = (16, 20, 22, 24, 32, 40, 48, 64, 96, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# (type, pixel size) pairs of the icns elements that hold PNG data, 1x and 2x variants.
ICNS_ELEMENTS = (
    ("icp4", 16),
    ("icp5", 32),
    ("ic11", 32),  # 16@2x
    ("ic12", 64),  # 32@2x
    ("ic07", 128),
    ("ic13", 256),  # 128@2x
    ("ic08", 256),
    ("ic14", 512),  # 256@2x
    ("ic09", 512),
    ("ic10", 1024),  # 512@2x
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_pngs(svg: Path, sizes: Iterable[int]) -> dict[int, bytes]:
    """Render the SVG to square PNGs, one per size, with Qt's SVG renderer offscreen."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    out: dict[int, bytes] = {}
    for size in sorted(set(sizes)):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 6.12 accepts the format only as str here, though its stubs say bytes.
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise SystemExit(f"could not encode a {size} px PNG")
        buffer.close()
        out[size] = bytes(data.data())
    del app
    return out


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if png[:8] != PNG_SIGNATURE or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def ico_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows `.ico` holding one PNG per size (Vista and later read PNG entries)."""
    count = len(pngs)
    header = struct.pack("<HHH", 0, 1, count)
    offset = len(header) + 16 * count
    directory = b""
    payload = b""
    for size in sorted(pngs):
        png = pngs[size]
        if png_size(png) != (size, size):
            raise ValueError(f"the {size} px PNG has the wrong dimensions")
        if size > 256:
            raise ValueError("an .ico entry is at most 256 px")
        dim = 0 if size == 256 else size  # 0 means 256 in the directory
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + directory + payload


def icns_bytes(elements: Sequence[tuple[str, bytes]]) -> bytes:
    """A macOS `.icns`: big-endian `icns` header, then (type, length, PNG) elements."""
    body = b""
    for kind, png in elements:
        if len(kind) != 4:
            raise ValueError(f"bad icns element type {kind!r}")
        body += kind.encode("ascii") + struct.pack(">I", 8 + len(png)) + png
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build(svg: Path, out: Path, app_id: str = APP_ID) -> list[Path]:
    """Write every generated icon file under `out` and return their paths."""
    sizes = {*PNG_SIZES, *ICO_SIZES, *HICOLOR_SIZES, *(size for _, size in ICNS_ELEMENTS)}
    pngs = render_pngs(svg, sizes)
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for size in PNG_SIZES:
        write(out / "png" / f"si-desktop-{size}.png", pngs[size])
    write(out / "si-desktop.ico", ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    write(out / "si-desktop.icns", icns_bytes([(kind, pngs[size]) for kind, size in ICNS_ELEMENTS]))
    hicolor = out / "hicolor"
    for size in HICOLOR_SIZES:
        write(hicolor / f"{size}x{size}" / "apps" / f"{app_id}.png", pngs[size])
    scalable = hicolor / "scalable" / "apps" / f"{app_id}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--svg", type=Path, default=MASTER_SVG, help="the SVG master")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    written = build(args.svg, args.out)
    print(f"wrote {len(written)} icon files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
