#!/usr/bin/python3
"""Generates synthetic photos of the nine seed fruit classes.

    generate.py --out DIR [--per-class N] [--size WxH | --min-mp A --max-mp B]
                [--format jpg|png|mixed] [--seed S] [--classes C ...] [--exif-orientation]
                [--quality Q] [--jobs J]

Writes DIR/<class>/<class>_<i>.<ext>. Each class has its own colours and shape (fruit_shapes.py);
each photo gets a random pose (position, scale, rotation), background, lighting, blur and
sensor noise, so a classifier must learn something. Image (class c, index i) depends only on
(--seed, c, i): the same arguments always give the same files, whatever --jobs or --classes.

Runs on Debian's /usr/bin/python3 (python3-numpy, python3-pil): the `python3` first on PATH
may be another interpreter without them, hence the shebang; call it as ./generate.py or
/usr/bin/python3 generate.py.

Large photos (e.g. --min-mp 0.3 --max-mp 12) are drawn at most 640 pixels wide, upscaled, then
given pixel-level grain, so that their files are photo-sized (JPEG ~1 MB per 4 MP) without
drawing 12 MP with Python.
"""

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from PIL import Image, ImageChops, ImageFilter

from fruit_shapes import CLASSES, DRAWERS

DRAW_MAX_SIDE = 640       # photos are composed at most this large, then upscaled
ASPECTS = ((4, 3), (3, 2), (16, 9), (1, 1))
EXIF_ORIENTATION_TAG = 0x0112
# What to store for each EXIF orientation so that a viewer that applies the tag shows the
# upright photo: the inverse of the transpose the tag asks for (PIL's exif_transpose).
STORED_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def muted_colour(rng):
    """A table/wall-like colour: low saturation, any hue, mid to high brightness."""
    grey = rng.uniform(110, 240)
    tint = rng.uniform(-25, 25, size=3)
    return np.clip(grey + tint, 0, 255)


def background(rng, width, height):
    """A two-colour linear gradient in a random direction, as float32 HxWx3."""
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    t = xs * np.cos(angle) / width + ys * np.sin(angle) / height
    t = (t - t.min()) / max(1e-6, float(t.max() - t.min()))
    a, b = muted_colour(rng), muted_colour(rng)
    return (a[None, None, :] * (1 - t[..., None]) + b[None, None, :] * t[..., None]).astype(np.float32)


def fruit_layer(name, rng, size):
    """The fruit drawn at twice `size` (anti-aliasing), rotated, shrunk to size x size RGBA."""
    big = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
    DRAWERS[name](big, rng)
    big = big.rotate(rng.uniform(-40, 40), resample=Image.Resampling.BICUBIC)
    if rng.random() < 0.5:
        big = big.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def compose(name, rng, width, height):
    """One photo of `name` at width x height (at most DRAW_MAX_SIDE), as uint8 RGB array."""
    canvas = Image.fromarray(background(rng, width, height).astype(np.uint8))
    size = max(8, int(min(width, height) * rng.uniform(0.6, 1.0)))
    fruit = fruit_layer(name, rng, size)
    x = int(rng.uniform(-0.15, 0.15) * width + (width - size) / 2)
    y = int(rng.uniform(-0.15, 0.15) * height + (height - size) / 2)
    # A soft shadow under the fruit, then the fruit itself.
    shadow_alpha = fruit.getchannel("A").filter(ImageFilter.GaussianBlur(max(1, size // 30)))
    shadow_alpha = shadow_alpha.point(lambda a: int(a * 0.35))
    offset = max(1, size // 25)
    canvas.paste((0, 0, 0), (x + offset, y + offset), shadow_alpha)
    canvas.paste(fruit, (x, y), fruit)
    if rng.random() < 0.3:
        canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    return light_and_noise(np.asarray(canvas, dtype=np.float32), rng)


def light_and_noise(pixels, rng):
    """Exposure, colour cast, a lighting ramp and sensor noise, as a photo would have."""
    height, width, _ = pixels.shape
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    ramp = (xs / width - 0.5) * np.cos(angle) + (ys / height - 0.5) * np.sin(angle)
    gain = rng.uniform(0.75, 1.15) * (1 + rng.uniform(0, 0.35) * ramp)
    cast = rng.uniform(0.93, 1.07, size=3).astype(np.float32)
    pixels = pixels * gain[..., None] * cast[None, None, :]
    pixels += rng.normal(0, rng.uniform(1.5, 5), size=pixels.shape).astype(np.float32)
    return np.clip(pixels, 0, 255).astype(np.uint8)


def add_grain(image, rng, sigma):
    """Pixel-level noise on a (large, upscaled) image, from a tiled noise patch (fast)."""
    tile = np.clip(128 + rng.normal(0, sigma, size=(256, 256, 3)), 0, 255).astype(np.uint8)
    tile = Image.fromarray(tile)
    noise = Image.new("RGB", image.size)
    for y in range(0, image.height, 256):  # pasting is ~6x faster than np.tile + fromarray
        for x in range(0, image.width, 256):
            noise.paste(tile, (x, y))
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def render(name, rng, width, height):
    """The photo at its final size: composed small, upscaled with grain when large."""
    scale = min(1.0, DRAW_MAX_SIDE / max(width, height))
    draw_w, draw_h = max(16, round(width * scale)), max(16, round(height * scale))
    image = Image.fromarray(compose(name, rng, draw_w, draw_h))
    if (draw_w, draw_h) != (width, height):
        image = image.resize((width, height), Image.Resampling.BILINEAR)
        image = add_grain(image, rng, sigma=rng.uniform(3, 6))
    return image


def pick_size(args, rng):
    if args.size:
        return args.size
    megapixels = np.exp(rng.uniform(np.log(args.min_mp), np.log(args.max_mp)))
    long_side, short_side = ASPECTS[rng.integers(len(ASPECTS))]
    height = max(16, int(round(np.sqrt(megapixels * 1e6 * short_side / long_side))))
    width = max(16, int(round(height * long_side / short_side)))
    return (width, height) if rng.random() < 0.7 else (height, width)


def save(image, path, file_format, quality, orientation):
    if file_format == "png":
        image.save(path, format="PNG", compress_level=1)
        return
    options = {"quality": quality}
    if orientation != 1:
        image = image.transpose(STORED_FOR_ORIENTATION[orientation])
        exif = Image.Exif()
        exif[EXIF_ORIENTATION_TAG] = orientation
        options["exif"] = exif.tobytes()
    image.save(path, format="JPEG", **options)


def make_one(job):
    """Generates image (class, index); returns (path, bytes). Runs in a worker process."""
    args, name, index = job
    rng = np.random.default_rng([args.seed, CLASSES.index(name), index])
    width, height = pick_size(args, rng)
    file_format = args.format if args.format != "mixed" else ("png" if rng.random() < 0.3 else "jpg")
    image = render(name, rng, width, height)
    orientation = 1  # drawn after rendering: the same photo with or without --exif-orientation
    if args.exif_orientation and file_format == "jpg":
        orientation = int(rng.choice([1, 3, 6, 8, 2, 4, 5, 7], p=[.4, .15, .15, .15, .04, .04, .04, .03]))
    path = os.path.join(args.out, name, f"{name}_{index}.{file_format}")
    save(image, path, file_format, args.quality, orientation)
    return path, os.path.getsize(path)


def parse_size(text):
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r} is not WIDTHxHEIGHT (e.g. 320x240)")
    if width < 16 or height < 16:
        raise argparse.ArgumentTypeError(f"size {text!r} is too small (at least 16x16)")
    return width, height


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="output directory (DIR/<class>/...)")
    parser.add_argument("--per-class", type=int, default=10, help="images per class (default 10)")
    parser.add_argument("--size", type=parse_size, help="fixed size WxH (default 320x240)")
    parser.add_argument("--min-mp", type=float, help="random sizes: smallest, in megapixels")
    parser.add_argument("--max-mp", type=float, help="random sizes: largest, in megapixels")
    parser.add_argument("--format", choices=("jpg", "png", "mixed"), default="jpg",
                        help="file format; mixed = about 70%% JPEG, 30%% PNG (default jpg)")
    parser.add_argument("--quality", type=int, default=90, help="JPEG quality 1-95 (default 90)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--classes", nargs="+", choices=CLASSES, default=list(CLASSES),
                        metavar="CLASS", help="classes to draw (default: all nine)")
    parser.add_argument("--exif-orientation", action="store_true",
                        help="JPEGs get a random EXIF orientation, pixels stored so that applying it shows the photo upright")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    if (args.min_mp is None) != (args.max_mp is None):
        parser.error("--min-mp and --max-mp go together")
    if args.min_mp is not None:
        if args.size:
            parser.error("--size and --min-mp/--max-mp are exclusive")
        if not 0 < args.min_mp <= args.max_mp:
            parser.error(f"need 0 < --min-mp <= --max-mp, got {args.min_mp} and {args.max_mp}")
    elif not args.size:
        args.size = (320, 240)
    if args.per_class < 0 or not 1 <= args.quality <= 95 or args.jobs < 1:
        parser.error("--per-class must be >= 0, --quality within 1-95, --jobs >= 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    start = time.monotonic()
    for name in args.classes:
        os.makedirs(os.path.join(args.out, name), exist_ok=True)
    jobs = [(args, name, i) for name in args.classes for i in range(args.per_class)]
    if args.jobs == 1:
        results = [make_one(job) for job in jobs]
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(make_one, jobs, chunksize=1))
    total = sum(size for _, size in results)
    print(f"generate.py: wrote {len(results)} images ({total / 1e6:.2f} MB) under {args.out} "
          f"in {time.monotonic() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
