"""The lecturer's own files read once, one way: UTF-8 text and TOML, every mistake named by file and line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

__all__ = ["FileError", "load_toml", "read_text", "shown", "table_lines"]


class FileError(ValueError):
    """A file that cannot be read, is not UTF-8, or is not TOML; the message names the file and line."""


def shown(path: Path) -> str:
    """A path as the user knows it: relative to the working folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: Path, error: type[Exception] = FileError) -> str:
    """A UTF-8 file's text; anything else is an ``error`` naming the file, the line and the byte."""
    try:
        data = Path(path).read_bytes()
    except OSError as problem:
        raise error(f"{shown(path)}: cannot be read: {problem.strerror or problem}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        column = problem.start - (data.rfind(b"\n", 0, problem.start) + 1) + 1
        raise error(f"{shown(path)}:{line}: not UTF-8 text (byte 0x{data[problem.start]:02x} at column "
                    f"{column}): save the file as UTF-8") from None


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def load_toml(path: Path, error: type[Exception] = FileError) -> dict:
    """A TOML file's data; a file that is not UTF-8 or not TOML is an ``error`` naming the file and line."""
    text = read_text(path, error)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        message = str(problem)
        where = _TOML_WHERE.search(message)
        line = f":{where.group(1)}" if where else ""
        raise error(f"{shown(path)}{line}: {_TOML_WHERE.sub('', message)}") from None


def table_lines(text: str, name: str) -> list[int]:
    """The line of each ``[[name]]`` header, in order: the n-th is the n-th table of the array, for messages."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == f"[[{name}]]"]
