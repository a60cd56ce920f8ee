"""The analyzer protocol and the registry analyzers join with `@register`.

It sits below both the analyzers and the pipeline: an analyzer module registers itself here
without importing the pipeline that runs it, and the pipeline reads the registry after importing
the built-ins and the plugins of the `glasnost.analyzers` entry-point group.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, TypeVar

from glasnost.analysis import LAYERS
from glasnost.context import Context, check_uses
from glasnost.errors import Errors, GlasnostError


class Analyzer(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    layer: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    uses: ClassVar[tuple[str, ...]]
    model: ClassVar[str | None]

    def __call__(self, context: Context) -> Any: ...


A = TypeVar("A", bound=type)
REGISTRY: dict[str, type] = {}
SCOPES = ("piece", "article")


def register(cls: A) -> A:
    """Class decorator: make an analyzer selectable by its name."""
    if cls.layer not in LAYERS:
        raise GlasnostError(Errors.E142.format(name=cls.name, layer=cls.layer, known=", ".join(LAYERS)))
    if scope_of(cls) not in SCOPES:
        raise GlasnostError(Errors.E146.format(name=cls.name, scope=scope_of(cls)))
    check_uses(cls.name, uses_of(cls), scope_of(cls))
    REGISTRY[cls.name] = cls
    return cls


def uses_of(analyzer: Any) -> tuple[str, ...]:
    """What an analyzer declared it reads from the context; nothing for one that declares nothing."""
    return tuple(getattr(analyzer, "uses", ()))


def scope_of(analyzer: Any) -> str:
    """"piece" (the default: it runs on each piece of a long text) or "article" (once, on what
    its pieces gathered)."""
    return str(getattr(analyzer, "scope", "piece"))
