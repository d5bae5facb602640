"""A tiny in-memory stand-in for the three Cloud Storage JSON API calls the trainer makes.

Not the magritte emulator (that one is tested with the real gsutil/gcloud): this lets the
trainer's tests run without it. Lists are paginated with a small page size on purpose, so the
trainer's pagination is exercised.
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE_SIZE = 25


class FakeStorage:
    def __init__(self):
        self.objects = {}          # (bucket, name) -> bytes
        self.buckets = set()
        self.requests = []         # (method, path) in arrival order
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def put(self, bucket, name, data):
        self.buckets.add(bucket)
        self.objects[(bucket, name)] = data

    def _handler_class(self):
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                store.requests.append(("GET", self.path))
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                parts = url.path.split("/")
                # /storage/v1/b/<bucket>/o[/<name>]
                if parts[1:3] != ["storage", "v1"] or parts[3] != "b" or parts[5] != "o":
                    return self.error(404, "Not Found")
                bucket = urllib.parse.unquote(parts[4])
                if bucket not in store.buckets:
                    return self.error(404, f"The specified bucket does not exist.")
                if len(parts) == 6:
                    return self.list(bucket, query)
                name = urllib.parse.unquote("/".join(parts[6:]))
                if (bucket, name) not in store.objects or query.get("alt") != "media":
                    return self.error(404, f"No such object: {bucket}/{name}")
                self.reply(200, store.objects[(bucket, name)], "application/octet-stream")

            def list(self, bucket, query):
                prefix = query.get("prefix", "")
                names = sorted(n for b, n in store.objects if b == bucket and n.startswith(prefix))
                start = int(query.get("pageToken", "0"))
                page = {"kind": "storage#objects",
                        "items": [{"name": n, "bucket": bucket} for n in names[start:start + PAGE_SIZE]]}
                if start + PAGE_SIZE < len(names):
                    page["nextPageToken"] = str(start + PAGE_SIZE)
                self.reply(200, json.dumps(page).encode(), "application/json")

            def do_POST(self):
                store.requests.append(("POST", self.path))
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                parts = url.path.split("/")
                if parts[1:4] != ["upload", "storage", "v1"] or query.get("uploadType") != "media":
                    return self.error(400, "only uploadType=media is supported here")
                bucket = urllib.parse.unquote(parts[5])
                if bucket not in store.buckets:
                    return self.error(404, "The specified bucket does not exist.")
                data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                store.objects[(bucket, query["name"])] = data
                body = {"bucket": bucket, "name": query["name"], "size": str(len(data))}
                self.reply(200, json.dumps(body).encode(), "application/json")

            def error(self, code, message):
                body = {"error": {"code": code, "message": message}}
                self.reply(code, json.dumps(body).encode(), "application/json")

            def reply(self, code, body, content_type):
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
