"""The gateway's tables: users, refresh tokens, API keys."""
