"""Finds the training images under gs://BUCKET/PATH, downloads and decodes them.

Layout (what `magritte sync` / `gsutil rsync` uploads from data/fruits): PATH/<class>/<image>.
The class of an image is the name of its parent directory; class indices follow the sorted
class names (for the fruits: apple, banana, grape, kiwi, mango, orange, pineapple, raspberry,
strawberry).
"""

import io
import posixpath
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")
DOWNLOAD_THREADS = 8


class DataError(Exception):
    """The data cannot be used for training; the message says why and where."""


def normalise_prefix(path):
    """'data/fruits' and '/data/fruits/' -> 'data/fruits/'; '' stays '' (whole bucket)."""
    path = path.strip("/")
    return path + "/" if path else ""


def find_images(names, prefix):
    """[(object name, class name)] for the image objects under `prefix`, sorted by name.

    Returns also the names skipped (not an image, or not inside a class directory)."""
    images, skipped = [], []
    for name in sorted(names):
        relative = name[len(prefix):]
        directory = posixpath.dirname(relative)
        if name.endswith("/") or not name.lower().endswith(IMAGE_EXTENSIONS) or not directory:
            skipped.append(name)
            continue
        images.append((name, posixpath.basename(directory)))
    return images, skipped


def decode(data, width, height):
    """Encoded image bytes -> uint8 HxWx3 RGB at width x height (stretched, upright).

    Stretching (no crop) is what Keras' load_img(target_size=...) and magritte predict's
    default do, so training sees images the way the served model will."""
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image = image.resize((width, height), Image.Resampling.BILINEAR)
        return np.asarray(image, dtype=np.uint8)


def load(client, bucket, prefix, width, height, log):
    """Downloads and decodes every image; returns (pixels list, class name list)."""
    names = client.list(bucket, prefix)
    images, skipped = find_images(names, prefix)
    if skipped:
        log(f"Skipping {len(skipped)} object(s) that are not images inside a class directory, "
            f"e.g. gs://{bucket}/{skipped[0]}")
    if not images:
        raise DataError(f"no images found under gs://{bucket}/{prefix} (expected "
                        f"gs://{bucket}/{prefix}<class>/<image>.jpg; {len(names)} object(s) there)")

    def fetch(item):
        name, label = item
        try:
            return decode(client.download(bucket, name), width, height), label
        except (UnidentifiedImageError, OSError, ValueError) as error:
            log(f"Skipping gs://{bucket}/{name}: not a readable image ({error})")
            return None

    with ThreadPoolExecutor(max_workers=DOWNLOAD_THREADS) as pool:
        loaded = [item for item in pool.map(fetch, images) if item is not None]
    classes = sorted({label for _, label in loaded})
    if len(classes) < 2:
        raise DataError(f"need images of at least 2 classes under gs://{bucket}/{prefix}, "
                        f"found {classes or 'none'}")
    return [pixels for pixels, _ in loaded], [label for _, label in loaded]


def split(labels, every=5):
    """Deterministic stratified split: every `every`-th image of each class is held out."""
    seen, train, held_out = {}, [], []
    for index, label in enumerate(labels):
        count = seen.get(label, 0)
        seen[label] = count + 1
        (held_out if count % every == every - 1 else train).append(index)
    return train, held_out
