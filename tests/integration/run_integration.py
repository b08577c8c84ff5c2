#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Integration suite: presign's URLs against a real SigV4-checking S3 server (Ceph RGW).
"""Run presign's CLI against a throw-away Ceph RADOS Gateway on 127.0.0.1.

usage: run_integration.py --cli PATH [--keep] [--only GROUP[,GROUP...]]

Starts RGW with rgw_start.sh in a temp directory (always stopped with rgw_stop.sh),
has the CLI presign URLs, sends them with curl (-g --path-as-is, as users do) and checks
what the server answers. One line per check (PASS:/FAIL:/SKIPPED:/NOTE:), then exactly
`integration: N passed, M failed`. Exit 1 if any check failed.

If the server cannot be started and CI is not "true", the whole suite is skipped (exit 0,
"SKIPPED: integration suite not run: ..."); with CI=true that is a failure.

Groups (--only): roundtrip, content_type, overrides, multipart, refusals, sts, limits,
post, verify. verify and post run only when the CLI has those subcommands.
Python 3 standard library only, except botocore (Debian's /usr/bin/python3) for STS
GetSessionToken and, if the CLI cannot presign a bucket-level URL, for bucket URLs.
"""
import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = ("roundtrip", "content_type", "overrides", "multipart", "refusals", "sts",
          "limits", "post", "verify")

# Keys for the round trips: each must come back byte-identical and be listed under
# exactly its own name. S3 encodes the key once and never normalises it.
ROUND_TRIP_KEYS = [
    "with space.txt",
    "plus+sign.txt",
    "percent%literal%20not-an-escape",
    "tilde~file",
    "equals=sign",
    "amp&ersand",
    "question?mark",
    "hash#tag",
    ";:,*!()$@'\"",
    "caf\u00e9",
    "\u65e5\u672c/\u65e5\u672c\u8a9e.txt",
    "emoji \U0001F600",
    "tab\there",
    "/leading-slash",
    "double//slash",
    "//double-leading",
    "dot/./segment",
    "./dot-first",
    "dotdot/../segment",
    "../dotdot-first",
    "trailing/",
    # 1024 bytes: S3's maximum key length (UTF-8 bytes, not characters).
    "long/" + "\u00e9" * 100 + "x" * (1024 - 5 - 200),
]
assert len(ROUND_TRIP_KEYS[-1].encode("utf-8")) == 1024


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def amz(t):
    return t.strftime("%Y%m%dT%H%M%SZ")


class Suite:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.cli_seconds = 0.0
        self.cli_calls = 0
        self.curl_seconds = 0.0
        self.curl_calls = 0
        self.work = tempfile.mkdtemp(prefix="presign-it-work-")
        self.n = 0
        # (name, method, url, headers sent, creds (akid, secret, token), HTTP status)
        self.observed = []
        self.notes = []

    # --- reporting -----------------------------------------------------------------
    def ok(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print("PASS: %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL: %s%s" % (name, ": " + detail if detail else ""), flush=True)
        return cond

    def skip(self, what):
        self.skipped += 1
        print("SKIPPED: %s" % what, flush=True)

    def note(self, text):
        self.notes.append(text)
        print("NOTE: %s" % text, flush=True)

    # --- the CLI ---------------------------------------------------------------------
    def creds_env(self, creds):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        akid, secret, token = creds
        env["AWS_ACCESS_KEY_ID"] = akid
        env["AWS_SECRET_ACCESS_KEY"] = secret
        if token:
            env["AWS_SESSION_TOKEN"] = token
        return env

    def cli(self, argv, creds=None):
        """Run the CLI; returns (exit code, stdout without the final newline, stderr)."""
        t = time.monotonic()
        p = subprocess.run([self.args.cli] + argv, env=self.creds_env(creds or self.user1),
                           capture_output=True, timeout=30)
        self.cli_seconds += time.monotonic() - t
        self.cli_calls += 1
        out = p.stdout.decode("utf-8", "replace")
        if out.endswith("\n"):
            out = out[:-1]
        return p.returncode, out, p.stderr.decode("utf-8", "replace").strip()

    def style_opts(self, style):
        if style == "virtual":
            return ["--endpoint-url", "http://localhost:%s" % self.port,
                    "--addressing-style", "virtual"]
        return ["--endpoint-url", self.endpoint, "--addressing-style", "path"]

    def presign(self, bucket, key, method="GET", style="path", query=(), headers=(),
                creds=None, extra=(), expect_ok=True, name=None):
        """Presign s3://bucket/key with the CLI; returns the URL (None on failure)."""
        argv = ["--method", method, "--region", self.region] + self.style_opts(style)
        for q in query:
            argv += ["--query", q]
        for h in headers:
            argv += ["--header", h]
        argv += list(extra) + ["s3://%s/%s" % (bucket, key)]
        rc, out, err = self.cli(argv, creds)
        if rc != 0 or not out.startswith("http"):
            if expect_ok:
                self.ok("presign %s" % (name or "%s s3://%s/%r" % (method, bucket, key)), False,
                        "CLI exit %d, stdout %r, stderr %r" % (rc, out[:200], err[:300]))
            return None
        return out

    # --- HTTP with curl ----------------------------------------------------------------
    def curl(self, method, url, body=None, headers=(), form=None):
        """Send one request; returns (status, body bytes, headers dict lowercased)."""
        self.n += 1
        out = os.path.join(self.work, "resp%d" % self.n)
        hdr = os.path.join(self.work, "hdr%d" % self.n)
        # -g: no globbing of []{}; --path-as-is: keep ./ and ../ segments as signed.
        cmd = ["curl", "-g", "--path-as-is", "-s", "-S", "-m", "60", "-o", out, "-D", hdr,
               "-w", "%{http_code}"]
        if method == "HEAD":
            cmd.append("-I")
        elif method != "GET" or body is not None:
            cmd += ["-X", method]
        if form is not None:
            for n, v in form:
                if n == "file":
                    cmd += ["-F", "file=@%s" % v]
                else:
                    cmd += ["--form-string", "%s=%s" % (n, v)]
        elif body is not None:
            bf = os.path.join(self.work, "body%d" % self.n)
            with open(bf, "wb") as f:
                f.write(body)
            # Not -T: with a URL ending in '/' curl appends the file name to it.
            # --data-binary would add a form Content-Type: drop it unless one is given.
            cmd += ["--data-binary", "@" + bf]
            if not any(h.lower().startswith("content-type:") for h in headers):
                cmd += ["-H", "Content-Type:"]
        for h in headers:
            cmd += ["-H", h]
        cmd.append(url)
        t = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, timeout=90)
        self.curl_seconds += time.monotonic() - t
        self.curl_calls += 1
        code = p.stdout.decode().strip()
        status = int(code) if code.isdigit() and code != "000" else -1
        data = b""
        if os.path.exists(out):
            with open(out, "rb") as f:
                data = f.read()
            os.unlink(out)
        hdrs = {}
        if os.path.exists(hdr):
            with open(hdr, "rb") as f:
                blocks = [b for b in f.read().decode("latin-1").split("\r\n\r\n") if b.strip()]
            os.unlink(hdr)
            if blocks:
                for line in blocks[-1].split("\r\n")[1:]:
                    n, _, v = line.partition(":")
                    hdrs[n.strip().lower()] = v.strip()
        if status < 0:
            data = p.stderr
        return status, data, hdrs

    def request(self, name, method, url, want, body=None, headers=(), creds=None,
                authenticated=None):
        """curl + check the status; records the exchange for the verify agreement.
        authenticated: whether the signature is good, when a 403 has another cause."""
        if url is None:
            return None, b"", {}
        status, data, hdrs = self.curl(method, url, body, headers)
        self.observed.append((name, method, url, tuple(headers), creds or self.user1,
                              status, authenticated))
        self.ok("%s (HTTP %s)" % (name, want), status == want,
                "got HTTP %s; url %s; body %r" % (status, url, data[:300]))
        return status, data, hdrs

    # --- bucket-level URLs ---------------------------------------------------------------
    def bucket_url(self, bucket, method, style, query=()):
        """A presigned URL for the bucket itself: from the CLI if it can make one
        (s3://BUCKET/ with an empty key), else from botocore (noted once)."""
        for uri in ("s3://%s" % bucket, "s3://%s/" % bucket):
            argv = ["--method", method, "--region", self.region] + self.style_opts(style)
            for q in query:
                argv += ["--query", q]
            rc, out, err = self.cli(argv + [uri])
            if rc == 0 and out.startswith("http"):
                return out
        if not getattr(self, "_noted_bucket", False):
            self._noted_bucket = True
            self.note("the CLI cannot presign a bucket-level URL (s3://BUCKET and s3://BUCKET/ "
                      "refused: %r); bucket create/list/delete use botocore URLs" % err[:200])
        client = self.boto_s3(style)
        op = {"PUT": "create_bucket", "DELETE": "delete_bucket", "GET": "list_objects_v2"}[method]
        return client.generate_presigned_url(op, Params={"Bucket": bucket}, ExpiresIn=600)

    def boto_s3(self, style, creds=None):
        import botocore.session
        from botocore.config import Config
        akid, secret, token = creds or self.user1
        ep = self.endpoint if style == "path" else "http://localhost:%s" % self.port
        return botocore.session.get_session().create_client(
            "s3", region_name=self.region, endpoint_url=ep, aws_access_key_id=akid,
            aws_secret_access_key=secret, aws_session_token=token,
            config=Config(signature_version="s3v4", s3={"addressing_style": style}))

    def make_bucket(self, bucket, style="path"):
        url = self.bucket_url(bucket, "PUT", style)
        st, data, _ = self.request("create bucket %s (%s style)" % (bucket, style), "PUT", url,
                                   200, body=b"")
        return st == 200

    def list_keys(self, bucket, style):
        url = self.bucket_url(bucket, "GET", style, query=["list-type=2"])
        st, data, _ = self.curl("GET", url)
        if st != 200:
            return None, "HTTP %s: %r" % (st, data[:300])
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            return None, "bad XML (%s): %r" % (e, data[:300])
        keys = [el.text or "" for el in root.iter() if el.tag.endswith("}Key") or el.tag == "Key"]
        # botocore's list URLs add encoding-type=url: keys then come percent-encoded.
        if any(el.tag.endswith("EncodingType") and el.text == "url" for el in root.iter()):
            keys = [urllib.parse.unquote(k) for k in keys]
        trunc = [el.text for el in root.iter() if el.tag.endswith("IsTruncated")]
        if trunc and trunc[0] == "true":
            return None, "listing truncated"
        return keys, ""

    # =================================================================================
    # Cases
    # =================================================================================
    def case_roundtrip(self):
        for style in ("path", "virtual"):
            bucket = "%s-rt-%s" % (self.prefix, style[0])
            if not self.make_bucket(bucket, style):
                continue
            bodies = {}
            for i, key in enumerate(ROUND_TRIP_KEYS):
                label = "%s %r" % (style, key if len(key) < 60 else key[:20] + "...(1024 bytes)")
                body = ("%d %s\n" % (i, key)).encode("utf-8") + os.urandom(64)
                url = self.presign(bucket, key, "PUT", style)
                st, _, _ = self.request("PUT %s" % label, "PUT", url, 200, body=body)
                if st == 200:
                    bodies[key] = body
                url = self.presign(bucket, key, "GET", style)
                st, data, _ = self.request("GET %s" % label, "GET", url, 200)
                if st == 200:
                    self.ok("GET %s: bytes identical" % label, data == body,
                            "got %d bytes %r..." % (len(data), data[:60]))
                url = self.presign(bucket, key, "HEAD", style)
                st, _, hdrs = self.request("HEAD %s" % label, "HEAD", url, 200)
                if st == 200:
                    self.ok("HEAD %s: Content-Length %d" % (label, len(body)),
                            hdrs.get("content-length") == str(len(body)),
                            "got %r" % hdrs.get("content-length"))
            keys, err = self.list_keys(bucket, style)
            if keys is None:
                self.ok("list %s bucket" % style, False, err)
            else:
                self.ok("list %s bucket: exactly the %d keys, each under its own name"
                        % (style, len(bodies)), sorted(keys) == sorted(bodies),
                        "missing %r, unexpected %r" % (sorted(set(bodies) - set(keys)),
                                                       sorted(set(keys) - set(bodies))))
            for key in ROUND_TRIP_KEYS:
                label = "%s %r" % (style, key if len(key) < 60 else key[:20] + "...(1024 bytes)")
                url = self.presign(bucket, key, "DELETE", style)
                self.request("DELETE %s" % label, "DELETE", url, 204)
                url = self.presign(bucket, key, "GET", style)
                self.request("GET after DELETE %s" % label, "GET", url, 404)
            url = self.bucket_url(bucket, "DELETE", style)
            self.request("DELETE empty %s bucket" % style, "DELETE", url, 204)

    def case_content_type(self):
        b, key = self.misc, "typed/upload.txt"
        body = b"signed content type\n"
        ct = ["Content-Type: text/plain"]
        for style in ("path", "virtual"):
            url = self.presign(b, key, "PUT", style, headers=ct)
            self.request("%s PUT with signed Content-Type, sent text/plain" % style, "PUT", url,
                         200, body=body, headers=ct)
            self.request("%s PUT with signed Content-Type, sent text/html" % style, "PUT", url,
                         403, body=body, headers=["Content-Type: text/html"])
            self.request("%s PUT with signed Content-Type, none sent" % style, "PUT", url,
                         403, body=body)
        rc, out, err = self.cli(["--method", "PUT", "--region", self.region, "--output", "json",
                                 "--header", "Content-Type: text/plain"]
                                + self.style_opts("path") + ["s3://%s/%s" % (b, key)])
        try:
            j = json.loads(out)
            hs = {k.lower(): v for k, v in j.get("headers", {}).items()}
            good = (rc == 0 and j.get("method") == "PUT" and hs.get("content-type") == "text/plain"
                    and j.get("url", "").startswith(self.endpoint))
            self.ok("--output json names the header to send", good, out[:300])
            if good:
                self.request("PUT with the URL and headers from --output json", "PUT", j["url"],
                             200, body=body, headers=["%s: %s" % kv for kv in j["headers"].items()])
        except ValueError:
            self.ok("--output json is JSON", False, "exit %d, %r %r" % (rc, out[:200], err[:200]))
        url = self.presign(b, key, "GET")
        st, data, hdrs = self.request("GET the typed object", "GET", url, 200)
        if st == 200:
            self.ok("stored Content-Type is text/plain", hdrs.get("content-type") == "text/plain",
                    repr(hdrs.get("content-type")))

    def case_overrides(self):
        b, key = self.misc, "override/report.bin"
        body = os.urandom(100)
        self.request("PUT object for overrides", "PUT", self.presign(b, key, "PUT"), 200, body=body)
        cd = 'attachment; filename="x y.txt"'
        for style in ("path", "virtual"):
            url = self.presign(b, key, "GET", style,
                               query=["response-content-disposition=" + cd,
                                      "response-content-type=application/x-test"])
            st, data, hdrs = self.request("%s GET with response-* overrides" % style, "GET",
                                          url, 200)
            if st == 200:
                self.ok("%s override: Content-Disposition" % style,
                        hdrs.get("content-disposition") == cd, repr(hdrs.get("content-disposition")))
                self.ok("%s override: Content-Type" % style,
                        hdrs.get("content-type") == "application/x-test",
                        repr(hdrs.get("content-type")))
                self.ok("%s override: body identical" % style, data == body)

    def case_multipart(self):
        b, key = self.misc, "multi part/caf\u00e9+\u65e5\u672c.bin"
        parts = [os.urandom(5 * 1024 * 1024), os.urandom(1234567)]
        url = self.presign(b, key, "POST", query=["uploads"])
        st, data, _ = self.request("multipart: POST ?uploads", "POST", url, 200, body=b"")
        m = re.search(rb"<UploadId>([^<]+)</UploadId>", data or b"")
        if not self.ok("multipart: UploadId in the response", st == 200 and m is not None,
                       repr(data[:300])):
            return
        upload_id = m.group(1).decode()
        etags = []
        for n, part in enumerate(parts, 1):
            url = self.presign(b, key, "PUT", query=["partNumber=%d" % n, "uploadId=" + upload_id])
            st, _, hdrs = self.request("multipart: PUT part %d (%d bytes)" % (n, len(part)), "PUT",
                                       url, 200, body=part)
            etags.append(hdrs.get("etag", ""))
        xml = "<CompleteMultipartUpload>%s</CompleteMultipartUpload>" % "".join(
            "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>" % (n, e)
            for n, e in enumerate(etags, 1))
        url = self.presign(b, key, "POST", query=["uploadId=" + upload_id])
        st, data, _ = self.request("multipart: POST complete", "POST", url, 200,
                                   body=xml.encode(), headers=["Content-Type: application/xml"])
        if st == 200:
            self.ok("multipart: complete response has no Error", b"<Error>" not in data,
                    repr(data[:300]))
        st, data, _ = self.request("multipart: GET assembled object", "GET",
                                   self.presign(b, key, "GET"), 200)
        if st == 200:
            self.ok("multipart: assembled object identical (%d bytes)" % sum(map(len, parts)),
                    data == b"".join(parts), "got %d bytes" % len(data))

    def case_refusals(self):
        b = self.misc
        a, other = "refuse/a.txt", "refuse/b.txt"
        for k in (a, other):
            self.request("PUT %s" % k, "PUT", self.presign(b, k, "PUT"), 200, body=k.encode())
        for style in ("path", "virtual"):
            good = self.presign(b, a, "GET", style)
            if good is None:
                continue
            p = "%s: " % style
            self.request(p + "control: the untouched GET URL", "GET", good, 200)
            sig = re.search(r"X-Amz-Signature=([0-9a-f]{64})", good)
            if self.ok(p + "URL carries a 64-hex-digit X-Amz-Signature", sig is not None, good):
                s = sig.group(1)
                flipped = s[:-1] + ("1" if s[-1] == "0" else "0")
                self.request(p + "one signature digit flipped", "GET",
                             good.replace(s, flipped), 403)
            u = urllib.parse.urlsplit(good)
            changed = urllib.parse.urlunsplit(u._replace(path=u.path[:-5] + "b.txt"))
            self.request(p + "key changed after signing (to another existing key)", "GET",
                         changed, 403)
            self.request(p + "wrong secret", "GET",
                         self.presign(b, a, "GET", style,
                                      creds=(self.user1[0], self.user2[1], None)), 403,
                         creds=self.user1)
            past = amz(utc_now() - datetime.timedelta(hours=2))
            self.request(p + "expired (signed 2 h ago, 60 s)", "GET",
                         self.presign(b, a, "GET", style,
                                      extra=["--signing-time", past, "--expires-in", "60"]), 403)
            put_url = self.presign(b, a, "PUT", style)
            self.request(p + "PUT URL used for GET", "GET", put_url, 403)
            self.request(p + "GET URL used for DELETE", "DELETE", good, 403)
            self.request(p + "GET URL used for HEAD", "HEAD", good, 403)
            self.request(p + "object still there after the refused DELETE", "GET", good, 200)
            m = re.search(r"X-Amz-Expires=(\d+)", good)
            if m:
                edited = good.replace(m.group(0), "X-Amz-Expires=%d" % (int(m.group(1)) + 1))
                self.request(p + "signed parameter edited (X-Amz-Expires + 1)", "GET", edited, 403)
            self.request(p + "extra unsigned query parameter", "GET", good + "&x-extra=1", 403)
            self.request(p + "the longest expiry, 604800 s (7 days)", "GET",
                         self.presign(b, a, "GET", style, extra=["--expires-in", "604800"]), 200)
            self.request(p + "user 2's URL for user 1's private object", "GET",
                         self.presign(b, a, "GET", style, creds=self.user2), 403,
                         creds=self.user2, authenticated=True)  # authorisation, not signature
        # S3 refuses X-Amz-Expires > 604800; the CLI must refuse to make such a URL.
        rc, out, err = self.cli(["--expires-in", "604801"] + self.style_opts("path")
                                + ["s3://%s/%s" % (b, a)])
        self.ok("the CLI refuses --expires-in 604801 (exit 1 or 2, no URL)",
                rc in (1, 2) and not out, "exit %d, stdout %r" % (rc, out[:200]))

    def case_sts(self):
        if self.env.get("PRESIGN_TEST_STS") != "1":
            self.skip("session tokens: the server was started without STS")
            return
        try:
            import botocore.session
            sts = botocore.session.get_session().create_client(
                "sts", region_name=self.region, endpoint_url=self.endpoint,
                aws_access_key_id=self.user1[0], aws_secret_access_key=self.user1[1])
            c = sts.get_session_token(DurationSeconds=900)["Credentials"]
        except Exception as e:  # any failure here is a failed check, not a crash
            self.ok("STS GetSessionToken", False, repr(e))
            return
        self.ok("STS GetSessionToken", True)
        tmp = (c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        b, key = self.misc, "sts/object.txt"
        body = b"written with a session token"
        for style in ("path", "virtual"):
            url = self.presign(b, key, "PUT", style, creds=tmp)
            self.request("%s: session-token PUT" % style, "PUT", url, 200, body=body, creds=tmp)
            url = self.presign(b, key, "GET", style, creds=tmp)
            if url is None:
                continue
            self.ok("%s: URL carries X-Amz-Security-Token" % style,
                    "X-Amz-Security-Token=" in url, url)
            st, data, _ = self.request("%s: session-token GET" % style, "GET", url, 200, creds=tmp)
            if st == 200:
                self.ok("%s: session-token GET bytes identical" % style, data == body)
            bad = re.sub(r"(X-Amz-Security-Token=)(.)", r"\1A\2", url, count=1)
            self.request("%s: tampered session token" % style, "GET", bad, 403, creds=tmp)
            nosig = re.sub(r"&?X-Amz-Security-Token=[^&]*", "", url, count=1)
            self.request("%s: session token removed" % style, "GET", nosig, 403, creds=tmp)

    def case_limits(self):
        """What RGW does not check (REAL_SERVER.md): printed as NOTE, not counted; the
        verifier (if built) must still refuse these URLs."""
        b, key = self.misc, "refuse/a.txt"
        self.unchecked = []
        other = self.presign(b, key, "GET", extra=["--region", "eu-west-9"])
        future = self.presign(b, key, "GET",
                              extra=["--signing-time", amz(utc_now() + datetime.timedelta(hours=2))])
        for what, url, reason in (("signed for region eu-west-9", other, "region"),
                                  ("X-Amz-Date 2 h in the future", future, "future")):
            if url is None:
                continue
            st, _, _ = self.curl("GET", url)
            self.note("RGW answers HTTP %s to a URL %s (it %s check this)"
                      % (st, what, "does not" if st == 200 else "does"))
            self.unchecked.append((what, url, st, reason))

    # --- presigned POST ----------------------------------------------------------------
    def case_post(self):
        if not self.has_post:
            self.skip("post not built yet (`%s post --help` did not succeed)" % self.args.cli)
            return
        b = self.misc
        small = os.path.join(self.work, "post-small.txt")
        with open(small, "wb") as f:
            f.write(b"browser upload\n" + os.urandom(32))
        with open(small, "rb") as f:
            small_bytes = f.read()
        big = os.path.join(self.work, "post-big.bin")
        with open(big, "wb") as f:
            f.write(os.urandom(4096))

        def form(key, extra=(), style="path", creds=None, limit=True):
            argv = ["post", "--region", self.region] + self.style_opts(style) + (
                ["--expires-in", "600"] if "--policy-file" not in extra else []) + (
                ["--condition", '["content-length-range", 0, 1024]'] if limit else []) + [
                "--output", "json"] + list(extra) + ["s3://%s/%s" % (b, key)]
            rc, out, err = self.cli(argv, creds)
            try:
                j = json.loads(out)
                return j["url"], list(j["fields"].items())
            except (ValueError, KeyError, AttributeError):
                self.ok("post %s --output json" % key, False,
                        "exit %d, stdout %r, stderr %r (argv %s)" % (rc, out[:200], err[:300],
                                                                    shlex.join(argv)))
                return None, None

        def send(name, url, fields, path, want):
            if url is None:
                return None, b""
            st, data, _ = self.curl("POST", url, form=fields + [("file", path)])
            self.ok("%s (HTTP %s)" % (name, want), st == want,
                    "got HTTP %s; body %r" % (st, data[:300]))
            return st, data

        def read_back(name, key, want, style="path", creds=None):
            g = self.presign(b, key, "GET", style, creds=creds)
            s2, data, hdrs = self.request("post: GET %s" % name, "GET", g, 200, creds=creds)
            self.ok("post: %s: bytes identical" % name, s2 == 200 and data == want)
            return hdrs

        def replace(fields, name, value):
            return [(n, value if n == name else v) for n, v in fields]

        key = "post/upload form.txt"
        url, fields = form(key)
        st, _ = send("post: browser-style form upload", url, fields, small,
                     (fields and dict(fields).get("success_action_status") and
                      int(dict(fields)["success_action_status"])) or 204)
        if st is not None and st < 300:
            g = self.presign(b, key, "GET")
            s2, data, _ = self.request("post: GET the uploaded object", "GET", g, 200)
            with open(small, "rb") as f:
                self.ok("post: uploaded bytes identical", s2 == 200 and data == f.read())
        if fields:
            moved = [(n, "post/elsewhere.txt" if n == "key" else v) for n, v in fields]
            send("post: key outside the policy", url, moved, small, 403)
            sig = [(n, (v[:-1] + ("1" if v[-1] == "0" else "0")) if n.lower() == "x-amz-signature"
                    else v) for n, v in fields]
            send("post: one signature digit flipped", url, sig, small, 403)
            send("post: body over content-length-range", url, fields, big, 400)
            send("post: policy field removed", url,
                 [(n, v) for n, v in fields if n != "policy"], small, 403)
        past = amz(utc_now() - datetime.timedelta(hours=2))
        url, fields = form(key, ["--signing-time", past, "--expires-in", "60"])
        send("post: expired policy", url, fields, small, 403)

        # Virtual-hosted style: the form goes to http://BUCKET.localhost:PORT/.
        vkey = "post/virtual.txt"
        url, fields = form(vkey, style="virtual")
        if url is not None:
            self.ok("post: virtual-hosted form URL is the bucket root",
                    url == "http://%s.localhost:%s/" % (b, self.port), url)
        st, _ = send("post: virtual-hosted form upload", url, fields, small, 204)
        if st == 204:
            read_back("virtual-hosted upload", vkey, small_bytes, "virtual")

        # Non-ASCII key and metadata (\u-escaped in the policy, raw UTF-8 in the form), a
        # Content-Type allowed by starts-with, success_action_status 201.
        ukey = "post/caf\u00e9 \u65e5\u672c \"q\" +&=.txt"
        meta = "na\u00efve \u2603 \U0001F600"
        url, fields = form(ukey, ["--field", "Content-Type=text/x-presign",
                                  "--condition", '["starts-with", "$Content-Type", "text/"]',
                                  "--field", "x-amz-meta-note=" + meta,
                                  "--field", "success_action_status=201",
                                  "--field", "Cache-Control=max-age=60"])
        st, data = send("post: UTF-8 key and metadata, success_action_status 201", url, fields,
                        small, 201)
        if st == 201:
            self.ok("post: 201 answer names the key", b"<Key>" in data, "body %r" % data[:300])
            hdrs = read_back("UTF-8 key", ukey, small_bytes)
            got = hdrs.get("x-amz-meta-note", "").encode("latin-1").decode("utf-8", "replace")
            self.ok("post: metadata stored as sent", got == meta, "got %r" % got)
            self.ok("post: Content-Type stored as sent",
                    hdrs.get("content-type") == "text/x-presign",
                    "got %r" % hdrs.get("content-type"))
            if hdrs.get("cache-control") != "max-age=60":  # accepted by the policy, not kept
                self.note("RGW does not store a POST form's Cache-Control (GET answers %r)"
                          % hdrs.get("cache-control"))
        if fields:
            send("post: Content-Type outside starts-with", url,
                 replace(fields, "Content-Type", "image/png"), small, 403)
            send("post: metadata changed after signing", url,
                 replace(fields, "x-amz-meta-note", "other"), small, 403)
            send("post: a field the policy does not name", url,
                 fields[:-1] + [("x-amz-meta-extra", "1")] + fields[-1:], small, 403)

        # ${filename}: S3 puts the uploaded file's name in the key; starts-with on the rest.
        url, fields = form("post/named/${filename}")
        st, _ = send("post: ${filename} key", url, fields, small, 204)
        if st == 204:
            read_back("${filename} key", "post/named/" + os.path.basename(small), small_bytes)

        # --key-starts-with: any key under the prefix.
        url, fields = form("post/any/first.txt", ["--key-starts-with", "post/any/"])
        if fields:
            st, _ = send("post: key changed within --key-starts-with", url,
                         replace(fields, "key", "post/any/second.txt"), small, 204)
            if st == 204:
                read_back("key within the prefix", "post/any/second.txt", small_bytes)
            send("post: key changed outside --key-starts-with", url,
                 replace(fields, "key", "post/none.txt"), small, 403)

        # A hand-written policy (CRLF, odd spacing) signed verbatim with --policy-file.
        now = utc_now()
        date = amz(now)
        expiration = (now + datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        pkey = "post/hand-written.txt"
        policy = ('{ "expiration": "%s",\r\n  "conditions": [\r\n'
                  '    {"bucket": "%s"},\r\n    ["starts-with", "$key", "post/hand"],\r\n'
                  '    ["content-length-range", 1, 100],\r\n'
                  '    {"x-amz-credential": "%s/%s/%s/s3/aws4_request"},\r\n'
                  '    {"x-amz-algorithm": "AWS4-HMAC-SHA256"},\r\n'
                  '    {"x-amz-date": "%s" }\r\n  ]\r\n}'
                  % (expiration, b, self.user1[0], date[:8], self.region, date))
        pf = os.path.join(self.work, "policy.json")
        with open(pf, "wb") as f:
            f.write(policy.encode())
        url, fields = form(pkey, ["--policy-file", pf, "--signing-time", date], limit=False)
        st, _ = send("post: hand-written policy (--policy-file)", url, fields, small, 204)
        if st == 204:
            read_back("hand-written policy upload", pkey, small_bytes)
        if fields:
            send("post: hand-written policy, body over its range", url, fields, big, 400)

        # A session token: x-amz-security-token is a field and a condition.
        if self.env.get("PRESIGN_TEST_STS") == "1":
            try:
                import botocore.session
                sts = botocore.session.get_session().create_client(
                    "sts", region_name=self.region, endpoint_url=self.endpoint,
                    aws_access_key_id=self.user1[0], aws_secret_access_key=self.user1[1])
                c = sts.get_session_token(DurationSeconds=900)["Credentials"]
                tmp = (c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
            except Exception as e:  # a failed check, not a crash
                self.ok("post: STS GetSessionToken", False, repr(e))
                tmp = None
            if tmp:
                tkey = "post/session-token.txt"
                url, fields = form(tkey, creds=tmp)
                if fields:
                    self.ok("post: the form carries x-amz-security-token",
                            dict(fields).get("x-amz-security-token") == tmp[2])
                st, _ = send("post: session-token form upload", url, fields, small, 204)
                if st == 204:
                    read_back("session-token upload", tkey, small_bytes)
                if fields:
                    send("post: session token removed", url,
                         [(n, v) for n, v in fields if n != "x-amz-security-token"], small, 403)

    # --- verify agreement ----------------------------------------------------------------
    def case_verify(self):
        if not self.has_verify:
            self.skip("verify not built yet (`%s verify --help` did not succeed)" % self.args.cli)
            return
        rc, out, err = self.cli(["verify", "--help"])
        takes_headers = "--header" in out + err
        now = amz(utc_now())
        real = {self.user1[0]: self.user1, self.user2[0]: self.user2}
        agreed = 0
        for name, method, url, headers, creds, status, authenticated in self.observed:
            if status in (-1, 400, 405, 500) or url is None:
                continue  # not an authentication answer
            # Only headers the URL signs matter to the verifier.
            m = re.search(r"X-Amz-SignedHeaders=([^&]*)", url)
            signed = set(urllib.parse.unquote(m.group(1)).split(";")) if m else set()
            headers = [h for h in headers if h.split(":")[0].strip().lower() in signed]
            if signed - {"host"} and not takes_headers:
                self.skip("verify of %r: it has no --header option to pass %s"
                          % (name, ", ".join(sorted(signed - {"host"}))))
                continue
            akid = re.search(r"X-Amz-Credential=([^%&/]+)", url)
            use = real.get(akid.group(1) if akid else "", creds)
            argv = ["verify", "--method", method, "--region", self.region, "--now", now]
            for h in headers:
                argv += ["--header", h]
            rc, out, err = self.cli(argv + [url], use)
            accepted = status != 403 if authenticated is None else authenticated
            valid = rc == 0 and out.strip() == "valid"
            if self.ok("verify agrees with RGW: %s (RGW %s, verify %r)"
                       % (name, status, out.strip()[:60] or err[:60]), accepted == valid,
                       "exit %d, stderr %r, url %s" % (rc, err[:200], url)):
                agreed += 1
        # The verifier prints one stable word (the errc's name) on stdout for a refusal.
        reasons = {"region": "wrong_region", "future": "not_yet_valid"}
        for what, url, st, why in getattr(self, "unchecked", []):
            rc, out, err = self.cli(["verify", "--method", "GET", "--region", self.region,
                                     "--now", now, url])
            self.ok("verify refuses a URL %s with %s (RGW: %s)" % (what, reasons[why], st),
                    rc == 1 and out.strip() == reasons[why],
                    "exit %d, %r %r" % (rc, out, err[:200]))
        print("verify: agreed with RGW on %d URLs" % agreed, flush=True)

    # --- feature detection -----------------------------------------------------------------
    def detect(self, sub):
        """True if the CLI has subcommand `sub`: `CLI sub --help` exits 0 and names it."""
        try:
            rc, out, err = self.cli([sub, "--help"], ("AKIDEXAMPLE", "secret", None))
        except (OSError, subprocess.TimeoutExpired):
            return False
        return rc == 0 and sub in (out + err)

    def probe_verify(self):
        """The S3 documentation's example URL must verify at its own signing time."""
        doc = ("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
               "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
               "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
               "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        rc, out, err = self.cli(["verify", "--region", "us-east-1", "--now", "20130524T000000Z",
                                 doc], ("AKIAIOSFODNN7EXAMPLE",
                                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None))
        self.ok("verify: the S3 documentation example URL is valid", rc == 0 and out == "valid",
                "exit %d, %r %r" % (rc, out, err[:200]))

    # --- driver ----------------------------------------------------------------------------
    def run_cases(self):
        only = set(self.args.only.split(",")) if self.args.only else set(GROUPS)
        self.has_verify = self.detect("verify")
        self.has_post = self.detect("post")
        self.prefix = "presign-it-%d" % os.getpid()
        self.misc = self.prefix + "-misc"
        if not self.make_bucket(self.misc):
            return
        for g in GROUPS:
            if g in only:
                if g == "verify" and self.has_verify:
                    self.probe_verify()
                getattr(self, "case_" + g)()


def load_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            parts = shlex.split(line)
            if len(parts) == 2 and parts[0] == "export" and "=" in parts[1]:
                k, _, v = parts[1].partition("=")
                env[k] = v
    return env


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True, help="path to the presign CLI")
    ap.add_argument("--keep", action="store_true",
                    help="keep the server directory (logs) and the work directory")
    ap.add_argument("--only", help="comma-separated groups: " + ",".join(GROUPS))
    ap.add_argument("--server-dir",
                    help="use the RGW that rgw_fixture.sh started in DIR (ctest's rgw fixture, "
                         "shared with the browser test) instead of starting and stopping one")
    args = ap.parse_args()
    if args.only and not set(args.only.split(",")) <= set(GROUPS):
        ap.error("--only takes groups from: " + ",".join(GROUPS))
    in_ci = os.environ.get("CI") == "true"
    t0 = time.monotonic()

    if not (os.path.isfile(args.cli) and os.access(args.cli, os.X_OK)):
        # A missing CLI is a build problem, never a reason to skip.
        print("FAIL: the CLI %s does not exist or is not executable" % args.cli)
        print("integration: 0 passed, 1 failed")
        return 1
    args.cli = os.path.abspath(args.cli)
    if shutil.which("curl") is None:
        print(("FAIL: %s (CI=true: the integration suite must run)" if in_ci else
               "SKIPPED: integration suite not run: %s") % "curl is not installed")
        print("integration: 0 passed, %d failed" % in_ci)
        return 1 if in_ci else 0

    def on_term(signum, frame):  # SIGTERM (e.g. a killed CI job): stop the server first
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, on_term)

    srv = args.server_dir or tempfile.mkdtemp(prefix="presign-rgw-")
    holder = {}  # "suite" once created, for the summary and clean-up
    try:
        passed, failed = run_with_server(args, srv, in_ci, holder)
    except BaseException as e:  # a crash or ^C still stops the server and gives a summary
        import traceback
        traceback.print_exc()
        print("FAIL: the driver stopped: %r" % e)
        suite = holder.get("suite")
        passed, failed = (suite.passed, suite.failed + 1) if suite else (0, 1)
    finally:
        t = time.monotonic()
        stop = [os.path.join(HERE, "rgw_stop.sh")] + (["--keep-dir"] if args.keep else []) + [srv]
        if not args.server_dir:  # a shared server is the fixture's to stop
            subprocess.run(["bash"] + stop, capture_output=True, timeout=120)
        suite = holder.get("suite")
        if suite:
            print("integration: server stopped in %.1f s; total %.1f s"
                  % (time.monotonic() - t, time.monotonic() - t0))
        if args.keep:
            print("integration: kept server dir %s%s" % (
                srv, " and work dir %s" % suite.work if suite else ""))
        elif suite:
            shutil.rmtree(suite.work, ignore_errors=True)
    if holder.get("suite") and holder["suite"].skipped:
        print("integration: %d skipped" % holder["suite"].skipped)
    # Last line, in exactly this form: CI reads it.
    print("integration: %d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


def run_with_server(args, srv, in_ci, holder):
    """Start RGW in srv and run the cases; returns (passed, failed). The caller stops RGW."""
    t = time.monotonic()
    if args.server_dir:
        skipped = os.path.join(srv, "skipped")
        started = os.path.exists(os.path.join(srv, "env"))
        why = (open(skipped, encoding="utf-8").read().strip() if os.path.exists(skipped)
               else "no server in %s" % srv)
        p = subprocess.CompletedProcess([], 0, b"integration: shared server in %s" % srv.encode(),
                                        b"")
    else:
        try:
            p = subprocess.run(["bash", os.path.join(HERE, "rgw_start.sh"), srv],
                               capture_output=True, timeout=600)
            started = p.returncode == 0 and os.path.exists(os.path.join(srv, "env"))
            why = "rgw_start.sh exit %d" % p.returncode
        except subprocess.TimeoutExpired as e:
            p, started, why = e, False, "rgw_start.sh did not finish within 600 s"
    startup = time.monotonic() - t
    if not started:
        for line in (p.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-15:]:
            print("  rgw_start: " + line)
        reason = "the RGW test server could not be started (%s)" % why
        if in_ci:
            print("FAIL: %s (CI=true: the integration suite must run)" % reason)
            return 0, 1
        print("SKIPPED: integration suite not run: %s" % reason)
        return 0, 0
    print(p.stdout.decode().strip(), flush=True)
    env = load_env(os.path.join(srv, "env"))
    suite = holder["suite"] = Suite(args)
    suite.env = env
    suite.endpoint = env["PRESIGN_TEST_ENDPOINT"]
    suite.port = env["PRESIGN_TEST_PORT"]
    suite.region = env.get("PRESIGN_TEST_REGION", "us-east-1")
    suite.user1 = (env["PRESIGN_TEST_AKID"], env["PRESIGN_TEST_SECRET"], None)
    suite.user2 = (env["PRESIGN_TEST_AKID2"], env["PRESIGN_TEST_SECRET2"], None)
    print("integration: CLI %s, endpoint %s" % (args.cli, suite.endpoint), flush=True)
    # The server itself, with botocore's URLs: if this fails, the setup is broken.
    sm = subprocess.run(["bash", os.path.join(HERE, "rgw_smoke.sh"), srv],
                        capture_output=True, timeout=120)
    if not suite.ok("server smoke check with botocore's URLs (rgw_smoke.sh)",
                    sm.returncode == 0, "exit %d" % sm.returncode):
        for line in sm.stdout.decode("utf-8", "replace").splitlines():
            print("  rgw_smoke: " + line)
    t = time.monotonic()
    suite.run_cases()
    print("integration: timings: server start-up %.1f s, cases %.1f s (%d CLI calls %.1f s, "
          "%d curl calls %.1f s)" % (startup, time.monotonic() - t, suite.cli_calls,
                                     suite.cli_seconds, suite.curl_calls, suite.curl_seconds))
    return suite.passed, suite.failed


if __name__ == "__main__":
    sys.exit(main())
