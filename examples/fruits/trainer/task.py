"""Entry point: python3 -m trainer.task --data-bucket B --data-path PATH [--job-dir gs://B/models/JOB]

Same arguments as the seed's cloud trainer. Where the model goes: AI Platform appends
--job-dir (the model goes to DIR/model/); Vertex AI passes no such argument but sets
AIP_MODEL_DIR (the job's base output directory + model/), which is used when --job-dir is absent.
    --num-epochs N        epochs (default 3)
    --steps-per-epoch S   steps per epoch (default 3); each step is 40 full-batch Adam updates
    --data-project P      accepted for compatibility (the emulator needs no billing project)
    --data-bucket B       bucket holding the images
    --data-path PATH      prefix of PATH/<class>/<image> objects (e.g. data/fruits/)
    --job-dir DIR         gs://B/models/JOB (or a local directory): the model goes to DIR/model/
                          (default: $AIP_MODEL_DIR, set by Vertex AI)

Reads and writes Cloud Storage through $STORAGE_EMULATOR_HOST (see storage.py). Prints one
"Epoch i/N - ..." line per epoch and the held-out accuracy; exits 1 with an "ERROR:" line when
the data or storage cannot be used, 2 on bad arguments.
"""

import argparse
import os
import sys
import time

try:  # Debian packages; the python3 first on PATH may be another interpreter without them
    import numpy as np
    import onnx  # noqa: F401  (export.py needs it; fail here, before any work)
    import PIL  # noqa: F401
except ImportError as missing:
    sys.exit(f"ERROR: {missing.name} is not installed for {sys.executable}. Run the trainer with "
             f"Debian's /usr/bin/python3 (apt-get install python3-numpy python3-pil python3-onnx).")

from trainer import dataset, export, model, storage

IMAGE_WIDTH = IMAGE_HEIGHT = 299  # the seed's InceptionV3 input size, kept for the clients


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="trainer.task", description="Trains the fruits classifier.")
    parser.add_argument("--num-epochs", type=int, default=3)
    parser.add_argument("--steps-per-epoch", type=int, default=3)
    parser.add_argument("--data-project", default="")
    parser.add_argument("--data-bucket", required=True)
    parser.add_argument("--data-path", default="")
    parser.add_argument("--job-dir", default=None)
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.job_dir:
        args.model_dir = args.job_dir.rstrip("/") + "/model/"
    elif os.environ.get("AIP_MODEL_DIR"):
        args.model_dir = os.environ["AIP_MODEL_DIR"]
    else:
        parser.error("no --job-dir (AI Platform appends it) and no AIP_MODEL_DIR (Vertex AI sets it): "
                     "nowhere to write the model")
    if args.num_epochs < 1 or args.steps_per_epoch < 1:
        parser.error(f"--num-epochs and --steps-per-epoch must be >= 1, got "
                     f"{args.num_epochs} and {args.steps_per_epoch}")
    return args


def log(message):
    print(message, flush=True)


def train(args, client):
    started = time.monotonic()
    prefix = dataset.normalise_prefix(args.data_path)
    images, names = dataset.load(client, args.data_bucket, prefix, IMAGE_WIDTH, IMAGE_HEIGHT, log)
    labels = sorted(set(names))
    targets = np.array([labels.index(name) for name in names])
    train_rows, held_out_rows = dataset.split(names)
    log(f"Loaded {len(images)} images of {len(labels)} classes ({', '.join(labels)}) from "
        f"gs://{args.data_bucket}/{prefix} in {time.monotonic() - started:.1f} s; "
        f"training on {len(train_rows)}, holding out {len(held_out_rows)}")

    rng = np.random.default_rng(args.seed)
    cells = [model.pool(image) for image in images]
    prototypes = model.learn_prototypes([cells[i] for i in train_rows], rng)
    classifier = model.Model(prototypes, np.zeros((len(labels), len(prototypes))),
                             np.zeros(len(labels)), labels)
    features = np.array([classifier.features(image_cells) for image_cells in cells])

    def report(step, weights, bias):
        if (step + 1) % args.steps_per_epoch:
            return
        classifier.weights, classifier.bias = weights, bias
        line = f"Epoch {(step + 1) // args.steps_per_epoch}/{args.num_epochs} - " + metrics(train_rows)
        if held_out_rows:
            line += " - val_" + metrics(held_out_rows).replace(" - ", " - val_")
        log(line)

    def metrics(rows):
        loss, accuracy = model.loss_and_accuracy(classifier.probabilities(features[rows]), targets[rows])
        return f"loss: {loss:.4f} - accuracy: {accuracy:.4f}"

    weights, bias = model.train_head(features[train_rows], targets[train_rows], len(labels),
                                     args.num_epochs * args.steps_per_epoch, report)
    classifier.weights, classifier.bias = weights.astype(np.float32), bias.astype(np.float32)
    if held_out_rows:
        predicted = classifier.probabilities(features[held_out_rows]).argmax(axis=1)
        correct = int(np.sum(predicted == targets[held_out_rows]))
        log(f"Held-out accuracy: {correct / len(held_out_rows):.4f} ({correct}/{len(held_out_rows)})")
    else:
        log("Held-out accuracy: n/a (fewer than 5 images per class)")
    log(f"Trained in {time.monotonic() - started:.1f} s")
    return classifier


def save_model(classifier, model_dir, client):
    files = export.export_files(classifier, IMAGE_WIDTH, IMAGE_HEIGHT)
    # signature.json last: a model directory with a signature is complete.
    order = ["model.onnx", "signature.json"]
    if model_dir.startswith("gs://"):
        bucket, path = storage.parse_gs_url(model_dir.rstrip("/") + "/")
        for name in order:
            client.upload(bucket, path + name, files[name],
                          "application/json" if name.endswith(".json") else "application/octet-stream")
        where = f"gs://{bucket}/{path}"
    else:
        where = model_dir
        os.makedirs(where, exist_ok=True)
        for name in order:
            with open(os.path.join(where, name), "wb") as out:
                out.write(files[name])
    log(f"Exported model to {where} (model.onnx {len(files['model.onnx'])} bytes, signature.json)")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    log(f"Fruits trainer: data gs://{args.data_bucket}/{args.data_path} (project "
        f"{args.data_project or '-'}), model dir {args.model_dir}, {args.num_epochs} epoch(s) x "
        f"{args.steps_per_epoch} step(s)")
    try:
        client = storage.Client.from_environment()
        save_model(train(args, client), args.model_dir, client)
    except (storage.StorageError, dataset.DataError) as error:
        print(f"ERROR: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
