#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Behaviour of the presign CLI: exit codes, messages, option parsing, and the documented
example. Usage: cli_test.py PATH_TO_presign. Prints 'cli: N passed, M failed'."""
import os
import subprocess
import sys

CLI = sys.argv[1]
DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
DOC_ENV = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": DOC_SECRET}
DOC_ARGS = ["--global-endpoint", "--expires-in", "86400", "--signing-time", "20130524T000000Z"]
DOC_URL = ("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
           "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
           "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
           "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
passed = failed = 0


def run(args, env=None):
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    base["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
    base["AWS_CONFIG_FILE"] = "/dev/null"
    base.update(env if env is not None else DOC_ENV)
    p = subprocess.run([CLI] + args, env=base, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS: {name}")
    else:
        failed += 1
        print(f"FAIL: {name} {detail}")


rc, out, err = run(DOC_ARGS + ["s3://examplebucket/test.txt"])
check("documented example URL", rc == 0 and out.strip() == DOC_URL, f"rc={rc} out={out!r}")
rc, out, err = run(["--method", "get"] + DOC_ARGS + ["s3://examplebucket/test.txt"])
check("method is uppercased", rc == 0 and out.strip() == DOC_URL, out)
rc, out, _ = run(DOC_ARGS + ["--output", "json", "--method", "PUT", "--header",
                             "Content-Type: text/plain", "s3://examplebucket/test.txt"])
check("json output", rc == 0 and '"headers": {"Content-Type": "text/plain"}' in out
      and '"expires_at": "2013-05-25T00:00:00Z"' in out and '"method": "PUT"' in out, out)
for args in (["--help"], ["s3://b/k", "--help"], ["-h"]):
    rc, out, _ = run(args)
    check(f"help {args}", rc == 0 and out.startswith("usage: presign"), f"rc={rc}")
rc, out, _ = run(["--version"])
check("version", rc == 0 and out.startswith("presign "), out)

usage_errors = [
    ([], "missing s3://"),
    (["s3://b/k", "--region"], "--region needs a value"),
    (["--region", "--expires-in", "60", "s3://bbb/k"], "--region needs a value"),
    (["--bogus", "s3://bbb/k"], "unknown option"),
    (["http://bbb/k"], "s3://BUCKET/KEY"),
    (["s3://bbb/k", "s3://ccc/k"], "exactly one"),
    (["--expires-in", "ten", "s3://bbb/k"], "whole number"),
    (["--output", "xml", "s3://bbb/k"], "--output"),
    (["--addressing-style", "diagonal", "s3://bbb/k"], "--addressing-style"),
    (["--signing-time", "2013-05-24", "s3://bbb/k"], "--signing-time"),
    (["--query", "=v", "s3://bbb/k"], "--query"),
    (["--header", "NoColon", "s3://bbb/k"], "--header"),
]
for args, text in usage_errors:
    rc, out, err = run(args)
    check(f"usage error {args}", rc == 2 and text in err and err.count("\n") == 1 and out == "",
          f"rc={rc} err={err!r}")

secret = "VerySecret/Value+0123456789abcdefghijklm"
signing_errors = [
    (["s3://Bad_Bucket/k"], "bucket"),
    (["s3://bbb/"], "key"),
    (["--expires-in", "0", "s3://bbb/k"], "expiry"),
    (["--expires-in", "604801", "s3://bbb/k"], "expiry"),
    (["--region", "us east", "s3://bbb/k"], "region"),
    (["--header", "X-A: a\rb", "s3://bbb/k"], "header"),
    (["--global-endpoint", "--region", "eu-west-1", "s3://bbb/k"], "contradictory"),
    (["--endpoint-url", "http://user@host:9000", "s3://bbb/k"], "endpoint"),
]
for args, text in signing_errors:
    rc, out, err = run(args, {"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": secret})
    check(f"signing error {args}", rc == 1 and text in err and secret not in err + out and out == "",
          f"rc={rc} err={err!r}")
rc, out, err = run(["s3://bbb/k"], {})
check("no credentials is a signing error", rc == 1 and "credentials" in err, f"rc={rc} err={err!r}")
rc, out, err = run(["s3://bbb/k"], {"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": " \t"})
check("whitespace secret refused", rc == 1 and "credentials" in err, f"rc={rc} err={err!r}")

print(f"cli: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
