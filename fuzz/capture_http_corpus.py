#!/usr/bin/env python3
"""Seeds for http_fuzzer from a real gcloud/gsutil session (how fuzz/corpus/http/ was made).

    fuzz/capture_http_corpus.py LISTEN_PORT EMULATOR_PORT OUT_DIR

Relays LISTEN_PORT to the emulator on EMULATOR_PORT and writes what each client connection
sent, byte for byte, to OUT_DIR/conn-N.http (gcloud speaks plain HTTP to the emulator as its
proxy: absolute-form requests, keep-alive). Point a gcloud config at LISTEN_PORT
(`magritte emulator env --port LISTEN_PORT`), run commands, then stop with Ctrl-C. gsutil
speaks TLS inside CONNECT: for those connections only the CONNECT head is kept, and
--from-log turns the emulator's request log (/_emulator/requests: method, host, path, query)
into CONNECT + plain-HTTP seeds instead.

    fuzz/capture_http_corpus.py --from-log EMULATOR_PORT OUT_DIR
"""
import json
import os
import socket
import sys
import threading
import urllib.parse
import urllib.request

MAX_SEED = 8 * 1024


def relay(client, port, path):
    upstream = socket.create_connection(("127.0.0.1", port))
    sent = bytearray()

    def back():
        try:
            while data := upstream.recv(65536):
                client.sendall(data)
        except OSError:
            pass
        client.close()

    threading.Thread(target=back, daemon=True).start()
    try:
        while data := client.recv(65536):
            sent += data
            upstream.sendall(data)
    except OSError:
        pass
    upstream.close()
    if sent.startswith(b"CONNECT"):
        sent = sent[: sent.find(b"\r\n\r\n") + 4]  # the rest is TLS
    if sent:
        with open(path, "wb") as out:
            out.write(bytes(sent[:MAX_SEED]))


def capture(listen_port, emulator_port, out_dir):
    server = socket.create_server(("127.0.0.1", listen_port))
    count = 0
    while True:
        client, _ = server.accept()
        count += 1
        path = os.path.join(out_dir, f"conn-{count}.http")
        threading.Thread(target=relay, args=(client, emulator_port, path), daemon=True).start()


def from_log(emulator_port, out_dir):
    with urllib.request.urlopen(f"http://127.0.0.1:{emulator_port}/_emulator/requests") as answer:
        records = json.load(answer)
    records = records.get("requests", records) if isinstance(records, dict) else records
    for number, record in enumerate(records, 1):
        target = urllib.parse.quote(record["path"], safe="/:@!$&'()*+,;=-._~") + ("?" + record["query"] if record.get("query") else "")
        host = record["host"]
        head = f"{record['method']} {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: gsutil\r\n"
        body = b""
        if record["method"] in ("POST", "PUT", "PATCH"):
            body = b"{}"
            head += "Content-Type: application/json\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        seed = f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode() + head.encode() + body
        with open(os.path.join(out_dir, f"log-{number}.http"), "wb") as out:
            out.write(seed)


if __name__ == "__main__":
    if sys.argv[1] == "--from-log":
        from_log(int(sys.argv[2]), sys.argv[3])
    else:
        capture(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
