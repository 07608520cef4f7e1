"""Staff accounts and access (docs/security.md)."""
