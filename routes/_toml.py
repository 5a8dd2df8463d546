"""The routes' data files parsed once per process and content: validating and then loading a file (and the
catalog, which several loaders validate) no longer parse the same text again (about half the cold cost of
:func:`routes.linking_rules.default_rules`). The parsed tables are shared: callers only read them."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from sources import _tomlfile
from sources._errors import Problem


@lru_cache(maxsize=16)
def loads(raw: str) -> dict[str, Any]:
    """``tomllib.loads(raw)``, once per distinct text (a parse error is raised each time, never cached)."""
    return tomllib.loads(raw)


def read_toml(path: Path, what: str) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """:func:`sources._tomlfile.read_toml` with the parse shared through :func:`loads`."""
    return _tomlfile.read_toml(path, what, parse=loads)
