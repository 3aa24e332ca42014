"""The one interface every source implements, and the batch it yields.

The batch types live in core/batch.py (the client decodes them too); they are
re-exported here because every source speaks them.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Sequence

from ..core.batch import Batch, MarketStatus, MinutePoints
from ..core.codes import normalise_code
from ..core.errors import invalid_param

__all__ = ["Batch", "Feed", "MarketStatus", "MinutePoints", "normalise_codes"]


class Feed(abc.ABC):
    """A source of batches. `name` is its URL; `simulated` marks synthetic data."""

    name: str = ""
    simulated: bool = False

    @abc.abstractmethod
    async def snapshot(self, codes: Sequence[str]) -> Batch:
        """The whole day so far for `codes` (records, details, every minute point)."""

    @abc.abstractmethod
    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        """Batches as the source changes, for `codes` only; runs until closed."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release the source; iterators from `updates` end."""

    async def __aenter__(self) -> Feed:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()


def normalise_codes(codes: Sequence[str]) -> list[str]:
    """The codes a feed was asked for, normalised, without repeats (1002 for a bad one);
    a single string is refused rather than read letter by letter."""
    if isinstance(codes, (str, bytes)):
        raise invalid_param("codes must be a list of codes, not a single string")
    return list(dict.fromkeys(normalise_code(c) for c in codes))
