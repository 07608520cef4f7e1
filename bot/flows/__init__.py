"""Conversation flows: one module per state family, each a set of small async handlers."""
