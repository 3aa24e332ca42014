"""A fake East Money server on loopback: one module per endpoint."""
