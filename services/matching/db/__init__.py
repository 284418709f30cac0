"""The matching service's tables."""
