"""A tiny trainer for the ml and Vertex end-to-end tests: prints its arguments, the Vertex
environment it was given and epochs, writes a result object to its --job-dir (on Vertex:
$AIP_MODEL_DIR) through the emulator's Cloud Storage ($STORAGE_EMULATOR_HOST, as Google's
client libraries would), then succeeds, fails (--fail) or runs until cancelled (--sleep)."""
import argparse
import json
import os
import sys
import time
import urllib.parse
import urllib.request


def upload(gs_url, data):
    bucket, _, name = gs_url[len("gs://"):].partition("/")
    url = "%s/upload/storage/v1/b/%s/o?uploadType=media&name=%s" % (
        os.environ["STORAGE_EMULATOR_HOST"], bucket, urllib.parse.quote(name, safe=""))
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--fail", action="store_true")
    parser.add_argument("--sleep", type=float, default=0)
    parser.add_argument("--job-dir", default=os.environ.get("AIP_MODEL_DIR"))
    args = parser.parse_args()
    if not args.job_dir:
        parser.error("--job-dir (or $AIP_MODEL_DIR) is required")
    print("args: %s" % json.dumps(sys.argv[1:]))
    for name in ("AIP_MODEL_DIR", "AIP_CHECKPOINT_DIR", "AIP_TENSORBOARD_LOG_DIR", "CLOUD_ML_JOB_ID", "CLUSTER_SPEC"):
        if name in os.environ:
            print("%s=%s" % (name, os.environ[name]))
    for epoch in range(1, args.epochs + 1):
        print("Epoch %d/%d - loss: %.2f" % (epoch, args.epochs, 1.0 / epoch))
    print("saved result: HTTP %d" % upload(args.job_dir.rstrip("/") + "/result.txt", b"trained\n"))
    if args.fail:
        raise RuntimeError("training diverged at epoch %d" % args.epochs)
    if args.sleep:
        print("sleeping %.0f s" % args.sleep)
        time.sleep(args.sleep)
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main()
