"""Claim extraction engine (pure Python + numpy at most; no Django)."""
