#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""presign's browser test: the example web app in Debian's Chromium against Ceph RGW.

Usage: run_browser.py --web-app PATH [--server-dir DIR] [--artifacts DIR] [--keep]

With --server-dir, uses the RGW that tests/integration/rgw_fixture.sh started there (ctest's
rgw fixture, shared with the integration suite); without it, starts and stops its own with
rgw_start.sh. Then: a fresh bucket, a CORS rule for the page's origin that allows exactly the
headers the back end's presigned PUT says must be sent, the back end (examples/web_app) on a
free loopback port, browser_test.mjs in headless Chromium via playwright-core, and afterwards
botocore's view of the bucket: every object the page uploaded holds the file's bytes and its
Content-Type. Run with Debian's /usr/bin/python3 (botocore).

Output: PASS/FAIL/NOTE lines, last `browser: N passed, M failed`. When something it needs is
missing (chromium, node, npm's playwright-core, the server) it prints `SKIPPED: browser test
not run: WHY`, unless CI=true: then that is a failure.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
INTEGRATION = os.path.join(os.path.dirname(HERE), "integration")
CHROMIUM = os.environ.get("PRESIGN_CHROMIUM", "/usr/bin/chromium")
POST_MAX_BYTES = 65536


def load_env(path: str) -> dict[str, str]:
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = shlex.split(line)
            if len(parts) == 2 and parts[0] == "export" and "=" in parts[1]:
                k, _, v = parts[1].partition("=")
                env[k] = v
    return env


class Run:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, what: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print("PASS: " + what, flush=True)
        else:
            self.failed += 1
            print("FAIL: %s: %s" % (what, detail), flush=True)
        return ok


def missing_prerequisite() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (Debian package nodejs)"
    if not os.access(CHROMIUM, os.X_OK):
        return "%s is missing (Debian package chromium)" % CHROMIUM
    if not os.path.isfile(os.path.join(HERE, "node_modules", "playwright-core", "package.json")):
        return "playwright-core is not installed (run `npm ci` in tests/browser)"
    try:
        import botocore.session  # noqa: F401
    except ImportError:
        return "botocore is missing (run with /usr/bin/python3, Debian python3-botocore)"
    return None


def s3_client(env: dict[str, str]):
    import botocore.config
    import botocore.session
    return botocore.session.get_session().create_client(
        "s3", region_name=env.get("PRESIGN_TEST_REGION", "us-east-1"),
        endpoint_url=env["PRESIGN_TEST_ENDPOINT"],
        aws_access_key_id=env["PRESIGN_TEST_AKID"],
        aws_secret_access_key=env["PRESIGN_TEST_SECRET"],
        config=botocore.config.Config(s3={"addressing_style": "path"}))


def start_web_app(path: str, env: dict[str, str], bucket: str) -> tuple[subprocess.Popen, str]:
    """Starts the back end on a free port; returns the process and the page's URL."""
    child_env = dict(os.environ, AWS_ACCESS_KEY_ID=env["PRESIGN_TEST_AKID"],
                     AWS_SECRET_ACCESS_KEY=env["PRESIGN_TEST_SECRET"],
                     AWS_REGION=env.get("PRESIGN_TEST_REGION", "us-east-1"))
    child_env.pop("AWS_SESSION_TOKEN", None)
    proc = subprocess.Popen(
        [path, "--bucket", bucket, "--endpoint-url", env["PRESIGN_TEST_ENDPOINT"],
         "--path-style", "--port", "0", "--post-max-bytes", str(POST_MAX_BYTES)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=child_env, text=True)
    line = proc.stdout.readline().strip()
    prefix = "listening on "
    if not line.startswith(prefix):
        proc.kill()
        raise RuntimeError("the web app did not start: %r" % line)
    return proc, line[len(prefix):]


def headers_to_allow(page_url: str) -> list[str]:
    """The header names of a presigned PUT slot, as the back end hands them to the page."""
    query = urllib.parse.urlencode({"name": "cors-probe", "type": "text/plain", "size": "1",
                                    "no_overwrite": "1"})
    req = urllib.request.Request(page_url + "api/upload?" + query, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        slot = json.load(r)
    return sorted(name.lower() for name in slot["headers"])


def run(args, env: dict[str, str], result: Run) -> None:
    s3 = s3_client(env)
    bucket = "presign-browser-%d-%d" % (os.getpid(), int(time.time()))
    s3.create_bucket(Bucket=bucket)
    web, page_url = start_web_app(args.web_app, env, bucket)
    work = tempfile.mkdtemp(prefix="presign-browser-")
    try:
        origin = page_url.rstrip("/")
        allowed = headers_to_allow(page_url)
        # Content-Length is listed but never preflighted: browsers set it themselves.
        result.check("the PUT slot's headers to send: Content-Length, Content-Type, "
                     "If-None-Match", allowed == ["content-length", "content-type",
                                                  "if-none-match"], repr(allowed))
        rule = {"AllowedOrigins": [origin], "AllowedMethods": ["GET", "PUT", "POST"],
                "AllowedHeaders": allowed, "MaxAgeSeconds": 600}
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [rule]})
        print("NOTE: page %s, bucket %s/%s, CORS rule %s"
              % (page_url, env["PRESIGN_TEST_ENDPOINT"], bucket, json.dumps(rule)), flush=True)

        t = time.monotonic()
        node_env = dict(os.environ, PRESIGN_PAGE_URL=page_url, PRESIGN_WORK_DIR=work,
                        PRESIGN_ARTIFACTS=args.artifacts, PRESIGN_CHROMIUM=CHROMIUM,
                        PRESIGN_POST_MAX_BYTES=str(POST_MAX_BYTES))
        p = subprocess.run(["node", os.path.join(HERE, "browser_test.mjs")], cwd=HERE,
                           env=node_env, capture_output=True, text=True, timeout=300)
        uploaded = []
        for line in p.stdout.splitlines():
            if line.startswith("PASS: "):
                result.passed += 1
            elif line.startswith("FAIL: "):
                result.failed += 1
            if line.startswith("UPLOADED: "):
                uploaded = json.loads(line[len("UPLOADED: "):])
            else:
                print(line, flush=True)
        if p.stderr.strip():
            print("node stderr:\n" + p.stderr.rstrip(), flush=True)
        result.check("browser_test.mjs exits 0 after the browser is closed", p.returncode == 0,
                     "exit %d" % p.returncode)
        print("NOTE: browser part %.1f s" % (time.monotonic() - t), flush=True)

        # The bucket's side, through botocore: what landed is what the page was given.
        for item in uploaded:
            with open(item["file"], "rb") as f:
                want = f.read()
            obj = s3.get_object(Bucket=bucket, Key=item["key"])
            got = obj["Body"].read()
            result.check("stored %r: the file's %d bytes, Content-Type %s"
                         % (item["key"], len(want), item["type"]),
                         got == want and obj["ContentType"] == item["type"],
                         "%d bytes, Content-Type %s" % (len(got), obj["ContentType"]))
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
        want_keys = sorted(i["key"] for i in uploaded)
        result.check("the bucket holds exactly the uploads the page reported (refusals "
                     "stored nothing)", keys == want_keys, "%r vs %r" % (keys, want_keys))
    finally:
        web.kill()
        web.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
                s3.delete_object(Bucket=bucket, Key=o["Key"])
            s3.delete_bucket(Bucket=bucket)
        else:
            print("NOTE: kept %s and bucket %s" % (work, bucket))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--web-app", required=True, help="the presign_web_app binary")
    ap.add_argument("--server-dir", help="a running RGW's directory (rgw_fixture.sh start)")
    ap.add_argument("--artifacts", default=os.path.join(os.getcwd(), "browser-artifacts"),
                    help="where the screenshot goes")
    ap.add_argument("--keep", action="store_true", help="keep the bucket and the work files")
    args = ap.parse_args()
    in_ci = os.environ.get("CI") == "true"
    result = Run()

    def skip(why: str) -> int:
        if in_ci:
            print("FAIL: %s (CI=true: the browser test must run)" % why)
            print("browser: 0 passed, 1 failed")
            return 1
        print("SKIPPED: browser test not run: " + why)
        print("browser: 0 passed, 0 failed")
        return 0

    if not os.access(args.web_app, os.X_OK):
        print("FAIL: %s is not an executable (build presign_web_app)" % args.web_app)
        print("browser: 0 passed, 1 failed")
        return 1
    why = missing_prerequisite()
    if why:
        return skip(why)

    own = None
    if args.server_dir:
        srv = args.server_dir
        if os.path.exists(os.path.join(srv, "skipped")):
            with open(os.path.join(srv, "skipped"), encoding="utf-8") as f:
                return skip(f.read().strip())
        if not os.path.exists(os.path.join(srv, "env")):
            return skip("no RGW running in %s" % srv)
    else:
        own = srv = tempfile.mkdtemp(prefix="presign-rgw-")
        p = subprocess.run(["bash", os.path.join(INTEGRATION, "rgw_start.sh"), srv],
                           capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            print(p.stderr[-2000:])
            subprocess.run(["bash", os.path.join(INTEGRATION, "rgw_stop.sh"), srv],
                           capture_output=True, timeout=120)
            return skip("the RGW test server could not be started")
    t0 = time.monotonic()
    try:
        run(args, load_env(os.path.join(srv, "env")), result)
    except Exception as e:  # a crash still gives a summary line and stops what we started
        import traceback
        traceback.print_exc()
        result.check("the browser test driver ran to the end", False, repr(e))
    finally:
        if own:
            subprocess.run(["bash", os.path.join(INTEGRATION, "rgw_stop.sh"), own],
                           capture_output=True, timeout=120)
    print("browser: total %.1f s" % (time.monotonic() - t0))
    print("browser: %d passed, %d failed" % (result.passed, result.failed), flush=True)
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
