"""The shared kernel: settings, database, errors, pagination, identity, logging and HTTP clients.

It imports nothing from any service or from the gateway; every service builds on it.
"""
