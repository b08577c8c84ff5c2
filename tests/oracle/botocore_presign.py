#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The botocore side of the differential test: botocore's presigned URL for each case.
"""Produce botocore's presigned URL for each differential-test case.

Run with Debian's interpreter (/usr/bin/python3, which has python3-botocore).

* Time is frozen per case: ``datetime`` as seen by botocore.auth is replaced by a
  shim whose ``datetime.utcnow()`` returns the case's signing time (nothing
  else in the process is touched). ``BOTO_DISABLE_CRT=true`` keeps botocore on
  its pure-Python signer even where python3-awscrt is installed.
* Signature version is forced to ``s3v4`` (botocore 1.29 would presign SigV2).
* The client's ``endpoint_url`` is pinned to the host our CLI must produce, so
  both sides sign the same host (botocore would otherwise use the global
  ``s3.amazonaws.com`` for virtual-hosted URLs in every aws-partition region).
* Query parameters and headers that no botocore Params member models are added
  by a ``before-sign`` handler (registered last, so after botocore's own
  handlers) just before botocore signs: botocore's encoder and signer still do
  all the work.
* Clients are cached per (region, endpoint, style, credentials).

Usage:
  botocore_presign.py --self-test              check the S3 documentation vectors
  botocore_presign.py [--cases FILE|-]         JSON lines in, {"id","url"} lines out
                                               (default: the generated cases)
"""
from __future__ import annotations

import argparse
import datetime as _real_datetime
import json
import os
import sys
import types

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
os.environ["BOTO_DISABLE_CRT"] = "true"  # before botocore is imported

try:
    import botocore
    import botocore.auth
    import botocore.config
    import botocore.session
    from botocore.utils import percent_encode
except ImportError as e:  # pragma: no cover - environment problem
    raise SystemExit(
        f"botocore_presign: cannot import botocore ({e}); run with /usr/bin/python3 "
        "and install Debian's python3-botocore") from e


class _FrozenClock:
    """Stands in for the ``datetime`` module inside botocore.auth only."""

    def __init__(self):
        self.now = _real_datetime.datetime(2013, 5, 24)
        clock = self

        class FrozenDateTime(_real_datetime.datetime):
            @classmethod
            def utcnow(cls):
                return clock.now

            @classmethod
            def now(cls, tz=None):  # noqa: D401 - same signature as datetime.now
                return clock.now if tz is None else clock.now.replace(tzinfo=tz)

        shim = types.ModuleType("datetime")
        shim.__dict__.update({k: getattr(_real_datetime, k) for k in dir(_real_datetime)
                              if not k.startswith("__")})
        shim.datetime = FrozenDateTime
        self.module = shim

    def set(self, amz_time: str) -> None:
        self.now = _real_datetime.datetime.strptime(amz_time, "%Y%m%dT%H%M%SZ")


class BotocorePresigner:
    """botocore's presigned URL for a case's ``botocore`` dict (see generate_cases.py)."""

    def __init__(self):
        self._session = botocore.session.get_session()
        self._clients: dict = {}
        self._clock = _FrozenClock()
        self._inject_query: list = []
        self._inject_headers: list = []
        # Freeze time for botocore's signers only. botocore 1.29 calls
        # datetime.datetime.utcnow() in botocore.auth; newer releases call
        # botocore.compat.get_current_datetime(), imported into botocore.auth.
        botocore.auth.datetime = self._clock.module
        if hasattr(botocore.auth, "get_current_datetime"):
            botocore.auth.get_current_datetime = lambda remove_tzinfo=True: (
                self._clock.now if remove_tzinfo
                else self._clock.now.replace(tzinfo=_real_datetime.timezone.utc))

    def _inject(self, request, **_kwargs):
        for name, value in self._inject_headers:
            request.headers[name] = value
        if self._inject_query:
            extra = "&".join(f"{percent_encode(n)}={percent_encode(v)}"
                             for n, v in self._inject_query)
            request.url += ("&" if "?" in request.url else "?") + extra

    def _client(self, call: dict):
        key = (call["region"], call["endpoint_url"], call["addressing_style"],
               call["access_key"], call["secret_key"], call.get("token"))
        client = self._clients.get(key)
        if client is None:
            client = self._session.create_client(
                "s3", region_name=call["region"], endpoint_url=call["endpoint_url"],
                aws_access_key_id=call["access_key"],
                aws_secret_access_key=call["secret_key"],
                aws_session_token=call.get("token"),
                config=botocore.config.Config(
                    signature_version="s3v4",
                    s3={"addressing_style": call["addressing_style"]}))
            client.meta.events.register_last("before-sign.s3", self._inject)
            self._clients[key] = client
        return client

    def presign(self, call: dict) -> str:
        client = self._client(call)
        self._clock.set(call["time"])
        self._inject_query = call.get("inject_query", [])
        self._inject_headers = call.get("inject_headers", [])
        try:
            return client.generate_presigned_url(
                call["operation"], Params=call["params"], ExpiresIn=call["expires_in"],
                HttpMethod=call["http_method"])
        finally:
            self._inject_query = []
            self._inject_headers = []


# The S3 documentation example ("Authenticating Requests: Using Query Parameters")
# and the issue-given variants of it.
SELF_TEST_VECTORS = [
    ("GET test.txt (S3 documentation)", "get_object", {}, "GET", None,
     "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
    ("PUT test.txt", "put_object", {}, "PUT", None,
     "f4db56459304dafaa603a99a23c6bea8821890259a65c18ff503a4a72a80efd9"),
    ("GET response-content-type=text/plain", "get_object",
     {"ResponseContentType": "text/plain"}, "GET", None,
     "9cee3ba363b3a52fed152d18bb250d52a459d0905600d9b032825a3794ffd2cb"),
    ("PUT partNumber=1&uploadId=abcd", "upload_part", {"PartNumber": 1, "UploadId": "abcd"},
     "PUT", None, "d2ed12e1e116c88a79cd6d1726f5fe75c99db8a0292ba000f97ecc309a9303f8"),
    ("GET with session token", "get_object", {}, "GET", "oej5cie4uctureturdtuc5dctd",
     "bf77b83a7135594046c90a7e7e10cf1a4c8f8ecc1d541d0f42bea6b7670870c7"),
]


def self_test(signer: BotocorePresigner) -> int:
    failed = 0
    for name, op, extra, method, token, want in SELF_TEST_VECTORS:
        call = {"region": "us-east-1", "endpoint_url": "https://s3.amazonaws.com",
                "addressing_style": "virtual", "access_key": "AKIAIOSFODNN7EXAMPLE",
                "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "token": token,
                "time": "20130524T000000Z", "operation": op,
                "params": {"Bucket": "examplebucket", "Key": "test.txt", **extra},
                "expires_in": 86400, "http_method": method}
        url = signer.presign(call)
        got = url.rsplit("X-Amz-Signature=", 1)[-1]
        ok = got == want and url.startswith("https://examplebucket.s3.amazonaws.com/test.txt?")
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {url}")
    print(f"botocore {botocore.__version__}: {len(SELF_TEST_VECTORS) - failed} passed, "
          f"{failed} failed")
    return 1 if failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--cases", help="JSON lines file, or - for stdin (default: generated)")
    args = ap.parse_args()
    signer = BotocorePresigner()
    if args.self_test:
        return self_test(signer)
    if args.cases is None:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import generate_cases
        cases = generate_cases.generate()
    else:
        f = sys.stdin if args.cases == "-" else open(args.cases, encoding="utf-8")
        cases = [json.loads(line) for line in f if line.strip()]
    for case in cases:
        if "botocore" not in case:  # a request our CLI must refuse: nothing to sign
            continue
        try:
            out = {"id": case["id"], "url": signer.presign(case["botocore"])}
        except Exception as e:  # report per case; the caller counts it as a failure
            out = {"id": case["id"], "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
