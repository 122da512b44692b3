"""Source adapters, one module per kind; a module is registered by defining ``ADAPTER``.

Adding a portal means adding one module here (and its fixture pages beside the tests):
nothing else lists the kinds.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..discovery import Adapter


@cache
def adapters() -> dict[str, Adapter]:
    found: dict[str, Adapter] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        adapter = getattr(module, "ADAPTER", None)
        if isinstance(adapter, Adapter):
            if adapter.kind in found:
                raise RuntimeError(f"source kind {adapter.kind!r} defined twice")
            found[adapter.kind] = adapter
    return found
