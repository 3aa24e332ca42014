"""Where batches come from: simulator, gateway, Futu OpenD, replay (asyncio, no Qt)."""
