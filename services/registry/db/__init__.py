"""The registry service's tables."""
