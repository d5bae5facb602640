"""Draws one fruit of each of the nine seed classes on a transparent square layer.

Each draw_<fruit>(image, rng) paints a fruit centred in a square transparent RGBA image
with PIL's ImageDraw. Every class has its own colours and shape, and every call jitters the
colours and proportions, so that a classifier has to learn colour and structure rather than
memorise one picture. Used by generate.py (which adds background, pose, lighting and noise).
"""

import math

from PIL import Image, ImageChops, ImageDraw, ImageFilter

CLASSES = ("apple", "banana", "grape", "kiwi", "mango", "orange", "pineapple",
           "raspberry", "strawberry")


def jitter(rng, rgb, amount=18):
    """The colour `rgb` moved by up to `amount` per channel, clamped to 0..255."""
    return tuple(int(min(255, max(0, c + rng.integers(-amount, amount + 1)))) for c in rgb)


def shade(rgb, factor):
    """The colour `rgb` scaled by `factor` (darker below 1, lighter above)."""
    return tuple(int(min(255, max(0, c * factor))) for c in rgb)


def mix(rgb, other, t):
    """The colour `t` of the way from `rgb` to `other`."""
    return tuple(int(a + (b - a) * t) for a, b in zip(rgb, other))


def box(cx, cy, rx, ry):
    return (cx - rx, cy - ry, cx + rx, cy + ry)


def draw_apple(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c, r = size / 2, size * rng.uniform(0.30, 0.36)
    red = jitter(rng, (158, 14, 36), 14)
    draw.ellipse(box(c, c + r * 0.05, r * 1.05, r), fill=red)
    # Two shoulders at the top, a darker dimple where the stem goes in, a soft highlight.
    draw.ellipse(box(c - r * 0.42, c - r * 0.35, r * 0.6, r * 0.55), fill=red)
    draw.ellipse(box(c + r * 0.42, c - r * 0.35, r * 0.6, r * 0.55), fill=red)
    draw.ellipse(box(c, c - r * 0.72, r * 0.18, r * 0.1), fill=shade(red, 0.55))
    draw.ellipse(box(c - r * 0.45, c - r * 0.1, r * 0.16, r * 0.26), fill=mix(red, (255, 255, 255), 0.35))
    stem = jitter(rng, (92, 60, 28), 10)
    draw.line([(c, c - r * 0.7), (c + r * 0.12, c - r * 1.2)], fill=stem, width=max(2, int(r * 0.09)))
    if rng.random() < 0.6:
        leaf = jitter(rng, (70, 140, 40))
        draw.ellipse(box(c + r * 0.38, c - r * 1.08, r * 0.3, r * 0.13), fill=leaf)


def draw_banana(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c = size / 2
    yellow = jitter(rng, (240, 214, 58), 14)
    r = size * rng.uniform(0.36, 0.42)
    thickness = r * rng.uniform(0.28, 0.36)
    # A crescent: a thick arc of an ellipse, with brown tips.
    bbox = box(c, c - r * 0.35, r, r * 0.95)
    start, end = 20 + rng.uniform(-8, 8), 160 + rng.uniform(-8, 8)
    draw.arc(bbox, start, end, fill=yellow, width=int(thickness))
    draw.arc(bbox, start + 8, end - 8, fill=shade(yellow, 0.85), width=max(1, int(thickness * 0.18)))
    tip = jitter(rng, (96, 70, 30), 10)
    for angle in (start, end):
        a = math.radians(angle)
        x, y = c + (r - thickness / 2) * math.cos(a), c - r * 0.35 + (r * 0.95 - thickness / 2) * math.sin(a)
        draw.ellipse(box(x, y, thickness * 0.3, thickness * 0.3), fill=tip)


def draw_grape(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c = size / 2
    berry = size * rng.uniform(0.055, 0.07)
    base = jitter(rng, (98, 38, 118), 14)
    rows = int(rng.integers(5, 7))
    stem = jitter(rng, (110, 92, 52), 10)
    draw.line([(c, c - rows * berry * 0.95), (c + berry * 0.6, c - rows * berry * 1.5)],
              fill=stem, width=max(2, int(berry * 0.35)))
    # An inverted triangle of berries, wide at the top.
    for row in range(rows):
        count = max(1, rows - row)
        y = c - rows * berry * 0.85 + row * berry * 1.7
        for i in range(count):
            x = c + (i - (count - 1) / 2) * berry * 1.75 + rng.uniform(-0.2, 0.2) * berry
            colour = jitter(rng, base, 12)
            draw.ellipse(box(x, y, berry, berry), fill=colour, outline=shade(colour, 0.6))
            draw.ellipse(box(x - berry * 0.35, y - berry * 0.35, berry * 0.22, berry * 0.22),
                         fill=shade(colour, 1.7))


def draw_kiwi(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c, r = size / 2, size * rng.uniform(0.32, 0.38)
    squash = rng.uniform(0.85, 1.0)
    draw.ellipse(box(c, c, r, r * squash), fill=jitter(rng, (128, 94, 54), 12))
    flesh = jitter(rng, (112, 178, 46), 14)
    draw.ellipse(box(c, c, r * 0.88, r * 0.88 * squash), fill=flesh)
    draw.ellipse(box(c, c, r * 0.62, r * 0.62 * squash), fill=shade(flesh, 1.12))
    draw.ellipse(box(c, c, r * 0.28, r * 0.28 * squash), fill=jitter(rng, (232, 236, 196), 8))
    seeds = int(rng.integers(18, 28))
    for i in range(seeds):
        a = 2 * math.pi * i / seeds + rng.uniform(-0.08, 0.08)
        d = r * rng.uniform(0.36, 0.48)
        x, y = c + d * math.cos(a), c + d * math.sin(a) * squash
        draw.ellipse(box(x, y, r * 0.035, r * 0.06), fill=(28, 26, 16))


def draw_mango(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c = size / 2
    rx, ry = size * rng.uniform(0.30, 0.35), size * rng.uniform(0.22, 0.26)
    body = jitter(rng, (250, 162, 28), 10)
    draw.ellipse(box(c, c, rx, ry), fill=body)
    draw.ellipse(box(c + rx * 0.85, c + ry * 0.3, rx * 0.18, ry * 0.22), fill=body)  # the beak
    # A soft blush (red or green) over one side, blurred and clipped to the body.
    blush = (214, 60, 36) if rng.random() < 0.65 else (120, 166, 44)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).ellipse(box(c - rx * 0.45, c - ry * 0.3, rx * 0.6, ry * 0.7),
                                  fill=jitter(rng, blush, 12) + (230,))
    layer = layer.filter(ImageFilter.GaussianBlur(rx * 0.2))
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(box(c, c, rx, ry), fill=255)
    image.paste(layer, (0, 0), ImageChops.multiply(mask, layer.getchannel("A")))
    draw.ellipse(box(c + rx * 0.3, c - ry * 0.45, rx * 0.2, ry * 0.13), fill=mix(body, (255, 255, 255), 0.3))


def draw_orange(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c, r = size / 2, size * rng.uniform(0.32, 0.37)
    body = jitter(rng, (250, 134, 16), 10)
    draw.ellipse(box(c, c, r, r), fill=body)
    # Pitted peel: many small darker and lighter dots.
    for _ in range(int(r * r * 0.05)):
        a, d = rng.uniform(0, 2 * math.pi), r * math.sqrt(rng.uniform(0, 0.9))
        dot = shade(body, rng.choice([0.82, 1.12]))
        x, y = c + d * math.cos(a), c + d * math.sin(a)
        draw.ellipse(box(x, y, r * 0.025, r * 0.025), fill=dot)
    draw.ellipse(box(c - r * 0.35, c - r * 0.35, r * 0.2, r * 0.14), fill=shade(body, 1.15))
    draw.ellipse(box(c, c - r * 0.9, r * 0.07, r * 0.05), fill=jitter(rng, (92, 110, 40), 10))


def draw_pineapple(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c = size / 2
    rx, ry = size * rng.uniform(0.18, 0.21), size * rng.uniform(0.26, 0.29)
    cy = c + size * 0.12
    green = jitter(rng, (46, 118, 42), 12)
    for i in range(7):  # the crown: spiky leaves fanning out above the body
        a = math.radians(-90 + (i - 3) * 16 + rng.uniform(-4, 4))
        length = size * rng.uniform(0.2, 0.3) * (1.0 - abs(i - 3) * 0.12)
        base_y = cy - ry * 0.9
        tip = (c + length * math.cos(a), base_y + length * math.sin(a))
        draw.polygon([(c - rx * 0.3, base_y), tip, (c + rx * 0.3, base_y)], fill=jitter(rng, green, 10))
    # The body with diamond scales (two families of diagonal lines and a dot per scale),
    # drawn on its own layer and pasted through an ellipse mask so the lines stop at the edge.
    body_layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    body_draw = ImageDraw.Draw(body_layer)
    body = jitter(rng, (186, 136, 52), 10)
    body_draw.ellipse(box(c, cy, rx, ry), fill=body)
    line = jitter(rng, (96, 62, 24), 10)
    step, width = rx * 0.42, max(1, int(rx * 0.08))
    for k in range(-6, 7):
        offset = k * step
        body_draw.line([(c - rx + offset, cy - ry), (c + rx + offset, cy + ry)], fill=line, width=width)
        body_draw.line([(c + rx + offset, cy - ry), (c - rx + offset, cy + ry)], fill=line, width=width)
        for j in range(-6, 7):
            x, y = c + offset, cy + j * step * ry / rx
            body_draw.ellipse(box(x, y, rx * 0.03, rx * 0.03), fill=shade(line, 0.7))
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(box(c, cy, rx, ry), fill=255)
    image.paste(body_layer, (0, 0), mask)


def draw_raspberry(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c = size / 2
    pink = jitter(rng, (214, 40, 92), 14)
    bead = size * rng.uniform(0.045, 0.055)
    # A rounded dome of drupelets: rows narrowing towards the bottom.
    rows = 7
    for row in range(rows):
        half_width = (size * 0.22) * math.sin(math.pi * (row + 1) / (rows + 1.5)) + bead * 0.5
        y = c - size * 0.2 + row * bead * 1.55
        count = max(1, int(half_width * 2 / (bead * 1.6)))
        for i in range(count):
            x = c - half_width + (i + 0.5) * (2 * half_width / count) + rng.uniform(-0.15, 0.15) * bead
            colour = jitter(rng, pink, 10)
            draw.ellipse(box(x, y, bead, bead), fill=colour, outline=shade(colour, 0.7))
            draw.ellipse(box(x - bead * 0.3, y - bead * 0.3, bead * 0.25, bead * 0.25), fill=shade(colour, 1.45))


def draw_strawberry(image, rng):
    draw, size = ImageDraw.Draw(image), image.width
    c = size / 2
    w, h = size * rng.uniform(0.3, 0.35), size * rng.uniform(0.36, 0.42)
    red = jitter(rng, (236, 36, 30), 10)
    top = c - h * 0.45
    # A rounded triangle pointing down: a polygon plus round shoulders.
    draw.polygon([(c - w, top + h * 0.15), (c + w, top + h * 0.15), (c, top + h * 1.25)], fill=red)
    draw.ellipse(box(c - w * 0.5, top + h * 0.2, w * 0.52, h * 0.28), fill=red)
    draw.ellipse(box(c + w * 0.5, top + h * 0.2, w * 0.52, h * 0.28), fill=red)
    seed = jitter(rng, (244, 222, 92), 10)
    for _ in range(int(rng.integers(26, 40))):
        v = rng.uniform(0.1, 0.95)
        x = c + rng.uniform(-1, 1) * w * (1 - v) * 0.85
        y = top + h * 0.15 + v * h * 0.95
        draw.ellipse(box(x, y, w * 0.035, w * 0.05), fill=seed)
    green = jitter(rng, (40, 138, 40), 12)
    for i in range(5):  # the calyx: pointed leaves on top
        a = math.radians(180 + 22 + i * 34 + rng.uniform(-6, 6))
        tip = (c + w * 0.75 * math.cos(a), top + h * 0.1 - h * 0.35 * math.sin(a) * -1)
        draw.polygon([(c - w * 0.14, top + h * 0.08), tip, (c + w * 0.14, top + h * 0.08)], fill=green)
    draw.rectangle(box(c, top - h * 0.05, w * 0.04, h * 0.1), fill=shade(green, 0.8))


DRAWERS = {name: globals()["draw_" + name] for name in CLASSES}
