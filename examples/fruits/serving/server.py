#!/usr/bin/env python3
"""A Vertex AI custom serving container for magritte's ONNX models (model.onnx + signature.json).

Vertex AI's contract for a custom container (what it sets in the environment):
    AIP_HTTP_PORT       the port to listen on (default 8080)
    AIP_HEALTH_ROUTE    GET: 200 once the model is loaded (503 while loading)
    AIP_PREDICT_ROUTE   POST {"instances": [...]} -> {"predictions": [...]}
    AIP_STORAGE_URI     gs:// directory Vertex copied the model artifacts to; a local directory
                        is accepted too (local runs and tests)

The model directory is the one the fruits trainer exports (trainer/export.py), read as the
magritte emulator reads it (docs/model-signature.md): signature.json says which graph input
takes the image, its fixed size, colour order, scaling and layout, and the instance and output
keys. Each instance is, under signature.instance_key (or as the bare instance):
    "<base64 image>"            the seed's form (URL-safe or standard alphabet)
    {"b64": "<base64 image>"}   Google's standard form for binary inputs
    [[[c0, c1, c2], ...], ...]  a height x width x 3 tensor, already ordered and scaled
Images (JPEG or PNG) must already be the model's size: they are not resized here (magritte
predict resizes before sending; the emulator refuses other sizes the same way). The answer
is {"predictions": [{"<output_key>": [scores...]}, ...]}, one per instance, in order, scores
written as the shortest decimals that read back as the same float32, as the emulator does.

A bad request gets 400 {"error": "Prediction failed: instance I: <what is wrong>"} (or
"Invalid request: ..." for the body as a whole); never a traceback.

Runs on the Python standard library plus numpy and OpenCV (cv2.dnn.readNetFromONNX), and
google-cloud-storage for gs:// URIs.
"""

import base64
import binascii
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import cv2
    import numpy as np
except ImportError as missing:
    sys.exit(f"ERROR: {missing.name} is not installed for {sys.executable}: install numpy and "
             f"OpenCV's Python bindings (pip install numpy opencv-python-headless, or Debian's "
             f"apt-get install python3-opencv).")

SIGNATURE_FILE = "signature.json"
SIGNATURE_FORMAT = "magritte-onnx-signature/1"
# Vertex AI's documented limit on an online prediction request (1.5 MB, counted in MiB), which
# the magritte emulator applies too. Vertex enforces it before the container; this is the
# container's own guard (a local client, or a change of limit).
MAX_REQUEST_BYTES = 1_572_864
# A body up to this size is read and dropped before refusing it (so the client sees the 400
# rather than a reset connection); a larger one closes the connection.
MAX_DRAINED_BYTES = 64 * 1024 * 1024
CAFFE_MEAN_RGB = np.array([123.68, 116.779, 103.939], dtype=np.float32)


def log(message):
    print(f"serving: {message}", file=sys.stderr, flush=True)


# --- signature.json (as src/emulator/ml/signature.cpp reads it) ------------------------------

class SignatureError(Exception):
    pass


class Signature:
    def __init__(self, document):
        def bad(message):
            raise SignatureError(f"{SIGNATURE_FILE}: {message}")

        if not isinstance(document, dict):
            bad("not a JSON object")

        def text(name, fallback, required=False):
            if name not in document:
                if required:
                    bad(f'missing required field "{name}"')
                return fallback
            value = document[name]
            if not isinstance(value, str) or not value:
                bad(f'field "{name}" must be a non-empty string, not {json.dumps(value)}')
            return value

        def size(name):
            if name not in document:
                bad(f'missing required field "{name}"')
            value = document[name]
            if type(value) is not int or not 0 < value <= 100_000:
                bad(f'field "{name}" must be a positive integer (pixels), not {json.dumps(value)}')
            return value

        def choice(name, fallback, accepted):
            if name not in document:
                return fallback
            value = document[name]
            if isinstance(value, str) and value in accepted:
                return value
            bad(f'field "{name}" is {json.dumps(value)}; accepted (case-sensitive): '
                f'{", ".join(accepted)}')

        format_ = text("format", "", required=True)
        if format_ != SIGNATURE_FORMAT:
            bad(f'unsupported format "{format_}"; this server reads "{SIGNATURE_FORMAT}"')
        self.model_file = text("model_file", "model.onnx")
        if "/" in self.model_file or self.model_file in (".", ".."):
            bad(f'field "model_file" must be a plain file name next to {SIGNATURE_FILE}, '
                f'not "{self.model_file}"')
        self.input_name = text("input_name", "", required=True)
        self.instance_key = text("instance_key", "inputs")
        self.output_key = text("output_key", "outputs")
        self.width = size("width")
        self.height = size("height")
        self.layout = choice("layout", "NCHW", ["NCHW", "NHWC"])
        self.color_order = choice("color_order", "RGB", ["RGB", "BGR"])
        self.scaling = choice("scaling", "unit", ["raw", "unit", "inception", "caffe"])
        labels = document.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            bad('field "labels" must be an array of strings')
        self.labels = labels


# --- where the model comes from ----------------------------------------------------------------

def fetch_model_directory(uri):
    """A local directory holding signature.json and its model file: `uri` itself, or a fresh
    temporary copy of a gs:// directory's two files."""
    if not uri:
        raise RuntimeError("AIP_STORAGE_URI is not set: Vertex AI sets it to the gs:// directory "
                           "holding the model's artifacts; for a local run, set it to a directory "
                           "holding model.onnx and signature.json")
    if not uri.startswith("gs://"):
        path = uri[len("file://"):] if uri.startswith("file://") else uri
        if not os.path.isdir(path):
            raise RuntimeError(f"AIP_STORAGE_URI={uri}: not a gs:// URI nor a local directory")
        return path
    try:
        from google.cloud import storage
    except ImportError:
        raise RuntimeError(f"AIP_STORAGE_URI={uri} is a gs:// URI but google-cloud-storage is not "
                           f"installed for {sys.executable} (pip install google-cloud-storage)") from None
    bucket_name, _, prefix = uri[len("gs://"):].partition("/")
    if not bucket_name:
        raise RuntimeError(f"AIP_STORAGE_URI={uri}: no bucket name")
    prefix = prefix.rstrip("/") + "/" if prefix.strip("/") else ""
    local = tempfile.mkdtemp(prefix="model-")
    try:
        bucket = storage.Client().bucket(bucket_name)

        def download(name):
            blob = bucket.blob(prefix + name)
            target = os.path.join(local, name)
            blob.download_to_filename(target)
            log(f"downloaded gs://{bucket_name}/{prefix}{name} ({os.path.getsize(target)} bytes)")

        download(SIGNATURE_FILE)
        with open(os.path.join(local, SIGNATURE_FILE), "rb") as file:
            signature = Signature(parse_json(file.read()))
        download(signature.model_file)
    except SignatureError:
        raise
    except Exception as error:  # the client library's many exception types
        raise RuntimeError(f"cannot copy the model from {uri}: {type(error).__name__}: {error}") from None
    return local


def parse_json(data):
    def no_constants(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(data.decode("utf-8"), parse_constant=no_constants)


# --- the model ----------------------------------------------------------------------------------

class BadInstance(Exception):
    """A request the client must fix: 400."""


def refuse(index, what):
    raise BadInstance(f"Prediction failed: instance {index}: {what}")


def base64_decode(text):
    """Like the emulator: URL-safe or standard alphabet, whitespace ignored, padding optional
    (but nothing after it); None when not base64 or empty."""
    text = re.sub(r"[ \t\r\n]", "", text)
    data, _, padding = text.partition("=")
    if padding.strip("=") or not re.fullmatch(r"[A-Za-z0-9+/_-]*", data) or len(data) % 4 == 1:
        return None
    try:
        decoded = base64.b64decode(data.replace("-", "+").replace("_", "/") + "=" * (-len(data) % 4),
                                   validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded or None


def image_size(data):
    """(width, height) from a PNG's IHDR or a JPEG's frame header, without decoding; None for
    anything else (src/emulator/ml/image_size.cpp)."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if len(data) < 4 or data[0] != 0xFF or data[1] != 0xD8:
        return None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if at + 9 > len(data):
                return None
            return int.from_bytes(data[at + 7:at + 9], "big"), int.from_bytes(data[at + 5:at + 7], "big")
        if marker in (0xD9, 0xDA) or length < 2:
            return None
        at += 2 + length
    return None


class Model:
    def __init__(self, directory):
        path = os.path.join(directory, SIGNATURE_FILE)
        try:
            with open(path, "rb") as file:
                document = parse_json(file.read())
        except OSError as error:
            raise RuntimeError(f"cannot read {path}: {error.strerror}") from None
        except ValueError as error:
            raise SignatureError(f"{SIGNATURE_FILE}: not valid JSON ({error})") from None
        self.signature = Signature(document)
        model_path = os.path.join(directory, self.signature.model_file)
        if not os.path.isfile(model_path):
            raise RuntimeError(f"model file {model_path} not found")
        try:
            self.net = cv2.dnn.readNetFromONNX(model_path)
        except cv2.error as error:
            raise RuntimeError(f"cannot load {model_path}: {error}") from None
        if self.net.empty():
            raise RuntimeError(f"cannot load {model_path}: empty network")
        self.lock = threading.Lock()  # cv2.dnn.Net runs one forward pass at a time
        s = self.signature
        log(f"loaded {model_path}: input {s.input_name} {s.width}x{s.height} {s.layout} "
            f"{s.color_order} {s.scaling}, {len(s.labels)} labels")

    # The request -> [(kind, payload)]: checked as src/emulator/ml/instances.cpp checks them.
    def decode_instances(self, instances):
        if not isinstance(instances, list) or not instances:
            raise BadInstance('Invalid request: the body must be {"instances": [...]} with at '
                              'least one instance.')
        key = self.signature.instance_key
        decoded = []
        for index, instance in enumerate(instances):
            if not isinstance(instance, dict) or "b64" in instance:
                decoded.append(self.decode_value(index, instance))
                continue
            if key not in instance:
                refuse(index, f'no "{key}" key (the model\'s instance key); got {{{", ".join(instance)}}}.')
            decoded.append(self.decode_value(index, instance[key]))
        return decoded

    def decode_value(self, index, value):
        if isinstance(value, str):
            return "image", self.decode_image(index, value)
        if isinstance(value, dict) and isinstance(value.get("b64"), str):
            return "image", self.decode_image(index, value["b64"])
        if isinstance(value, list):
            return "tensor", self.decode_tensor(index, value)
        refuse(index, f'"{self.signature.instance_key}" must be a base64 image string, '
                      f'{{"b64": "<base64 image>"}} or a height x width x 3 array of numbers.')

    def decode_image(self, index, text):
        s = self.signature
        data = base64_decode(text)
        if data is None:
            refuse(index, f'"{s.instance_key}" is not valid base64 ({len(text)} characters); send '
                          f'the image bytes in URL-safe or standard base64.')
        size = image_size(data)
        if size is None:
            # The emulator hands such bytes to OpenCV anyway; here only JPEG and PNG (what
            # docs/model-signature.md names) are decoded, so that no other format's header
            # can make the decoder allocate an arbitrary image.
            refuse(index, "cannot decode the image (not a JPEG/PNG or corrupt)")
        if size != (s.width, s.height):
            refuse(index, f"the image is {size[0]}x{size[1]} (width x height) but the model's input "
                          f"is {s.width}x{s.height}; resize images to the model's size before "
                          f"sending them.")
        return data

    def decode_tensor(self, index, rows):
        s = self.signature

        def wrong_shape():
            refuse(index, f"the tensor must be {s.height} rows of {s.width} pixels of 3 numbers (HWC).")

        if len(rows) != s.height:
            wrong_shape()
        for row in rows:
            if type(row) is not list or len(row) != s.width:
                wrong_shape()
            for pixel in row:
                if type(pixel) is not list or len(pixel) != 3:
                    wrong_shape()
                for channel in pixel:
                    if type(channel) is not float and type(channel) is not int:  # bool is not a number
                        wrong_shape()
        with np.errstate(over="ignore"):
            return np.array(rows, dtype=np.float32)

    # src/vision/onnx_model.cpp: decode (EXIF orientation applied), check the size, reorder,
    # scale with float32 arithmetic.
    def image_to_tensor(self, data):
        s = self.signature
        try:
            bgr = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
        except cv2.error as error:
            raise BadImage(f"cannot decode the image: {error}") from None
        if bgr is None or bgr.size == 0:
            raise BadImage("cannot decode the image (not a JPEG/PNG or corrupt)")
        if bgr.shape[1] != s.width or bgr.shape[0] != s.height:
            raise BadImage(f"image is {bgr.shape[1]}x{bgr.shape[0]}, the model expects {s.width}x{s.height}")
        ordered = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB) if s.color_order == "RGB" else bgr
        values = ordered.astype(np.float32)
        if s.scaling == "unit":
            return values / np.float32(255)
        if s.scaling == "inception":
            return values / np.float32(127.5) - np.float32(1)
        if s.scaling == "caffe":  # the mean belongs to the colour, not to the position
            return values - (CAFFE_MEAN_RGB if s.color_order == "RGB" else CAFFE_MEAN_RGB[::-1])
        return values

    def forward(self, tensors):
        """HWC tensors -> one output vector each; a graph with a fixed batch of 1 that refuses
        the batch gets them one at a time."""
        try:
            return self.forward_batch(tensors)
        except cv2.error:
            if len(tensors) == 1:
                raise
        return [self.forward_batch([tensor])[0] for tensor in tensors]

    def forward_batch(self, tensors):
        blob = np.stack(tensors)
        if self.signature.layout == "NCHW":
            blob = np.ascontiguousarray(blob.transpose(0, 3, 1, 2))
        with self.lock:
            self.net.setInput(blob, self.signature.input_name)
            result = np.array(self.net.forward(), dtype=np.float32)
        if result.size % len(tensors):
            raise cv2.error(f"the model returned {result.size} values for {len(tensors)} inputs")
        return list(result.reshape(len(tensors), -1))

    def predict(self, instances):
        decoded = self.decode_instances(instances)
        outputs = [None] * len(decoded)
        tensors, owners = [], []
        for index, (kind, payload) in enumerate(decoded):
            if kind == "image":
                try:
                    payload = self.image_to_tensor(payload)
                except BadImage as error:
                    refuse(index, str(error))
            tensors.append(payload)
            owners.append(index)
        try:
            results = self.forward(tensors)
        except cv2.error as error:
            refuse(owners[0], f"the model failed: {error}")
        for index, result in zip(owners, results):
            outputs[index] = result
        key = self.signature.output_key
        return {"predictions": [{key: [shortest(v) for v in output]} for output in outputs]}


class BadImage(Exception):
    pass


def shortest(value):
    """The shortest decimal that reads back as the same float32 (0.25, not 0.2500000037)."""
    return float(str(np.float32(value)))


# --- HTTP ---------------------------------------------------------------------------------------

class State:
    def __init__(self):
        self.model = None
        self.failure = None


def make_handler(state, health_route, predict_route):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "magritte-onnx-serving/1"

        def log_message(self, format_, *args):  # one line per request, written in reply()
            pass

        def reply(self, code, body, note=""):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            if self.path != health_route or code != 200:
                log(f"{self.command} {self.path} {code}{note}")

        def route(self):
            return self.path.split("?", 1)[0]

        def do_GET(self):
            if self.route() == health_route:
                if state.model is not None:
                    self.reply(200, {"status": "ready"})
                else:
                    self.reply(503, {"status": "loading"})
            else:
                self.reply(404, {"error": f"no route GET {self.route()}; the health route is "
                                          f"GET {health_route}, predictions POST {predict_route}"})

        do_HEAD = do_GET

        def do_POST(self):
            if self.route() != predict_route:
                self.read_body()  # keep the connection usable
                self.reply(404, {"error": f"no route POST {self.route()}; predictions go to "
                                          f"POST {predict_route}"})
                return
            started = time.monotonic()
            try:
                body = self.read_body()
                if body is None:
                    return
                if state.model is None:
                    self.reply(503, {"error": "the model is still loading; retry shortly"})
                    return
                try:
                    request = parse_json(body) if body else {}
                except (ValueError, RecursionError) as error:
                    raise BadInstance(f"Invalid JSON payload received. {error}") from None
                if not isinstance(request, dict):
                    raise BadInstance("Invalid JSON payload received. The request body must be a "
                                      "JSON object.")
                instances = request.get("instances")
                answer = state.model.predict(instances)
                self.reply(200, answer, f" instances={len(instances)} "
                                        f"{(time.monotonic() - started) * 1000:.0f} ms")
            except BadInstance as error:
                self.reply(400, {"error": str(error)}, f": {error}")
            except Exception as error:  # a bug: the log gets the traceback, the client does not
                traceback.print_exc(file=sys.stderr)
                self.reply(500, {"error": f"internal error: {type(error).__name__}: {error}"})

        def read_body(self):
            """The body (bytes), or None after answering an oversized or unreadable one."""
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                return self.read_chunked()
            try:
                length = int(self.headers.get("Content-Length", "0"))
                if length < 0:
                    raise ValueError
            except ValueError:
                self.close_connection = True
                self.reply(400, {"error": "Invalid request: bad Content-Length"})
                return None
            if length > MAX_REQUEST_BYTES:
                self.refuse_size(length)
                return None
            return self.rfile.read(length)

        def read_chunked(self):
            body = bytearray()
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    self.reply(400, {"error": "Invalid request: bad chunked encoding"})
                    return None
                if size == 0:
                    while self.rfile.readline(1024).strip():  # trailers
                        pass
                    return bytes(body)
                if len(body) + size > MAX_REQUEST_BYTES:
                    self.close_connection = True
                    self.reply(400, {"error": f"Request payload size exceeds the limit: "
                                              f"{MAX_REQUEST_BYTES} bytes."})
                    return None
                body += self.rfile.read(size)
                self.rfile.readline(1024)

        def refuse_size(self, length):
            if length <= MAX_DRAINED_BYTES:
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 1 << 20))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            else:
                self.close_connection = True
            message = (f"Request payload size exceeds the limit: {MAX_REQUEST_BYTES} bytes (this "
                       f"request has {length}).")
            self.reply(400, {"error": message}, f": {message}")

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    port = int(os.environ.get("AIP_HTTP_PORT") or 8080)
    health_route = os.environ.get("AIP_HEALTH_ROUTE") or "/health"
    predict_route = os.environ.get("AIP_PREDICT_ROUTE") or "/predict"
    uri = os.environ.get("AIP_STORAGE_URI", "")
    state = State()
    server = Server(("", port), make_handler(state, health_route, predict_route))
    log(f"listening on port {port}: GET {health_route}, POST {predict_route}; model from "
        f"{uri or '(AIP_STORAGE_URI unset)'}")

    def stop(*_):  # Vertex sends SIGTERM when it takes the replica down
        threading.Thread(target=server.shutdown, daemon=True).start()

    def load():
        try:
            state.model = Model(fetch_model_directory(uri))
        except (RuntimeError, SignatureError) as error:
            state.failure = str(error)
        except Exception as error:  # noqa: BLE001 - whatever it is, say it and stop
            state.failure = f"{type(error).__name__}: {error}"
        if state.failure:
            log(f"ERROR: {state.failure}")
            stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=load, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    if state.failure:
        return 1
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
