"""The Jinja2 environment of the package's HTML pages (preview, transcript, slides, handout, review sheet):
one way to escape, and the static files written into them."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["STATIC", "TEMPLATES", "page_environment", "static_text"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


def _escape(value: Any) -> Markup:
    """HTML-escape a value for the page (quotes as &quot;), unless it is markup already."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


def static_text(name: str) -> Markup:
    """A CSS or script file of ``static/``, to write into a page as it is (it is ours, not the build's)."""
    return Markup((STATIC / name).read_text(encoding="utf-8"))


@cache
def page_environment() -> Environment:
    """The templates in ``lecture/publish/templates``, every value escaped, undefined names an error."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=_escape,
                              trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    environment.filters["urlquote"] = lambda name: quote(str(name))
    return environment
