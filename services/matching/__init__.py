"""Matching: needs posted by villages against resources offered by organizations.

Owns needs, offers, allocation rounds, matches, service records and feedback. It learns about
organizations and pairings only through the Registry client and credits volunteer time only
through the Funds client; it never writes another service's data directly.
"""
