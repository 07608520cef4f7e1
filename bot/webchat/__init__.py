"""The web chat: the page, its JSON API and the photo upload."""

PHOTOS_PATH = "/api/chat/photos"
"""The photo upload: its request body may be as large as a photo (`web.limits`), the others not."""
