#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Strict loopback fakes of the EC2 IMDSv2 and ECS/EKS container credentials endpoints, for the
built-in transport's end-to-end test (tests/credentials/http_e2e.cpp).

Usage: fake_endpoints.py CLIENT [ARGS...]
Starts one HTTP server on 127.0.0.1 with a free port, runs CLIENT with PRESIGN_FAKE_PORT set,
and exits with the client's status. The first path segment picks a behaviour, so that one
server covers every case (the IMDS provider takes the endpoint with a path prefix):
  /imds/...       IMDSv2 as documented: PUT /latest/api/token needs
                  x-aws-ec2-metadata-token-ttl-seconds (1..21600, else 400), GETs need a valid
                  unexpired token (else 401), other methods 405.
  /expiring/...   the same, but every first token is already expired when used.
  /slow/...       waits 3 s before answering (the client's read timeout is shorter).
  /truncated/...  announces Content-Length 100, sends 10 bytes, closes.
  /oversized/...  a 1 MiB body.
  /close/...      IMDS without Content-Length: the body ends when the server closes.
  /chunked/...    a chunked answer (refused by the transport).
  /ecs/creds      the container endpoint: needs Authorization: ecs-secret-token, else 401.
"""
import http.server
import os
import secrets
import socketserver
import subprocess
import sys
import threading
import time

CREDS = ('{"Code":"Success","LastUpdated":"2026-12-02T20:00:00Z","Type":"AWS-HMAC",'
         '"AccessKeyId":"ASIAFAKEIMDS","SecretAccessKey":"fake\\/imds\\/secret",'
         '"Token":"fake-session-token","Expiration":"2099-01-01T00:00:00Z"}')
ECS_CREDS = ('{"AccessKeyId":"ASIAFAKEECS","SecretAccessKey":"fake-ecs-secret",'
             '"Token":"fake-ecs-token","Expiration":"2099-01-01T00:00:00Z",'
             '"RoleArn":"arn:aws:iam::123456789012:role/fake"}')
ROLE = "fake-role"

tokens = {}  # token -> expiry (monotonic seconds)
tokens_lock = threading.Lock()
expiring_seen = set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def answer(self, status, body=b"", length=True):
        self.send_response(status)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def mode_and_rest(self):
        parts = self.path.split("/", 2)
        if len(parts) < 3:
            return "", self.path
        return parts[1], "/" + parts[2]

    def do_PUT(self):
        mode, rest = self.mode_and_rest()
        if rest != "/latest/api/token":
            return self.answer(405 if rest.startswith("/latest/meta-data") else 404)
        length = int(self.headers.get("Content-Length", "0") or "0")
        if length:
            self.rfile.read(length)
        ttl = self.headers.get("x-aws-ec2-metadata-token-ttl-seconds")
        if ttl is None or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.answer(400)
        if self.headers.get("X-Forwarded-For") is not None:
            return self.answer(403)
        token = secrets.token_urlsafe(40)
        expiry = time.monotonic() + int(ttl)
        if mode == "expiring" and "first" not in expiring_seen:
            expiring_seen.add("first")
            expiry = time.monotonic() - 1  # already expired by the time it is used
        with tokens_lock:
            tokens[token] = expiry
        if mode == "close":
            body = token.encode()
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.answer(200, token.encode())

    def do_GET(self):
        mode, rest = self.mode_and_rest()
        if mode == "ecs":
            if self.headers.get("Authorization") != "ecs-secret-token":
                return self.answer(401)
            return self.answer(200, ECS_CREDS.encode())
        if mode == "slow":
            time.sleep(3)
            return self.answer(200, b"late")
        token = self.headers.get("x-aws-ec2-metadata-token")
        with tokens_lock:
            expiry = tokens.get(token)
        if expiry is None or expiry < time.monotonic():
            return self.answer(401)
        base = "/latest/meta-data/iam/security-credentials/"
        if rest == base:
            body = ROLE.encode()
        elif rest == base + ROLE:
            body = CREDS.encode()
        else:
            return self.answer(404)
        if mode == "truncated" and rest == base + ROLE:
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(body[:10])
            self.close_connection = True
            return
        if mode == "oversized" and rest == base + ROLE:
            return self.answer(200, b"x" * (1 << 20))
        if mode == "chunked" and rest == base + ROLE:
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
            self.close_connection = True
            return
        self.answer(200, body, length=(mode != "close"))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, PRESIGN_FAKE_PORT=str(server.server_address[1]))
    rc = subprocess.run(sys.argv[1:], env=env, timeout=60).returncode
    server.shutdown()
    return rc


if __name__ == "__main__":
    sys.exit(main())
