"""A fake Anthropic Messages API on 127.0.0.1 that the real SDK talks to over HTTP."""
