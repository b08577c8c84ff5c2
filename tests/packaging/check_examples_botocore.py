#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The examples' committed expected outputs are real vectors: botocore signs the same requests.
"""Re-sign every presigned URL in examples/expected/*.txt with botocore and compare.

A line ``[METHOD ]URL`` is a presigned URL (GET when no method is given); the lines right
after it of the form ``Name: value`` are the headers the URL was signed with. For each URL,
botocore's S3SigV4QueryAuth signs the same method, host, path, query and headers at the same
time (X-Amz-Date) with the same credentials (the AWS documentation's example secret, which
every example uses), and its query parameters must equal the URL's, signature included.

Run with Debian's /usr/bin/python3 (python3-botocore).
Usage: check_examples_botocore.py PRESIGN_SOURCE_DIR
"""
from __future__ import annotations

import pathlib
import re
import sys
import urllib.parse

sys.dont_write_bytecode = True
ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
import botocore_presign  # noqa: E402  (sets BOTO_DISABLE_CRT, provides the frozen clock)
import botocore.auth  # noqa: E402
from botocore.auth import S3SigV4QueryAuth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
URL_LINE = re.compile(r"^(?:(GET|PUT|POST|DELETE|HEAD) )?(https?://\S+)$")
HEADER_LINE = re.compile(r"^([A-Za-z0-9-]+): (.*)$")

clock = botocore_presign._FrozenClock()
botocore.auth.datetime = clock.module
if hasattr(botocore.auth, "get_current_datetime"):
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: clock.now


def botocore_query(method: str, url: str, headers: list) -> tuple[str, dict]:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ours = dict(query)
    akid, _date, region, service, _ = ours["X-Amz-Credential"].split("/")
    clock.set(ours["X-Amz-Date"])
    rest = [(k, v) for k, v in query if not k.startswith("X-Amz-")]
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    if rest:
        base += "?" + "&".join(f"{botocore_presign.percent_encode(k)}="
                               f"{botocore_presign.percent_encode(v)}" for k, v in rest)
    request = AWSRequest(method=method, url=base, headers=dict(headers))
    credentials = Credentials(akid, SECRET, ours.get("X-Amz-Security-Token"))
    S3SigV4QueryAuth(credentials, service, region, expires=int(ours["X-Amz-Expires"])).add_auth(request)
    theirs = urllib.parse.urlsplit(request.url)
    return theirs.path, dict(urllib.parse.parse_qsl(theirs.query, keep_blank_values=True))


def main() -> int:
    checked = failed = 0
    for path in sorted((ROOT / "examples" / "expected").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = URL_LINE.match(line)
            if m is None:
                continue
            headers = []
            for follow in lines[i + 1:]:
                h = HEADER_LINE.match(follow)
                if h is None:
                    break
                headers.append((h[1], h[2]))
            method, url = m[1] or "GET", m[2]
            if "X-Amz-Signature=" not in url:
                continue  # not a presigned URL (a POST form's target, a plain link)
            their_path, their_query = botocore_query(method, url, headers)
            ours = urllib.parse.urlsplit(url)
            ok = (their_path == ours.path and
                  their_query == dict(urllib.parse.parse_qsl(ours.query, keep_blank_values=True)))
            checked += 1
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {path.name}:{i + 1}: {method} {url[:80]}...")
            if not ok:
                print(f"     botocore: path {their_path} query {their_query}")
    print(f"check_examples_botocore: {checked} URLs, {failed} differ from botocore")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
