"""The gateway: the one public door.

Owns users, tokens and API keys. Authenticates people (JWT access tokens, rotating refresh tokens)
and partner systems (API keys with scopes and rate limits), authorizes every route from one
table, then forwards to the owning service with a signed identity. It never reads a service's
tables; it only speaks HTTP to them.
"""
