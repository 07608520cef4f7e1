"""A citizen's photo decoded with Pillow and encoded again, keeping the picture and nothing else.

Only JPEG, PNG and WEBP are opened: Pillow's other decoders never see citizens' bytes. The size in
the header is checked before a pixel is decoded (a PNG of a few kilobytes may claim 30,000 x 30,000
pixels and need gigabytes once decoded: a decompression bomb). The whole image is then decoded, so
a disguised or truncated file fails here instead of being kept; it is turned upright from its EXIF
orientation, scaled down to `max_side`, and encoded again without what the original carried (EXIF
with GPS position and camera serial, XMP, ICC profile, comments). PNG stays PNG (screenshots);
everything else becomes JPEG.

CPU-bound and blocking: callers run it in a worker thread (`AttachmentStore.check_photo`); it
touches no global state (no `warnings` filters, no `Image.MAX_IMAGE_PIXELS`), so threads can share it.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps

OPENED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85


class ImageRejectedError(Exception):
    """`reason` names the catalogue text the citizen reads (`attachment_reason.<reason>`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ImageLimits:
    max_pixels: int
    max_side: int
    max_bytes: int
    """Of the encoded result too: a re-encoded PNG can come out larger than it went in."""


@dataclass(frozen=True)
class Reencoded:
    content: bytes
    content_type: str
    width: int
    height: int


def reencode(content: bytes, limits: ImageLimits) -> Reencoded:
    """The photo as it will be stored; raises `ImageRejectedError` (type, dimensions, damaged,
    too_large)."""
    image = _open(content, limits)
    try:
        as_png = image.format == "PNG"
        _decode_upright(image, limits)
        encoded = _encode(image, as_png=as_png)
        width, height = image.size
    finally:
        image.close()
    if len(encoded) > limits.max_bytes:
        raise ImageRejectedError("too_large")
    content_type = "image/png" if as_png else "image/jpeg"
    return Reencoded(content=encoded, content_type=content_type, width=width, height=height)


def _open(content: bytes, limits: ImageLimits) -> Image.Image:
    """Reads the header only; refuses what is not one of our formats or is too large to decode."""
    try:
        image = Image.open(io.BytesIO(content), formats=OPENED_FORMATS)
    except Image.DecompressionBombError:  # past twice Pillow's own ceiling: not even opened
        raise ImageRejectedError("dimensions") from None
    except (OSError, ValueError, SyntaxError):
        raise ImageRejectedError("type") from None
    width, height = image.size
    if width < 1 or height < 1 or width * height > limits.max_pixels:
        image.close()
        raise ImageRejectedError("dimensions")
    return image


def _decode_upright(image: Image.Image, limits: ImageLimits) -> None:
    """Decoded in full (a JPEG much larger than `max_side` at a reduced scale), scaled down, then
    turned as the camera meant it; in place."""
    try:
        image.thumbnail((limits.max_side, limits.max_side))
        image.load()  # when it was small enough, thumbnail() decoded nothing
    except (OSError, ValueError, SyntaxError):
        raise ImageRejectedError("damaged") from None
    with contextlib.suppress(OSError, ValueError, SyntaxError, KeyError, TypeError):
        # An unreadable EXIF block: the picture itself is fine, kept as it was taken.
        ImageOps.exif_transpose(image, in_place=True)


def _encode(picture: Image.Image, *, as_png: bool) -> bytes:
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    if as_png:
        clean = picture.convert("RGBA" if has_alpha else "RGB")
    else:
        clean = _flattened(picture) if has_alpha else picture.convert("RGB")
    clean.info = {}  # the encoders copy ICC profile and comments from here
    buffer = io.BytesIO()
    if as_png:
        clean.save(buffer, format="PNG")
    else:
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _flattened(picture: Image.Image) -> Image.Image:
    """A transparent WEBP as JPEG: on white, as a browser shows it."""
    rgba = picture.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
