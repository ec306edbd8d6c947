"""Where the app keeps its files: one data folder, and nothing is ever written elsewhere.

The folder comes from `--data-dir`, else `SI_DESKTOP_DATA_DIR`, else the OS's per-user
application-data location. It is created readable by the user only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "si-desktop"
ENV_VAR = "SI_DESKTOP_DATA_DIR"


def default_data_dir() -> Path:
    """The OS's per-user application-data folder for si-desktop."""
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(home / "AppData" / "Roaming")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder by precedence: the command line, the environment, the OS default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env_value = os.environ.get(ENV_VAR)
    if env_value:
        return Path(env_value).expanduser().resolve()
    return default_data_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; on POSIX the folder is 0700."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path
