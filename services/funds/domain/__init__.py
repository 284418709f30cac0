"""The funds service's rules (no FastAPI here) and its queries."""
