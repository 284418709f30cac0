"""Wushe back-end services. Each sub-package owns its data; they meet only over HTTP."""
