"""The Jinja2 environment of the package's HTML pages (preview, transcript, slides, handout): one way to escape."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["TEMPLATES", "page_environment"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _escape(value: Any) -> Markup:
    """HTML-escape a value for the page (quotes as &quot;), unless it is markup already."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


@cache
def page_environment() -> Environment:
    """The templates in ``lecture/publish/templates``, every value escaped, undefined names an error."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=_escape,
                              trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    environment.filters["urlquote"] = lambda name: quote(str(name))
    return environment
