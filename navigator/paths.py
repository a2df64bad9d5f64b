"""Where Navigator keeps its files: one data folder, private to the signed-in OS account."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from navigator.errors import UsageError

APP_NAME = "Navigator"
DATA_DIR_ENV = "NAVIGATOR_DATA_DIR"

# The desktop window holds this lock file in the data folder while it is open (a QLockFile:
# the process id inside, and an flock on Unix), so a second window, or a restore run from the
# command line, can tell the vault is in use.
WINDOW_LOCK = "window.lock"


def default_data_dir() -> Path:
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def usable_data_dir(path: Path) -> Path:
    """`path` as a data folder: it, or the nearest part of it that exists, must be a folder
    (a folder that is missing is made when first needed)."""
    for part in (path, *path.parents):
        if part.is_dir():
            return path
        if part.exists():
            raise UsageError(
                f"{part} is a file, not a folder. Point --data-dir (or {DATA_DIR_ENV}) at a "
                "folder; a missing one is made."
            )
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def write_private_file(path: Path, data: bytes) -> None:
    """Replace `path` atomically with `data`, mode 0600: a crash leaves the old file or the new.

    The temporary file sits beside the target (same file system, so the rename is atomic) and is
    created 0600 from the start, so the content is never readable by others even for a moment.
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def window_open(data_dir: Path) -> bool:
    """Whether a Navigator window has this data folder open now (a lock left by a crashed window
    does not count)."""
    path = data_dir / WINDOW_LOCK
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows keeps the file open unshared
            try:
                os.replace(path, path)
            except OSError:
                return True
            return False
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def remove_orphaned_temporaries(folder: Path) -> list[Path]:
    """Delete what `write_private_file` left in `folder` when its process was killed.

    A kill between writing `.NAME.tmp-PID` and renaming it leaves that file behind for good (the
    real file is whole either way). Only files of processes no longer running are removed.
    """
    removed = []
    for tmp in folder.glob(".*.tmp-*"):
        pid = tmp.name.rpartition(".tmp-")[2]
        if pid.isdigit() and not _process_running(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                continue
            removed.append(tmp)
    return removed


def _process_running(pid: int) -> bool:
    if os.name != "posix" or pid == os.getpid():
        return True  # on Windows os.kill(pid, 0) would end the process: leave the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another account's process
    return True


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (Windows); the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _app_root() -> Path:
    # A PyInstaller build unpacks its data files under sys._MEIPASS; a checkout keeps
    # resources_db/ and forms/ beside the package.
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


RESOURCES_DIR = _app_root() / "resources_db"  # data the app ships (demo directory, tables)
FORMS_DIR = _app_root() / "forms"  # what a clinic may edit: questionnaires, handout wording
