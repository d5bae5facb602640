#!/usr/bin/python3
"""Tests of the fruits example's serving container (serving/server.py), run as Vertex AI runs
a custom container: a process with AIP_HTTP_PORT, AIP_HEALTH_ROUTE, AIP_PREDICT_ROUTE and
AIP_STORAGE_URI set, asked over HTTP. The image is not built (no Docker here): server.py runs on
Debian's python3 with python3-opencv and python3-numpy, OpenCV 4.6 as in the emulator.

The model is the example's own: the trainer (python3 -m trainer.task) trained on the committed
images through tests/fake_storage.py, exported to a local directory. Requests are made as
`magritte predict` makes them (src/vision/preprocess.cpp: decode, INTER_AREA to 299x299, JPEG
at quality 90; src/predict/instances.cpp: the seed's URL-safe base64 under "inputs").

    /usr/bin/python3 examples/fruits/tests/test_serving.py [-v]
"""

import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import cv2
import numpy as np
from onnx import numpy_helper
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.dirname(HERE)
sys.path[:0] = [EXAMPLE, HERE]

from fake_storage import FakeStorage  # noqa: E402
from trainer import export, model  # noqa: E402

PYTHON = "/usr/bin/python3"
SERVER = os.path.join(EXAMPLE, "serving", "server.py")
DATA = os.path.join(EXAMPLE, "data", "fruits")
APPLE = os.path.join(DATA, "apple", "image_apple1.jpeg")
BUCKET = "magritte-demo"
CLASSES = ["apple", "banana", "grape", "kiwi", "mango", "orange", "pineapple", "raspberry",
           "strawberry"]
# What Vertex AI sets for a deployed model (ENDPOINT and DEPLOYED_MODEL ids).
HEALTH_ROUTE = "/v1/endpoints/1234/deployedModels/5678"
PREDICT_ROUTE = "/v1/endpoints/1234/deployedModels/5678:predict"


def train_model(model_dir):
    """The example trainer, run as the training service runs it, writing to a local job dir."""
    with FakeStorage() as store:
        for name in sorted(os.listdir(DATA)):
            for file in sorted(os.listdir(os.path.join(DATA, name))):
                with open(os.path.join(DATA, name, file), "rb") as image:
                    store.put(BUCKET, f"data/fruits/{name}/{file}", image.read())
        env = dict(os.environ, STORAGE_EMULATOR_HOST=store.endpoint)
        env.pop("AIP_MODEL_DIR", None)
        result = subprocess.run(
            [PYTHON, "-m", "trainer.task", "--num-epochs", "3", "--steps-per-epoch", "3",
             "--data-bucket", BUCKET, "--data-path", "data/fruits/", "--job-dir", model_dir],
            cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"the trainer failed:\n{result.stdout}\n{result.stderr}")
    return os.path.join(model_dir, "model")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """server.py as a process, on a free port, until stop()."""

    def __init__(self, storage_uri, **env):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        environment = dict(os.environ, AIP_HTTP_PORT=str(self.port), AIP_HEALTH_ROUTE=HEALTH_ROUTE,
                           AIP_PREDICT_ROUTE=PREDICT_ROUTE, AIP_STORAGE_URI=storage_uri, **env)
        self.process = subprocess.Popen([PYTHON, SERVER], env=environment, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def url(self, route):
        return f"http://127.0.0.1:{self.port}{route}"

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def wait_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server.py exited with {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(OSError):
                if request(self.url(HEALTH_ROUTE))[0] == 200:
                    return
            time.sleep(0.1)
        raise AssertionError(f"server.py not healthy after {timeout} s:\n{self.output()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def request(url, body=None, headers=None):
    """(status, parsed JSON body or raw text)."""
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json",
                                                          **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def prepare(path, width=299, height=299, quality=90):
    """What magritte predict sends for a photo: JPEG bytes of the stretched, area-resized image."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    shrinking = bgr.shape[1] >= width and bgr.shape[0] >= height
    resized = cv2.resize(bgr, (width, height),
                         interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)
    ok, jpeg = cv2.imencode(".jpg", resized, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return jpeg.tobytes()


def seed_instance(jpeg):
    return {"inputs": base64.urlsafe_b64encode(jpeg).decode()}


def unit_tensor(jpeg):
    """The tensor request format (unit scaling, RGB, HWC) for the same pixels."""
    bgr = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32) / np.float32(255)
    return [[[float(f"{v:.6g}") for v in pixel] for pixel in row] for row in rgb]


def numpy_scores(model_dir, jpeg):
    """The trainer's own forward pass (trainer/model.py) on the decoded pixels."""
    proto = onnx.load(os.path.join(model_dir, "model.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in proto.graph.initializer}
    prototypes = weights["prototype_weights"][:, :, 0, 0] * model.TEMPERATURE / 2
    classifier = model.Model(prototypes, weights["class_weights"], weights["class_bias"], CLASSES)
    rgb = cv2.cvtColor(cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return classifier.probabilities(classifier.features(model.pool(rgb)))


def small_model(model_dir, out_dir, size=24):
    """The trained classifier exported at size x size (its graph pools to a histogram, so any
    size works): tensor instances of 299x299 would not fit in a 1.5 MB request."""
    proto = onnx.load(os.path.join(model_dir, "model.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in proto.graph.initializer}
    prototypes = weights["prototype_weights"][:, :, 0, 0] * model.TEMPERATURE / 2
    classifier = model.Model(prototypes, weights["class_weights"], weights["class_bias"], CLASSES)
    os.makedirs(out_dir)
    for name, data in export.export_files(classifier, size, size).items():
        with open(os.path.join(out_dir, name), "wb") as file:
            file.write(data)
    return out_dir


TMP = None
MODEL_DIR = None


def setUpModule():
    global TMP, MODEL_DIR
    TMP = tempfile.TemporaryDirectory()
    MODEL_DIR = train_model(os.path.join(TMP.name, "job"))


def tearDownModule():
    TMP.cleanup()


class ServingTest(unittest.TestCase):
    """One server for the class: health, predictions, bad requests."""

    @classmethod
    def setUpClass(cls):
        cls.model_dir = MODEL_DIR
        cls.server = Served(cls.model_dir)
        try:
            cls.server.wait_healthy()
        except Exception:
            cls.server.stop()
            raise
        cls.apple = prepare(APPLE)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def predict(self, body, **headers):
        return request(self.server.url(PREDICT_ROUTE), body, headers)

    def assert_refused(self, body, *fragments):
        status, answer = self.predict(body)
        self.assertEqual(status, 400, answer)
        self.assertIsInstance(answer, dict, answer)
        self.assertEqual(list(answer), ["error"])
        for fragment in fragments:
            self.assertIn(fragment, answer["error"])
        self.assertNotIn("Traceback", answer["error"])
        return answer["error"]

    def test_health_route(self):
        status, answer = request(self.server.url(HEALTH_ROUTE))
        self.assertEqual((status, answer), (200, {"status": "ready"}))

    def test_seed_request_says_apple(self):
        status, answer = self.predict({"instances": [seed_instance(self.apple)]})
        self.assertEqual(status, 200, answer)
        self.assertEqual(list(answer), ["predictions"])
        [prediction] = answer["predictions"]
        self.assertEqual(list(prediction), ["outputs"])  # signature.json's output_key
        scores = prediction["outputs"]
        self.assertEqual(len(scores), len(CLASSES))
        self.assertEqual(CLASSES[int(np.argmax(scores))], "apple")
        self.assertGreater(max(scores), 0.5)
        self.assertAlmostEqual(sum(scores), 1.0, places=5)
        # The same numbers as the trainer's numpy forward pass on the same pixels: RGB order
        # and unit scaling are the signature's.
        np.testing.assert_allclose(scores, numpy_scores(self.model_dir, self.apple), rtol=1e-4, atol=1e-6)
        # Written as the emulator writes float32 scores: the shortest decimal.
        for score in scores:
            self.assertEqual(float(str(np.float32(score))), score)

    def test_every_image_form_gives_the_same_scores(self):
        b64 = base64.b64encode(self.apple).decode()
        png = cv2.imencode(".png", cv2.imdecode(np.frombuffer(self.apple, np.uint8), cv2.IMREAD_COLOR))[1]
        instances = [
            seed_instance(self.apple),                     # the seed's form
            {"inputs": {"b64": b64}},                      # Google's binary form
            {"b64": b64},                                  # a bare {"b64": ...}
            base64.urlsafe_b64encode(self.apple).decode().rstrip("="),  # a bare string, no padding
            {"inputs": base64.b64encode(png.tobytes()).decode()},       # the same pixels as PNG
        ]
        status, answer = self.predict({"instances": instances, "parameters": {}})
        self.assertEqual(status, 200, answer)
        scores = [p["outputs"] for p in answer["predictions"]]
        self.assertEqual(len(scores), len(instances))
        for other in scores[1:]:
            self.assertEqual(other, scores[0])

    def test_several_images_in_request_order(self):
        paths = [os.path.join(DATA, name, f"{name}_0.jpg") for name in ("banana", "apple", "kiwi")]
        status, answer = self.predict({"instances": [seed_instance(prepare(p)) for p in paths]})
        self.assertEqual(status, 200, answer)
        top = [CLASSES[int(np.argmax(p["outputs"]))] for p in answer["predictions"]]
        self.assertEqual(top, ["banana", "apple", "kiwi"])

    def test_bad_instance_is_refused_naming_its_index(self):
        message = self.assert_refused(
            {"instances": [seed_instance(self.apple), {"inputs": "not base64!"}]},
            "instance 1", "not valid base64")
        self.assertEqual(message, 'Prediction failed: instance 1: "inputs" is not valid base64 '
                                  '(11 characters); send the image bytes in URL-safe or standard '
                                  'base64.')

    def test_image_of_another_size_is_refused(self):
        with open(APPLE, "rb") as file:  # the 400x300 photo, not resized
            photo = file.read()
        self.assert_refused({"instances": [seed_instance(self.apple), seed_instance(photo)]},
                            "instance 1", "400x300", "299x299")

    def test_other_bad_instances(self):
        apple = seed_instance(self.apple)
        self.assert_refused({"instances": [apple, apple, {"image": "x"}]},
                            "instance 2", 'no "inputs" key', "got {image}")
        self.assert_refused({"instances": [{"inputs": 42}]}, "instance 0", "must be a base64 image")
        self.assert_refused({"instances": [{"inputs": base64.b64encode(b"GIF89a....").decode()}]},
                            "instance 0", "not a JPEG/PNG")
        truncated = self.apple[:200]  # a frame header, then nothing
        self.assert_refused({"instances": [apple, seed_instance(truncated)]},
                            "instance 1", "cannot decode")
        self.assert_refused({"instances": [apple, {"inputs": [[[0.5, 0.5, 0.5]]]}]},
                            "instance 1", "299 rows of 299 pixels of 3 numbers")

    def test_bad_bodies(self):
        self.assert_refused({"instances": []}, "Invalid request", '{"instances": [...]}')
        self.assert_refused({"inputs": "x"}, "Invalid request")
        self.assert_refused(b"{not json", "Invalid JSON payload")
        self.assert_refused(b"[1, 2]", "must be a JSON object")
        self.assert_refused(b'{"instances": [NaN]}', "Invalid JSON payload")

    def test_request_over_the_size_limit_is_refused(self):
        big = base64.b64encode(os.urandom(1_200_000)).decode()  # 1.6 MB of base64
        self.assert_refused({"instances": [{"inputs": big}]},
                            "Request payload size exceeds the limit: 1572864 bytes")
        # The connection was drained, not broken: the server still answers.
        self.assertEqual(self.predict({"instances": [seed_instance(self.apple)]})[0], 200)

    def test_unknown_routes(self):
        status, answer = request(self.server.url("/predict"), {"instances": []})
        self.assertEqual(status, 404)
        self.assertIn(PREDICT_ROUTE, answer["error"])
        self.assertEqual(request(self.server.url("/"))[0], 404)


class TensorAndLifecycleTest(unittest.TestCase):
    """The tensor form (on the same classifier exported at 24x24, so a request stays far
    under 1.5 MB), and how the process starts and stops."""

    def setUp(self):
        self.model_dir = MODEL_DIR
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def serve(self, storage_uri, **env):
        server = Served(storage_uri, **env)
        self.addCleanup(server.stop)
        return server

    def test_tensor_and_image_of_the_same_pixels_agree(self):
        small = small_model(self.model_dir, os.path.join(self.tmp.name, "small"))
        server = self.serve(small)
        server.wait_healthy()
        jpeg = prepare(APPLE, 24, 24, quality=95)
        status, answer = request(server.url(PREDICT_ROUTE),
                                 {"instances": [{"inputs": unit_tensor(jpeg)}, seed_instance(jpeg),
                                                unit_tensor(jpeg)]})
        self.assertEqual(status, 200, answer)
        tensor, image, bare = (p["outputs"] for p in answer["predictions"])
        np.testing.assert_allclose(tensor, image, rtol=1e-5, atol=1e-7)
        self.assertEqual(tensor, bare)
        status, answer = request(server.url(PREDICT_ROUTE),
                                 {"instances": [{"inputs": [[[0.5, 0.5, True]] * 24] * 24}]})
        self.assertEqual(status, 400)
        self.assertIn("instance 0: the tensor must be 24 rows of 24 pixels of 3 numbers", answer["error"])

    def test_sigterm_stops_it_cleanly(self):
        server = self.serve(self.model_dir)
        server.wait_healthy()
        server.process.send_signal(signal.SIGTERM)
        self.assertEqual(server.process.wait(timeout=10), 0, server.output())
        self.assertNotIn("Traceback", server.output())

    def assert_fails_to_start(self, storage_uri, message, **env):
        server = self.serve(storage_uri, **env)
        try:
            code = server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.fail(f"server.py kept running:\n{server.output()}")
        self.assertEqual(code, 1, server.output())
        self.assertIn(message, server.output())
        self.assertNotIn("Traceback", server.output())

    def test_missing_model_fails_clearly(self):
        empty = os.path.join(self.tmp.name, "empty")
        os.makedirs(empty, exist_ok=True)
        self.assert_fails_to_start(empty, "cannot read " + os.path.join(empty, "signature.json"))
        self.assert_fails_to_start(os.path.join(self.tmp.name, "nowhere"), "not a gs:// URI nor a local directory")
        self.assert_fails_to_start("", "AIP_STORAGE_URI is not set")

    def test_bad_signature_fails_clearly(self):
        bad = os.path.join(self.tmp.name, "bad")
        os.makedirs(bad, exist_ok=True)
        with open(os.path.join(bad, "signature.json"), "w") as file:
            json.dump({"format": "magritte-onnx-signature/2", "input_name": "image",
                       "width": 299, "height": 299}, file)
        self.assert_fails_to_start(bad, 'unsupported format "magritte-onnx-signature/2"')

    def test_gs_uri_without_the_client_library_fails_clearly(self):
        try:
            import google.cloud.storage  # noqa: F401
        except ImportError:
            self.assert_fails_to_start("gs://magritte-demo/models/magritte_v1/model/",
                                       "google-cloud-storage is not installed")
        else:
            self.skipTest("google-cloud-storage is installed here")


if __name__ == "__main__":
    unittest.main()
