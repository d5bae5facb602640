#!/usr/bin/python3
"""The baselines `magritte predict` is measured against (bench/run_predict_bench.sh).

  python_client.py pil    DIR --url URL [--proxy P] [--limit N] [--draft]
      A sequential Python/PIL client doing magritte's resize-and-send: per image open,
      exif_transpose, resize to 299x299 (bilinear; --draft first lets libjpeg shrink large
      JPEGs while decoding, as magritte does), JPEG quality 90, one request per image with
      the seed's instance {"inputs": "<urlsafe base64>"}.
  python_client.py raw    DIR --url URL [--proxy P] [--limit N]
      The seed's way (predict/gcloud.py): the raw file, urlsafe base64, one request per image.
  python_client.py gcloud DIR --model M --region R [--limit N]
      One `gcloud ai-platform predict --json-instances` process per image (PIL-resized
      instances, so that they are accepted).

Prints one JSON line: mode, images, ok (HTTP 200), seconds, images_per_s, cpu_s (this
process and its children: the client's own CPU, comparable on a busy machine),
bytes_per_image, statuses. Runs on Debian's /usr/bin/python3 (PIL); talks HTTP with urllib only.
"""
import argparse
import base64
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from PIL import Image, ImageOps

EXTENSIONS = (".jpg", ".jpeg", ".png")
SIZE = (299, 299)


def images(directory, limit):
    found = sorted(os.path.join(root, name) for root, _, names in os.walk(directory)
                   for name in names if name.lower().endswith(EXTENSIONS))
    return found[:limit] if limit else found


def resized_jpeg(path, draft):
    image = Image.open(path)
    if draft and image.format == "JPEG":
        image.draft("RGB", SIZE)  # libjpeg DCT scaling, never below SIZE
    image = ImageOps.exif_transpose(image).convert("RGB")
    image = image.resize(SIZE, Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def post(opener, url, body):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with opener.open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def send_each(args, make_bytes):
    handlers = [urllib.request.ProxyHandler({"http": args.proxy})] if args.proxy else []
    opener = urllib.request.build_opener(*handlers)
    statuses, sent = {}, 0
    paths = images(args.dir, args.limit)
    start = time.monotonic()
    for path in paths:
        instance = {"inputs": base64.urlsafe_b64encode(make_bytes(path)).decode()}
        body = json.dumps({"instances": [instance]}).encode()
        sent += len(body)
        status = post(opener, args.url, body)
        statuses[status] = statuses.get(status, 0) + 1
    return paths, time.monotonic() - start, sent, statuses


def run_gcloud(args):
    paths = images(args.dir, args.limit)
    statuses, sent = {}, 0
    with tempfile.TemporaryDirectory() as scratch:
        start = time.monotonic()
        for i, path in enumerate(paths):
            line = json.dumps({"inputs": base64.urlsafe_b64encode(resized_jpeg(path, True)).decode()})
            instances = os.path.join(scratch, "%d.json" % i)
            with open(instances, "w") as f:
                f.write(line + "\n")
            sent += len(line)
            result = subprocess.run(["gcloud", "ai-platform", "predict", "--model", args.model, "--region",
                                     args.region, "--json-instances", instances, "--format", "json"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            status = 200 if result.returncode == 0 else "exit %d" % result.returncode
            statuses[status] = statuses.get(status, 0) + 1
        return paths, time.monotonic() - start, sent, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["pil", "raw", "gcloud"])
    parser.add_argument("dir")
    parser.add_argument("--url")
    parser.add_argument("--proxy")
    parser.add_argument("--model", default="magritte")
    parser.add_argument("--region", default="europe-west1")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--draft", action="store_true")
    args = parser.parse_args()
    if args.mode == "gcloud":
        paths, seconds, sent, statuses = run_gcloud(args)
    elif args.mode == "pil":
        paths, seconds, sent, statuses = send_each(args, lambda path: resized_jpeg(path, args.draft))
    else:
        paths, seconds, sent, statuses = send_each(args, lambda path: open(path, "rb").read())
    mode = args.mode + ("-draft" if args.draft else "")
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    print(json.dumps({"mode": mode, "images": len(paths), "ok": statuses.get(200, 0), "seconds": round(seconds, 2),
                      "images_per_s": round(len(paths) / seconds, 2), "cpu_s": round(cpu, 2), "bytes_per_image": sent // max(1, len(paths)),
                      "statuses": {str(k): v for k, v in statuses.items()}}))


if __name__ == "__main__":
    sys.exit(main())
