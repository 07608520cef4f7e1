"""The conversation engine (channel-agnostic) and its channel adapters."""
