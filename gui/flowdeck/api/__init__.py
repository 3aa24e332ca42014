"""The spec's Quote API client (no Qt): `from flowdeck.api import *` gives
OpenQuoteContext (blocking, standard library only), AsyncQuoteContext (asyncio,
aiohttp), RET_OK and RET_ERROR."""

from ..core.errors import RET_ERROR, RET_OK
from .async_context import AsyncQuoteContext
from .sync_context import OpenQuoteContext

__all__ = ["RET_ERROR", "RET_OK", "AsyncQuoteContext", "OpenQuoteContext"]
