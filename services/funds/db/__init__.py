"""The funds service's tables."""
