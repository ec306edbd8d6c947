"""Where the app keeps its files: one data folder, and nothing is ever written elsewhere.

The folder comes from `--data-dir`, else `SI_DESKTOP_DATA_DIR`, else the OS's per-user
application-data location. It is created readable by the user only.

On Windows that location is the local one (`%LOCALAPPDATA%`), not the roaming `%APPDATA%`:
the cache is a copy of the service (60 MB at 10,000 clients), and a roaming profile would
copy it to and from the server at every logon. Earlier versions used `%APPDATA%`; the
first start finds such a folder and moves it (`move_out_of_roaming`), noting what it did in
the log. Linux and macOS keep their locations (XDG data home, Application Support).
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

APP_DIR_NAME = "si-desktop"
ENV_VAR = "SI_DESKTOP_DATA_DIR"
_MOVING_SUFFIX = ".moving"

# What the data folder's move said, kept until logging is set up (si_desktop.logs logs it).
_notes: list[str] = []


def default_data_dir(
    *, platform: str | None = None, environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """The OS's per-user application-data folder for si-desktop."""
    platform = sys.platform if platform is None else platform
    env = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform == "win32":
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME
    base = env.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def roaming_data_dir(
    *, platform: str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Where earlier versions kept the data on Windows (None elsewhere, or unknown)."""
    platform = sys.platform if platform is None else platform
    env = os.environ if environ is None else environ
    if platform != "win32" or not env.get("APPDATA"):
        return None
    return Path(env["APPDATA"]) / APP_DIR_NAME


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder by precedence: the command line, the environment, the OS default
    (on Windows, after moving an older roaming folder there)."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env_value = os.environ.get(ENV_VAR)
    if env_value:
        return Path(env_value).expanduser().resolve()
    folder = default_data_dir()
    old = roaming_data_dir()
    if old is not None and old != folder:
        return move_out_of_roaming(old, folder)
    return folder


def move_out_of_roaming(old: Path, new: Path) -> Path:
    """Move the data folder from `old` to `new` once, and return the folder to use now.

    A rename when both are on one volume (atomic: the folder is wholly in one place or the
    other). Across volumes (a roaming folder redirected to a network share) a copy next to
    `new`, renamed into place when complete, and only then the old folder removed. When the
    move cannot be made (a file held open by a running copy of the app, a full disk) the old
    folder stays in use for this run, untouched, and the move is tried again next time.
    """
    if new.exists() or not old.is_dir():
        return new
    new.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(old, new)
    except OSError as error:
        if not _other_volume(error):
            _notes.append(f"The data folder stays at {old} for now: it could not be moved to "
                          f"{new} ({error}); the move is tried again at the next start.")
            return old
    else:
        _notes.append(f"Moved the data folder out of the roaming profile: {old} → {new}.")
        return new
    return _copy_across_volumes(old, new)


def _other_volume(error: OSError) -> bool:
    # EXDEV on POSIX; ERROR_NOT_SAME_DEVICE (17) on Windows
    return error.errno == errno.EXDEV or getattr(error, "winerror", None) == 17


def _copy_across_volumes(old: Path, new: Path) -> Path:
    partial = new.with_name(new.name + _MOVING_SUFFIX)
    try:
        shutil.rmtree(partial, ignore_errors=True)  # an earlier attempt's, never in use
        shutil.copytree(old, partial)
        os.replace(partial, new)
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        _notes.append(f"The data folder stays at {old} for now: copying it to {new} failed "
                      f"({error}); the copy is tried again at the next start.")
        return old
    try:
        shutil.rmtree(old)
    except OSError as error:  # the copy is whole; what is left of the old one is spare
        _notes.append(f"Copied the data folder out of the roaming profile: {old} → {new}; "
                      f"the old folder could not be removed entirely ({error}).")
    else:
        _notes.append(f"Copied the data folder out of the roaming profile: {old} → {new}, "
                      "and removed the old one.")
    return new


def take_notes() -> list[str]:
    """What moving the data folder had to say (once): logged when logging is set up."""
    notes = list(_notes)
    _notes.clear()
    return notes


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; on POSIX the folder is 0700."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path
