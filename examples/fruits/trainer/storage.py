"""A minimal Cloud Storage JSON API client over urllib, for the magritte emulator.

The trainer runs with only the standard library, numpy, PIL and onnx (Debian packages;
google-cloud-storage is not packaged), so it speaks the three JSON API calls it needs itself:
list objects, download one, upload one. It talks to $STORAGE_EMULATOR_HOST, the variable
Google's client libraries honour, which the emulator sets for the training runs it starts.
Real Cloud Storage would need OAuth credentials: out of scope for this example.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_SECONDS = 60


class StorageError(Exception):
    """A storage call failed; the message names the call, the object and the answer."""


def parse_gs_url(url):
    """'gs://bucket/some/path' -> ('bucket', 'some/path')."""
    if not url.startswith("gs://") or len(url) <= len("gs://"):
        raise StorageError(f"{url!r} is not a gs://BUCKET/PATH URL")
    bucket, _, path = url[len("gs://"):].partition("/")
    if not bucket:
        raise StorageError(f"{url!r} has no bucket name")
    return bucket, path


class Client:
    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip("/")

    @classmethod
    def from_environment(cls):
        host = os.environ.get("STORAGE_EMULATOR_HOST", "").strip()
        if not host:
            raise StorageError(
                "STORAGE_EMULATOR_HOST is not set. This example trainer reads and writes Cloud "
                "Storage only through the magritte emulator (which sets it for the jobs it runs, "
                "e.g. http://127.0.0.1:PORT); real Cloud Storage needs OAuth credentials, which "
                "this standard-library client does not implement.")
        if "://" not in host:  # Google's libraries accept a bare host:port too
            host = "http://" + host
        return cls(host)

    def list(self, bucket, prefix):
        """Names of all objects under `prefix`, following nextPageToken."""
        names, token = [], None
        while True:
            query = {"prefix": prefix, "fields": "items/name,nextPageToken"}
            if token:
                query["pageToken"] = token
            url = f"{self.endpoint}/storage/v1/b/{quote(bucket)}/o?{urllib.parse.urlencode(query)}"
            page = json.loads(self._call("GET", url, what=f"list gs://{bucket}/{prefix}"))
            names += [item["name"] for item in page.get("items", [])]
            token = page.get("nextPageToken")
            if not token:
                return names

    def download(self, bucket, name):
        url = f"{self.endpoint}/storage/v1/b/{quote(bucket)}/o/{quote(name)}?alt=media"
        return self._call("GET", url, what=f"download gs://{bucket}/{name}")

    def upload(self, bucket, name, data, content_type="application/octet-stream"):
        query = urllib.parse.urlencode({"uploadType": "media", "name": name})
        url = f"{self.endpoint}/upload/storage/v1/b/{quote(bucket)}/o?{query}"
        self._call("POST", url, what=f"upload gs://{bucket}/{name}", data=data,
                   headers={"Content-Type": content_type})

    def _call(self, method, url, what, data=None, headers=None):
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise StorageError(f"cannot {what}: HTTP {error.code}: {error_message(error)}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StorageError(f"cannot {what}: {reason} (storage endpoint {self.endpoint})") from None


def quote(text):
    return urllib.parse.quote(text, safe="")


def error_message(error):
    """The message of a Google-style error body, else the start of the raw body."""
    body = error.read().decode("utf-8", "replace")
    try:
        return json.loads(body)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return body[:300] or error.reason
