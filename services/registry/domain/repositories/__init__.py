"""Repositories of the Registry: every query of one aggregate lives in its module here."""
