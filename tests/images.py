"""Real image files for tests, made with Pillow: photos with camera metadata, and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

ORIENTATION, GPS_INFO, MAKE, SERIAL = 0x0112, 0x8825, 0x010F, 0xA431
GPS_LATITUDE = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}


def jpeg(
    width: int = 640,
    height: int = 480,
    *,
    gps: bool = False,
    orientation: int | None = None,
    colour: tuple[int, int, int] = (180, 40, 40),
) -> bytes:
    """A JPEG as a phone writes it: with `gps`, EXIF holding where it was taken and the camera."""
    image = Image.new("RGB", (width, height), colour)
    image.paste((20, 20, 200), (0, 0, width // 4, height // 4))  # a corner that shows the rotation
    exif = Image.Exif()
    if gps:
        exif[MAKE] = "KameraPonsel"
        exif[SERIAL] = "SN-1234567"
        exif[GPS_INFO] = GPS_LATITUDE
    if orientation is not None:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"lokasi rumah warga")
    return buffer.getvalue()


def png(width: int = 320, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 160, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG of black 1-bit pixels: a few kilobytes that decode to width x height pixels
    (a decompression bomb when they are many)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def disguised() -> bytes:
    """Starts like a JPEG, is not one (what a 3-byte signature check let through)."""
    return b"\xff\xd8\xff\xe0" + b"MZ\x90\x00 this is a program, not a photo " * 40


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
