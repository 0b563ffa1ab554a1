#!/usr/bin/env python3
"""Draws Peerline's app icons (two peers side by side over a line) as PNGs with only the standard
library, so no image tool or download is needed. Run once after changing the drawing; the PNGs in
public/icons are committed.

    python3 build/make-icons.py
"""
import math
import os
import struct
import zlib

BACKGROUND = (31, 95, 82)  # #1f5f52, the theme colour
FOREGROUND = (255, 255, 255)
OUT = os.path.join(os.path.dirname(__file__), "..", "public", "icons")


def coverage(x, y, scale):
    """1.0 where the glyph is, in a unit square; `scale` shrinks the glyph towards the centre."""
    u = (x - 0.5) / scale + 0.5
    v = (y - 0.5) / scale + 0.5
    heads = ((0.36, 0.36), (0.64, 0.36))
    for cx, cy in heads:
        if math.hypot(u - cx, v - cy) <= 0.11:
            return 1.0
        # shoulders: the top half of an ellipse under each head
        dx, dy = (u - cx) / 0.18, (v - (cy + 0.33)) / 0.17
        if dy <= 0 and dx * dx + dy * dy <= 1:
            return 1.0
    # the line both stand on
    if 0.16 <= u <= 0.84 and 0.72 <= v <= 0.77:
        return 1.0
    return 0.0


def rounded_square(x, y, radius):
    """Inside a square with rounded corners (for the plain icon; the maskable one is full bleed)."""
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return math.hypot(x - cx, y - cy) <= radius


def draw(size, maskable):
    samples = 3
    scale = 0.62 if maskable else 0.8
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            glyph = 0.0
            inside = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) / size
                    y = (py + (sy + 0.5) / samples) / size
                    if maskable or rounded_square(x, y, 0.18):
                        inside += 1
                        glyph += coverage(x, y, scale)
            n = samples * samples
            alpha = inside / n
            mix = glyph / inside if inside else 0.0
            colour = [round(b + (f - b) * mix) for b, f in zip(BACKGROUND, FOREGROUND)]
            row += bytes(colour + [round(alpha * 255)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("maskable-512.png", 512, True)):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(draw(size, maskable))


if __name__ == "__main__":
    main()
