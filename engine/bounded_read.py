"""Reading a file within a size limit, and JSON within a depth limit (engine/limits.py).

``read_bytes`` opens without blocking (a FIFO with no writer would wait in ``open`` forever),
refuses anything but a regular file (FIFOs, devices such as /dev/zero, directories) and a
file larger than the limit, both from ``fstat`` before a byte is read, then reads at most
the limit and one byte more (a file that grows while it is read). ``load_json`` measures
the nesting of the text before ``json`` parses it, so a file nested a thousand deep is
refused with a message rather than ending in a RecursionError somewhere later. Every
refusal raises the caller's error class, with a message that starts with the file's name.
"""
from __future__ import annotations

import json
import os
import re
import stat

import numpy as np

from .limits import MAX_INTEGER_DIGITS, MAX_JSON_DEPTH

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _megabytes(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def read_bytes(path, limit: int, error=ValueError) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; ``error`` otherwise."""
    source = os.fspath(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise error(f"{source}: cannot read ({e.strerror or e})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise error(f"{source}: cannot read ({kind}; only regular files are read)")
        if info.st_size > limit:
            raise error(f"{source}: {_megabytes(info.st_size)}, larger than the "
                        f"{_megabytes(limit)} this program reads")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 2**24))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise error(f"{source}: cannot read ({e.strerror or e})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise error(f"{source}: larger than the {_megabytes(limit)} this program reads")
    return b"".join(chunks)


def read_text(path, limit: int, error=ValueError) -> str:
    """``read_bytes`` decoded as UTF-8 (a byte-order mark allowed)."""
    try:
        return read_bytes(path, limit, error).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{os.fspath(path)}: not a UTF-8 text file") from None


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of the JSON ``text`` nest (0: a bare value)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def whole_number(text: str) -> int:
    """``json``'s hook for integers: a long run of digits is refused before ``int`` sees it."""
    if len(text) > MAX_INTEGER_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits")
    return int(text)


def load_json(text: str, source: str, error=ValueError, kind: str = "file",
              max_depth: int = MAX_JSON_DEPTH, **hooks):
    """``json.loads(text, **hooks)`` once its nesting is known to be at most ``max_depth``;
    integers of more than ``MAX_INTEGER_DIGITS`` digits are refused."""
    if not text.strip():
        raise error(f"{source}: the file is empty")
    depth = json_depth(text)
    if depth > max_depth:
        raise error(f"{source}: JSON nested too deeply ({depth} levels; at most "
                    f"{max_depth} are read)")
    try:
        return json.loads(text, **{"parse_int": whole_number, **hooks})
    except json.JSONDecodeError as e:
        cut = e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated")
        raise error(f"{source}: not valid JSON ({e.msg}: line {e.lineno}, column "
                    f"{e.colno}){'; the file looks cut short' if cut else ''}") from None
    except RecursionError:  # only if the stack is already deep: the depth was checked
        raise error(f"{source}: JSON nested too deeply") from None
    except ValueError as e:  # from a hook
        raise error(f"{source}: not a valid {kind} ({e})") from None
