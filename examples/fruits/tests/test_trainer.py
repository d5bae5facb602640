#!/usr/bin/python3
"""Tests of the fruits example: the image generator, the trainer's storage client, the
trainer run end to end against a stand-in storage server, and the exported ONNX graph.

Run with Debian's python3 (numpy, PIL, onnx):
    /usr/bin/python3 examples/fruits/tests/test_trainer.py [-v]

The ONNX graph is checked against an independent evaluator written here from the ONNX
operator definitions (onnx 1.12 has no onnx.reference; OpenCV's Python bindings, installed for
test_serving.py, are not used here, so that the graph is checked independently of OpenCV); the
trainer's own numpy forward pass must agree with it.
"""

import glob
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import onnx
from onnx import helper, numpy_helper
from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.dirname(HERE)
sys.path[:0] = [EXAMPLE, HERE]

from fake_storage import FakeStorage  # noqa: E402
from trainer import dataset, model, storage  # noqa: E402

PYTHON = "/usr/bin/python3"
GENERATE = os.path.join(EXAMPLE, "generate.py")
DATA = os.path.join(EXAMPLE, "data", "fruits")
CLASSES = ["apple", "banana", "grape", "kiwi", "mango", "orange", "pineapple", "raspberry",
           "strawberry"]
BUCKET = "magritte-demo"
ACCURACY_THRESHOLD = 0.9


def generate(out, *args):
    subprocess.run([PYTHON, GENERATE, "--out", out, *args], check=True,
                   stderr=subprocess.DEVNULL)


def read(path):
    with open(path, "rb") as file:
        return file.read()


def decode_file(path):
    """The image as the trainer sees it: upright RGB stretched to 299x299."""
    return dataset.decode(read(path), 299, 299)


def files_under(directory):
    return {os.path.relpath(p, directory): read(p)
            for p in sorted(glob.glob(os.path.join(directory, "*", "*")))}


def run_trainer(endpoint, *extra, env_host=True, data_path="data/fruits/"):
    env = {k: v for k, v in os.environ.items() if k != "STORAGE_EMULATOR_HOST"}
    if env_host:
        env["STORAGE_EMULATOR_HOST"] = endpoint
    args = ["--num-epochs", "3", "--steps-per-epoch", "3", "--data-project", "magritte-local",
            "--data-bucket", BUCKET, "--data-path", data_path,
            "--job-dir", f"gs://{BUCKET}/models/magritte_v1", *extra]
    return subprocess.run([PYTHON, "-m", "trainer.task", *args], cwd=EXAMPLE, env=env,
                          capture_output=True, text=True, timeout=300)


def upload_directory(store, directory, prefix="data/fruits/"):
    for relative, data in files_under(directory).items():
        store.put(BUCKET, prefix + relative.replace(os.sep, "/"), data)


# --- An ONNX evaluator written from the operator specifications (opset 13) -----------------

def op_conv(inputs, attrs):
    x, w, b = inputs
    assert attrs.get("group", 1) == 1 and list(w.shape[2:]) == [1, 1], "only 1x1 convolutions"
    assert all(v == 1 for v in attrs.get("strides", [1, 1]) + attrs.get("dilations", [1, 1]))
    assert not any(attrs.get("pads", [0, 0, 0, 0]))
    return np.einsum("nchw,mc->nmhw", x, w[:, :, 0, 0]) + b[None, :, None, None]


def op_average_pool(inputs, attrs):
    x, (kh, kw) = inputs[0], attrs["kernel_shape"]
    sh, sw = attrs.get("strides", [1, 1])
    assert not any(attrs.get("pads", [0, 0, 0, 0])) and not attrs.get("ceil_mode", 0)
    rows, cols = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1  # floor mode
    out = np.empty(x.shape[:2] + (rows, cols))
    for i in range(rows):
        for j in range(cols):
            out[:, :, i, j] = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].mean(axis=(2, 3))
    return out


def op_softmax(inputs, attrs):
    x, axis = inputs[0], attrs.get("axis", -1)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def op_gemm(inputs, attrs):
    a, b = inputs[0], inputs[1]
    a = a.T if attrs.get("transA", 0) else a
    b = b.T if attrs.get("transB", 0) else b
    result = attrs.get("alpha", 1.0) * (a @ b)
    return result + attrs.get("beta", 1.0) * inputs[2] if len(inputs) > 2 else result


OPS = {
    "AveragePool": op_average_pool,
    "Conv": op_conv,
    "Softmax": op_softmax,
    "GlobalAveragePool": lambda i, a: i[0].mean(axis=tuple(range(2, i[0].ndim)), keepdims=True),
    "Flatten": lambda i, a: i[0].reshape(int(np.prod(i[0].shape[:a.get("axis", 1)])), -1),
    "Sqrt": lambda i, a: np.sqrt(i[0]),
    "Gemm": op_gemm,
}


def evaluate(proto, feeds):
    values = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in proto.graph.initializer}
    values.update(feeds)
    for node in proto.graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        values[node.output[0]] = OPS[node.op_type]([values[n] for n in node.input], attrs)
    return values[proto.graph.output[0].name]


def as_input(pixels):
    """uint8 HxWx3 RGB -> 1x3xHxW in [0,1], as the signature (NCHW, RGB, unit) says."""
    return (pixels.astype(np.float64) / 255.0).transpose(2, 0, 1)[None]


# --- Tests --------------------------------------------------------------------------------

class GeneratorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_same_arguments_same_files_whatever_jobs_and_classes(self):
        generate(self.path("a"), "--per-class", "2", "--classes", "apple", "kiwi", "--jobs", "2")
        generate(self.path("b"), "--per-class", "2", "--classes", "kiwi", "--jobs", "1")
        a, b = files_under(self.path("a")), files_under(self.path("b"))
        self.assertEqual(sorted(a), ["apple/apple_0.jpg", "apple/apple_1.jpg",
                                     "kiwi/kiwi_0.jpg", "kiwi/kiwi_1.jpg"])
        self.assertEqual(a["kiwi/kiwi_0.jpg"], b["kiwi/kiwi_0.jpg"])
        self.assertEqual(a["kiwi/kiwi_1.jpg"], b["kiwi/kiwi_1.jpg"])
        generate(self.path("c"), "--per-class", "1", "--classes", "kiwi", "--seed", "5")
        self.assertNotEqual(files_under(self.path("c"))["kiwi/kiwi_0.jpg"], a["kiwi/kiwi_0.jpg"])

    def test_sizes_and_formats(self):
        generate(self.path("fixed"), "--per-class", "1", "--size", "100x80", "--format", "png")
        for name in files_under(self.path("fixed")):
            with Image.open(os.path.join(self.path("fixed"), name)) as image:
                self.assertEqual((image.format, image.size), ("PNG", (100, 80)), name)
        generate(self.path("random"), "--per-class", "3", "--min-mp", "0.05", "--max-mp", "0.2",
                 "--format", "mixed", "--seed", "3")
        formats = set()
        for name in files_under(self.path("random")):
            with Image.open(os.path.join(self.path("random"), name)) as image:
                formats.add(image.format)
                self.assertTrue(0.05e6 * 0.97 <= image.width * image.height <= 0.2e6 * 1.03,
                                f"{name}: {image.size}")
                self.assertEqual(name.rsplit(".", 1)[1], {"JPEG": "jpg", "PNG": "png"}[image.format])
        self.assertEqual(formats, {"JPEG", "PNG"})

    def test_exif_orientation_shows_the_same_photo_upright(self):
        args = ["--per-class", "4", "--size", "120x90", "--classes", "banana", "pineapple", "--seed", "11"]
        generate(self.path("plain"), *args)
        generate(self.path("exif"), *args, "--exif-orientation")
        plain, rotated = files_under(self.path("plain")), files_under(self.path("exif"))
        orientations = set()
        for name, data in rotated.items():
            with Image.open(io.BytesIO(data)) as image:
                orientations.add(image.getexif().get(0x0112, 1))
                upright = np.asarray(ImageOps.exif_transpose(image), dtype=np.float64)
            with Image.open(io.BytesIO(plain[name])) as image:
                expected = np.asarray(image, dtype=np.float64)
            self.assertEqual(upright.shape, expected.shape, name)
            self.assertLess(np.abs(upright - expected).mean(), 4.0, name)  # JPEG re-encoding only
        self.assertGreater(len(orientations - {1}), 0, "no file got a non-trivial orientation")

    def test_bad_arguments_exit_2(self):
        for bad in (["--min-mp", "1"], ["--size", "10x10"], ["--size", "big"],
                    ["--min-mp", "2", "--max-mp", "1"], ["--classes", "durian"]):
            result = subprocess.run([PYTHON, GENERATE, "--out", self.path("x"), *bad],
                                    capture_output=True, text=True)
            self.assertEqual(result.returncode, 2, bad)
            self.assertIn("error:", result.stderr)


class StorageClientTest(unittest.TestCase):
    def test_lists_every_page_and_round_trips_objects(self):
        with FakeStorage() as store:
            for i in range(60):
                store.put(BUCKET, f"data/fruits/kiwi/k {i:02d}.jpg", bytes([i]))
            store.put(BUCKET, "data/fruitsalad/x.jpg", b"not under the prefix")
            client = storage.Client(store.endpoint)
            names = client.list(BUCKET, "data/fruits/")
            self.assertEqual(len(names), 60)
            self.assertEqual(sum("pageToken=" in path for _, path in store.requests), 2)
            self.assertEqual(client.download(BUCKET, "data/fruits/kiwi/k 07.jpg"), bytes([7]))
            client.upload(BUCKET, "models/j/model/a b.json", b"{}", "application/json")
            self.assertEqual(store.objects[(BUCKET, "models/j/model/a b.json")], b"{}")

    def test_errors_name_the_call_and_the_answer(self):
        with FakeStorage() as store:
            client = storage.Client(store.endpoint)
            with self.assertRaisesRegex(storage.StorageError,
                                        r"cannot list gs://nope/p/: HTTP 404: The specified bucket does not exist"):
                client.list("nope", "p/")
        with self.assertRaisesRegex(storage.StorageError, r"cannot download gs://b/o: .*127\.0\.0\.1:9"):
            storage.Client("http://127.0.0.1:9").download("b", "o")

    def test_endpoint_comes_from_storage_emulator_host(self):
        saved = os.environ.pop("STORAGE_EMULATOR_HOST", None)
        try:
            with self.assertRaisesRegex(storage.StorageError, "STORAGE_EMULATOR_HOST is not set"):
                storage.Client.from_environment()
            os.environ["STORAGE_EMULATOR_HOST"] = "127.0.0.1:8470"
            self.assertEqual(storage.Client.from_environment().endpoint, "http://127.0.0.1:8470")
        finally:
            os.environ.pop("STORAGE_EMULATOR_HOST", None)
            if saved is not None:
                os.environ["STORAGE_EMULATOR_HOST"] = saved

    def test_gs_urls(self):
        self.assertEqual(storage.parse_gs_url("gs://b/models/j"), ("b", "models/j"))
        for bad in ("b/models", "gs://", "gs:///x"):
            with self.assertRaises(storage.StorageError):
                storage.parse_gs_url(bad)


class TrainedModelTest(unittest.TestCase):
    """Trains once on the committed images, then checks the logs, files and graph."""

    @classmethod
    def setUpClass(cls):
        with FakeStorage() as store:
            store.put(BUCKET, "data/fruits/README.txt", b"not an image")
            upload_directory(store, DATA)
            cls.result = run_trainer(store.endpoint)
            cls.objects = dict(store.objects)
        prefix = "models/magritte_v1/model/"
        cls.onnx_bytes = cls.objects.get((BUCKET, prefix + "model.onnx"))
        cls.signature_bytes = cls.objects.get((BUCKET, prefix + "signature.json"))

    def test_job_succeeds_with_keras_like_logs(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        out = self.result.stdout
        for epoch in (1, 2, 3):
            self.assertRegex(out, rf"Epoch {epoch}/3 - loss: [0-9.]+ - accuracy: [0-9.]+ - "
                                  r"val_loss: [0-9.]+ - val_accuracy: [0-9.]+")
        self.assertIn("Skipping 1 object(s)", out)
        self.assertIn("Loaded 109 images of 9 classes", out)
        held_out = float(re.search(r"Held-out accuracy: ([0-9.]+)", out).group(1))
        self.assertGreaterEqual(held_out, ACCURACY_THRESHOLD)
        self.assertIn("Exported model to gs://magritte-demo/models/magritte_v1/model/", out)

    def test_signature(self):
        signature = json.loads(self.signature_bytes)
        self.assertEqual(signature, {
            "format": "magritte-onnx-signature/1", "model_file": "model.onnx",
            "input_name": "image", "instance_key": "inputs", "output_key": "outputs",
            "width": 299, "height": 299, "layout": "NCHW", "color_order": "RGB",
            "scaling": "unit", "labels": CLASSES})

    def test_graph_uses_only_simple_opencv_operators(self):
        proto = onnx.load_from_string(self.onnx_bytes)
        onnx.checker.check_model(proto, full_check=True)
        self.assertEqual([n.op_type for n in proto.graph.node],
                         ["AveragePool", "Conv", "Softmax", "GlobalAveragePool", "Flatten", "Sqrt",
                          "Gemm", "Softmax"])
        self.assertEqual([(o.domain, o.version) for o in proto.opset_import], [("", 13)])

        def shape(value_info):
            return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]

        self.assertEqual([(i.name, shape(i)) for i in proto.graph.input], [("image", ["batch", 3, 299, 299])])
        self.assertEqual([(o.name, shape(o)) for o in proto.graph.output], [("probabilities", ["batch", 9])])

    def test_numpy_forward_pass_equals_the_graph(self):
        proto = onnx.load_from_string(self.onnx_bytes)
        weights = {t.name: numpy_helper.to_array(t) for t in proto.graph.initializer}
        prototypes = weights["prototype_weights"][:, :, 0, 0] * model.TEMPERATURE / 2
        classifier = model.Model(prototypes, weights["class_weights"], weights["class_bias"], CLASSES)
        np.testing.assert_allclose(classifier.conv_weights()[1], weights["prototype_bias"], rtol=1e-5)
        for name in CLASSES:
            path = sorted(glob.glob(os.path.join(DATA, name, "*")))[0]
            pixels = decode_file(path)
            graph = evaluate(proto, {"image": as_input(pixels)})[0]
            mine = classifier.probabilities(classifier.features(model.pool(pixels)))
            # The trainer computes in float32 (logits of the 1x1 convolution reach ~300), the
            # evaluator in float64.
            np.testing.assert_allclose(mine, graph, rtol=1e-3, atol=1e-4, err_msg=path)
            self.assertAlmostEqual(float(graph.sum()), 1.0, places=5)

    def test_graph_classifies_fresh_generated_photos(self):
        proto = onnx.load_from_string(self.onnx_bytes)
        with tempfile.TemporaryDirectory() as tmp:
            generate(tmp, "--per-class", "10", "--min-mp", "0.02", "--max-mp", "0.3",
                     "--format", "mixed", "--exif-orientation", "--seed", "99")
            paths = sorted(glob.glob(os.path.join(tmp, "*", "*")))
            predicted = np.array([evaluate(proto, {"image": as_input(decode_file(p))})[0].argmax()
                                  for p in paths])
        expected = [CLASSES.index(os.path.basename(os.path.dirname(p))) for p in paths]
        accuracy = float(np.mean(predicted == np.array(expected)))
        self.assertGreaterEqual(accuracy, ACCURACY_THRESHOLD, f"accuracy {accuracy:.3f}")

    def test_demo_apple_is_an_apple(self):
        proto = onnx.load_from_string(self.onnx_bytes)
        path = os.path.join(DATA, "apple", "image_apple1.jpeg")
        scores = evaluate(proto, {"image": as_input(decode_file(path))})[0]
        self.assertEqual(CLASSES[int(scores.argmax())], "apple")
        self.assertGreater(scores.max(), 0.5)


class TrainerFailureTest(unittest.TestCase):
    def run_with(self, objects, *extra, **options):
        with FakeStorage() as store:
            store.buckets.add(BUCKET)
            for name, data in objects.items():
                store.put(BUCKET, name, data)
            return run_trainer(store.endpoint, *extra, **options)

    def assert_fails(self, result, code, message):
        self.assertEqual(result.returncode, code, result.stdout + result.stderr)
        self.assertIn(message, result.stderr)

    def test_no_images(self):
        self.assert_fails(self.run_with({"data/fruits/notes.txt": b"x"}), 1,
                          "ERROR: no images found under gs://magritte-demo/data/fruits/")

    def test_one_class_only(self):
        image = read(sorted(glob.glob(os.path.join(DATA, "kiwi", "*")))[0])
        self.assert_fails(self.run_with({"data/fruits/kiwi/a.jpg": image}), 1,
                          "ERROR: need images of at least 2 classes")

    def test_storage_emulator_host_missing(self):
        self.assert_fails(self.run_with({}, env_host=False), 1,
                          "ERROR: STORAGE_EMULATOR_HOST is not set")

    def test_unknown_bucket(self):
        with FakeStorage() as store:
            result = run_trainer(store.endpoint)
        self.assert_fails(result, 1, "ERROR: cannot list gs://magritte-demo/data/fruits/: HTTP 404")

    def test_bad_arguments(self):
        self.assert_fails(self.run_with({}, "--num-epochs", "0"), 2,
                          "--num-epochs and --steps-per-epoch must be >= 1")


if __name__ == "__main__":
    unittest.main()
