"""Registry: the roster of the five societies.

Owns regions, communities and villages, social organizations, social workers, volunteers,
east-west collaborations and pairings. It never reads another service's tables and never moves
money or makes matches; other services ask it questions through ``services.registry.client``.
"""
