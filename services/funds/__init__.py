"""Funds: community-fund ledgers.

Owns funds, accounts, transfers (double-entry, immutable, idempotent), donations, grants, the
volunteer time bank, statements and public disclosure. It never edits a posted entry: corrections
are new entries. It learns about organizations only through the Registry client.
"""
