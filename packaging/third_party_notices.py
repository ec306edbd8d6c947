"""Write THIRD-PARTY-NOTICES.txt for what is installed in this environment: every
distribution si-desktop needs at run time (recursively), its licence and its licence texts,
and Python's and Qt's (see si_desktop/notices.py). The PyInstaller spec runs it into the
bundle's resources, where About reads it; run it by hand to look:

    python packaging/third_party_notices.py OUT.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's si_desktop

from si_desktop.notices import write_notices


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = write_notices(Path(argv[0]))
    with_text = sum(1 for notice in found if notice.texts)
    print(f"{argv[0]}: {len(found)} components, {with_text} with their licence texts")
    missing = [notice.name for notice in found if not notice.texts]
    if missing:
        print(f"no licence text found for: {', '.join(missing)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
