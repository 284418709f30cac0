"""The gateway's own routes: auth, users, API keys, and operations (health, metrics, docs)."""
