#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""presign_web_app against hostile HTTP requests (no S3 server needed: it only signs).

Usage: web_app_requests.py PATH_TO_PRESIGN_WEB_APP

Starts the back end on a free loopback port, sends each request raw over a socket and checks
the status it answers, and that it is still serving afterwards (one bad request must not
stop the server for everyone), and that a client trickling its request head is cut off.
Output: PASS/FAIL lines, last `web_app_requests: N passed, M
failed`; exit status 1 when any failed.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

# (what, raw request, expected status); PORT is replaced by the server's port.
CASES = [
    ("no Host", b"GET / HTTP/1.1\r\n\r\n", 403),
    ("another Host (DNS rebinding)",
     b"GET /api/download?key=k&name=n HTTP/1.1\r\nHost: evil.example:PORT\r\n\r\n", 403),
    ("two Hosts", b"GET / HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nhost: evil.example\r\n\r\n", 403),
    ("localhost", b"GET / HTTP/1.1\r\nhost:  localhost:PORT \r\n\r\n", 200),
    ("empty target", b"GET  HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 400),
    ("query-only target", b"GET ?a=b HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 400),
    ("asterisk target", b"GET * HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 400),
    ("absolute-form target", b"GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 400),
    ("no HTTP version", b"GET /\r\n\r\n", 400),
    ("unknown path", b"GET /etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 404),
    ("traversal to the page", b"GET /../static/index.html HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 404),
    ("file name '..'", b"POST /api/upload?name=%2E%2E&type=text/plain HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 400),
    ("file name '.'", b"POST /api/upload?name=. HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 400),
    ("file name with %2F", b"POST /api/upload?name=a%2F..%2Fb HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 400),
    ("a plain file name", b"POST /api/upload?name=..a.txt&size=3 HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 200),
    # A UTF-8 name whose Content-Disposition, percent-encoded twice, outgrows a 4 KiB URL.
    ("a long UTF-8 download name", b"GET /api/download?key=uploads/a&name="
     + b"%E6%97%A5" * 300 + b" HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 200),
    ("a long UTF-8 key", b"POST /api/upload?name=" + b"%E6%97%A5" * 330
     + b"&size=1 HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 200),
    ("a download outside the upload prefixes",
     b"GET /api/download?key=secret/private.pdf&name=p.pdf HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 403),
    ("a download of a POST upload",
     b"GET /api/download?key=post-uploads/a&name=a HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 200),
    ("a size with a leading zero", b"POST /api/upload?name=a.txt&size=05 HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 400),
    ("a size over 5 GiB", b"POST /api/upload?name=a.txt&size=5368709121 HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 400),
    ("a size of 5 GiB", b"POST /api/upload?name=a.txt&size=5368709120 HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 200),
    ("an empty file", b"POST /api/upload?name=a.txt&size=0 HTTP/1.1\r\n"
     b"Host: 127.0.0.1:PORT\r\n\r\n", 200),
    ("the page", b"GET / HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 200),
]


def send(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out
            out += chunk


def status_of(answer: bytes) -> int | None:
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def main() -> int:
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
               AWS_SESSION_TOKEN="IQoJb3JpZ2luX2VjE" * 70)  # STS tokens run to ~1 KiB
    server = subprocess.Popen([sys.argv[1], "--bucket", "example-bucket", "--port", "0"],
                              stdout=subprocess.PIPE, env=env, text=True)
    passed = failed = 0
    try:
        line = server.stdout.readline()
        port = int(line.strip().rsplit(":", 1)[1].rstrip("/"))
        for what, raw, expected in CASES:
            try:
                got = status_of(send(port, raw.replace(b"PORT", str(port).encode())))
            except OSError as e:
                got = f"no answer ({e})"
            time.sleep(0.1)
            alive = server.poll() is None
            if got == expected and alive:
                passed += 1
                print(f"PASS {what}: {expected}")
            else:
                failed += 1
                print(f"FAIL {what}: expected {expected}, got {got}"
                      f"{'' if alive else f'; the server exited ({server.returncode})'}")
                if not alive:
                    break
        # A client that trickles its request head a byte at a time must be cut off (the
        # server bounds the whole head, not only each read), not hold a thread forever.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            start, cut = time.monotonic(), False
            request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Pad: " % port
            for i in range(120):  # 60 s at 0.5 s a byte
                try:
                    s.sendall(request[i:i + 1] or b"a")
                    s.setblocking(False)
                    cut = s.recv(1) == b""
                except BlockingIOError:
                    pass
                except OSError:
                    cut = True
                s.setblocking(True)
                if cut:
                    break
                time.sleep(0.5)
            if cut:
                passed += 1
                print(f"PASS trickled head: cut off after {time.monotonic() - start:.0f} s")
            else:
                failed += 1
                print("FAIL trickled head: still open after 60 s")
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()
    print(f"web_app_requests: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
