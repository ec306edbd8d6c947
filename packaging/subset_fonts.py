"""Makes the fonts of `resources/fonts/` from DejaVu 2.37 (the `fonts-dejavu-core` and
`fonts-dejavu-extra` packages of Debian and Ubuntu, or the upstream release).

The sandbox's PDFs embed them, so that č, š, ž, đ and € print on every OS, not only where
DejaVu happens to be installed. They are cut to the scripts a client's documents use
(Latin, Greek, Cyrillic, punctuation, currency and common symbols): a quarter of the size,
and the PDF library parses them in a third of the time. The licence allows modified copies
under a name without "Bitstream", "Vera", "Arev" or "Tavmjong Bah"
(`resources/licences/DejaVu-fonts.txt`); the fonts keep their DejaVu names and copyright.

    python packaging/subset_fonts.py [/usr/share/fonts/truetype/dejavu]

Needs fontTools (a dependency of fpdf2, so installed with the app).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
FONTS = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-ExtraLight", "DejaVuSerif",
         "DejaVuSerif-Bold")
UNICODES = ",".join((
    "U+0020-007E",  # Basic Latin
    "U+00A0-024F",  # Latin-1, Latin Extended-A and -B
    "U+0250-036F",  # IPA, spacing modifiers, combining diacritics
    "U+0370-03FF",  # Greek
    "U+0400-052F",  # Cyrillic and its supplement
    "U+1E00-1EFF",  # Latin Extended Additional (Vietnamese, …)
    "U+2000-206F",  # General Punctuation (dashes, quotes, ellipsis, thin spaces)
    "U+2070-209F",  # super- and subscripts
    "U+20A0-20CF",  # currency symbols (€, ₺, ₴, …)
    "U+2100-218F",  # letterlike symbols, number forms (№, ℮, ½)
    "U+2190-21FF",  # arrows
    "U+2200-22FF",  # mathematical operators (−, ×, ≤)
    "U+25A0-25FF",  # geometric shapes
    "U+2600-27BF",  # symbols and dingbats (☎, ✓)
    "U+FB00-FB06",  # Latin ligatures
    "U+FFFD",
))


def main(source: Path) -> None:
    target = ROOT / "resources" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name in FONTS:
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["FFTM"]
        font = subset.load_font(str(source / f"{name}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(target / f"{name}.ttf"), options)
        print(target / f"{name}.ttf", (target / f"{name}.ttf").stat().st_size)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/dejavu"))
