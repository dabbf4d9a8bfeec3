#!/usr/bin/env python3
"""Writes the PNG files the tests and tutorials read, deterministically, with only zlib.

  tests/data/gradient_rgb.png   64 x 48 RGB, 8-bit: R = 4x, G = 5y, B = 2(x + y)
  tutorials/data/rgb.png        640 x 480 RGB, 8-bit: a synthetic "photo" with smooth
                                gradients, soft discs, fine stripes and a little noise,
                                so that blurs and sharpening are visible.

Run from anywhere: python3 tests/data/make_test_images.py
"""
import math
import os
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_png(path, width, height, pixel):
    """pixel(x, y) -> (r, g, b) bytes; writes an 8-bit RGB PNG."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    png += chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(png)


def gradient(x, y):
    return (4 * x, 5 * y, 2 * (x + y))


def clamp8(v):
    return max(0, min(255, int(round(v))))


def photo(x, y, w=640, h=480):
    # Sky-to-ground gradient.
    t = y / (h - 1)
    r, g, b = 70 + 120 * t, 110 + 60 * t, 200 - 130 * t
    # Soft discs of color.
    for cx, cy, rad, col in ((180, 170, 90, (230, 80, 60)), (430, 260, 120, (60, 180, 90)),
                             (300, 380, 60, (250, 220, 70))):
        d = math.hypot(x - cx, y - cy)
        a = max(0.0, min(1.0, (rad - d) / 6.0 + 0.5))
        r, g, b = (r * (1 - a) + col[0] * a, g * (1 - a) + col[1] * a, b * (1 - a) + col[2] * a)
    # Fine stripes in a band (a blur averages them away).
    if 40 <= y < 110 and 380 <= x < 600:
        s = 40 if (x // 2) % 2 == 0 else -40
        r, g, b = r + s, g + s, b + s
    # A checkerboard patch with sharp edges.
    if 30 <= x < 130 and 330 <= y < 430:
        c = 255 if ((x - 30) // 10 + (y - 330) // 10) % 2 == 0 else 20
        r, g, b = c, c, c
    # Deterministic noise (a small LCG hash of the coordinates).
    n = ((x * 73856093) ^ (y * 19349663)) & 0xFFFF
    noise = (n % 17) - 8
    return (clamp8(r + noise), clamp8(g + noise), clamp8(b + noise))


if __name__ == "__main__":
    write_png(os.path.join(ROOT, "tests", "data", "gradient_rgb.png"), 64, 48, gradient)
    write_png(os.path.join(ROOT, "tutorials", "data", "rgb.png"), 640, 480, photo)
