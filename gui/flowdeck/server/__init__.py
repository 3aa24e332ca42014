"""flowdeck-gateway: the capital-flow service (aiohttp, no Qt)."""
