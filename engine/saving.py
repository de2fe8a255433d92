"""Writing a file so that a failure loses nothing: the old file or the new one, never half.

``atomic_write_text`` writes beside the file (through a symbolic link: beside its target, so
the link stays a link and the target gets the new text, with the target's permissions), flushes
to disk and renames over it. Anything that is not a regular file (a device such as /dev/full,
a folder) is refused, not replaced. Every failure (a full disk, no permission) removes the
temporary file and raises ``SaveError``, an OSError whose message names the user's file,
says why, and says that the old file is unchanged.

A save killed half way leaves its temporary file (``.NAME.XXXXXXXX.tmp``, or with NAME's own
extension for the window's picture exports): ``remove_leftovers`` removes those of a folder at
the next start, when they are old enough not to be another window's save under way.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
import time

# tempfile's names: a prefix, 8 characters of [a-z0-9_], a suffix (ours: .tmp or NAME's extension)
LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}(?P<ext>\.[A-Za-z0-9]+)")
LEFTOVER_AGE = 600.0  # seconds: a younger temporary file may be a save still under way
MAX_SCANNED = 10_000  # entries of one folder looked at (a huge folder is not walked whole)


class SaveError(OSError):
    """A file that could not be written; the old file, if any, is unchanged."""


def _refuse(source: str, why: str, existed: bool, errno=None) -> SaveError:
    kept = "the old file is unchanged" if existed else "nothing was written"
    error = SaveError(f"{source}: cannot save ({why}); {kept}")
    error.errno = errno
    return error


def atomic_write_text(path, text: str) -> None:
    """Replace the file at ``path`` (or a link's target) with ``text`` (UTF-8), atomically."""
    source = os.fspath(path)
    target = os.path.realpath(source)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise _refuse(source, e.strerror or str(e), False, e.errno) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "it is a folder" if stat.S_ISDIR(info.st_mode) else "it is not a regular file"
        raise _refuse(source, kind, True)
    mode = 0o644 if info is None else info.st_mode & 0o777
    folder, name = os.path.split(target)
    tmp = None
    try:
        tmp = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", delete=False,
                                          dir=folder, prefix=f".{name}.", suffix=".tmp")
        with tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, mode)  # NamedTemporaryFile creates files readable by the owner only
        os.replace(tmp.name, target)
    except BaseException as e:
        if tmp is not None:
            try:
                os.unlink(tmp.name)
            except OSError:
                pass
        if isinstance(e, OSError):
            raise _refuse(source, e.strerror or str(e), info is not None, e.errno) from None
        raise


def is_leftover(name: str) -> bool:
    """Whether ``name`` is one of our temporary save names."""
    m = LEFTOVER.fullmatch(name)
    return m is not None and (m["ext"] == ".tmp" or m["name"].endswith(m["ext"]))


def remove_leftovers(folder, age: float = LEFTOVER_AGE, now: float | None = None) -> list:
    """Remove the temporary files of interrupted saves in ``folder`` (regular files, not links,
    older than ``age`` seconds); returns the names removed. Errors are ignored: this is tidying."""
    now = time.time() if now is None else now
    removed = []
    try:
        with os.scandir(folder) as entries:
            for _, entry in zip(range(MAX_SCANNED), entries):
                if not is_leftover(entry.name) or not entry.is_file(follow_symlinks=False):
                    continue
                if now - entry.stat(follow_symlinks=False).st_mtime >= age:
                    os.unlink(entry.path)
                    removed.append(entry.name)
    except OSError:
        pass
    return removed
