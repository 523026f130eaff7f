"""Files FacePay writes that name or concern a person (passes, exports): private and whole.

Each is written beside its place and moved in, so no reader ever sees half a file, and created
with mode 0600 from the first byte, whatever the umask: a pass opens its holder's template, an
export lists their history. A file already there with a wider mode is narrowed, not kept.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def write_private(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call write(fh) on a new 0600 file beside ``path``, then move it into place."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        os.fchmod(fd, PRIVATE_FILE)  # a leftover partial with another mode is narrowed too
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def write_private_bytes(path: Path, data: bytes) -> Path:
    return write_private(path, lambda fh: fh.write(data))


def loose(path: Path) -> str | None:
    """'mode 0755' when group or others may read or enter ``path``, else None (or if missing)."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return None
    return f"mode {mode:04o}" if mode & 0o077 else None


def tighten(path: Path) -> None:
    """Narrow a folder to 0700 and a file to 0600 if it is wider (it is ours to narrow)."""
    try:
        if loose(path):
            path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    except OSError:
        pass  # not ours (a shared mount): doctor reports it
