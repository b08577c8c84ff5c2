#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The presign CLI never prints a secret: run it with distinctive secrets (environment and a
profile file) and many bad inputs, and look for the secrets (and their URI encodings) in what
it writes. Every bad input must fail (exit 1 or 2) with a message on stderr. A good run is
made too, as a control that the secrets are really in use. Session tokens are public in a
presigned URL by design, so they are looked for in the failed runs only.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import urllib.parse

ENV_SECRET = "Q7xENVsecretCANARY/zz+Kq9"
FILE_SECRET = "Wp3FILEsecretCANARY/yy+Lm8"
TOKEN = "TOKENcanary+Zx81/Vv=="
BAD_SECRET = "Has spaceCANARY Rr5"


def variants(s):
    return {s, urllib.parse.quote(s, safe=""), urllib.parse.quote(s, safe="/")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as home:
        aws = os.path.join(home, ".aws")
        os.makedirs(aws)
        creds = os.path.join(aws, "credentials")
        with open(creds, "w", encoding="utf-8") as f:
            f.write("[default]\naws_access_key_id = AKIDFILEEXAMPLE\n"
                    f"aws_secret_access_key = {FILE_SECRET}\n"
                    "[spaced]\naws_access_key_id = AKID SPACED\n"
                    f"aws_secret_access_key = {FILE_SECRET}\n")
        malformed = os.path.join(home, "malformed")
        with open(malformed, "w", encoding="utf-8") as f:
            f.write(f"aws_secret_access_key = {FILE_SECRET}\n[default\n")
        duplicated = os.path.join(home, "duplicated")  # a duplicate section: malformed
        with open(duplicated, "w", encoding="utf-8") as f:
            f.write(f"[default]\naws_access_key_id = AKID\naws_secret_access_key = {FILE_SECRET}\n"
                    "[default]\n")
        base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
                    "AWS_CONFIG_FILE": os.path.join(aws, "config"),
                    "AWS_SHARED_CREDENTIALS_FILE": creds}
        env_creds = dict(base_env, AWS_ACCESS_KEY_ID="AKIDENVEXAMPLE",
                         AWS_SECRET_ACCESS_KEY=ENV_SECRET, AWS_SESSION_TOKEN=TOKEN,
                         AWS_REGION="us-east-1")
        target = "s3://examplebucket/test.txt"
        t = ["--signing-time", "20130524T000000Z"]
        bad_runs = [
            (env_creds, [*t, "s3://Bad..Bucket/key"]),
            (env_creds, [*t, "s3://ab/key"]),
            (env_creds, [*t, b"s3://examplebucket/\xff\xfe"]),
            (env_creds, [*t, "s3://examplebucket/" + "k" * 1025]),
            (env_creds, [*t, "--region", "US_EAST_1", target]),
            (env_creds, [*t, "--expires-in", "0", target]),
            (env_creds, [*t, "--expires-in", "604801", target]),
            (env_creds, [*t, "--expires-in", "-5", target]),
            (env_creds, [*t, "--expires-in", "99999999999999999999999", target]),
            (env_creds, ["--signing-time", "19691231T235959Z", target]),
            (env_creds, ["--signing-time", "not-a-time", target]),
            (env_creds, [*t, "--endpoint-url", "http://user:pass@127.0.0.1:9000", target]),
            (env_creds, [*t, "--endpoint-url", "http://127.0.0.1:99999", target]),
            (env_creds, [*t, "--endpoint-url", "http://[::1", target]),
            (env_creds, [*t, "--endpoint-url", "http://host/path#frag", target]),
            (env_creds, [*t, "--header", "X-Bad\r\nInjected: 1", target]),
            (env_creds, [*t, "--header", "x-amz-meta-a: 1\r\nInjected: 2", target]),
            (env_creds, [*t, "--header", "not a token: v", target]),
            (env_creds, [*t, "--header", "x-amz-meta-a: 1", "--header", "X-Amz-Meta-A: 2", target]),
            (env_creds, [*t, "--query", "a\nb=1", target]),
            (env_creds, [*t, "--query", "X-Amz-Signature=0", target]),
            (env_creds, [*t, "--method", "GET POST", target]),
            (env_creds, [*t, "--no-such-option", target]),
            (env_creds, [*t]),
            (dict(env_creds, AWS_SECRET_ACCESS_KEY=BAD_SECRET), [*t, target]),
            (dict(env_creds, AWS_SECRET_ACCESS_KEY="   "), [*t, target]),
            (dict(env_creds, AWS_SESSION_TOKEN=TOKEN + "\r\nx: y"), [*t, target]),
            (dict(env_creds, AWS_ACCESS_KEY_ID=""), [*t, target]),
            (dict(base_env, AWS_SHARED_CREDENTIALS_FILE=duplicated), [*t, target]),
            (base_env, [*t, "--profile", "spaced", target]),
            (base_env, [*t, "--profile", "missing", target]),
            (dict(base_env, AWS_SHARED_CREDENTIALS_FILE=malformed), [*t, target]),
            (dict(base_env, AWS_SHARED_CREDENTIALS_FILE=home), [*t, target]),  # a directory
            (env_creds, ["verify", "--now", "20130524T000000Z", "--region", "us-east-1",
                         "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=x"]),
            (env_creds, ["verify", "--now", "20130524T000000Z", "not a url"]),
            (env_creds, ["post", *t, "--field", "key=x", target]),
            (env_creds, ["post", *t, "--condition", "{not json", target]),
            (dict(env_creds, AWS_SECRET_ACCESS_KEY=BAD_SECRET), ["post", *t, target]),
        ]
        good_runs = [
            (env_creds, [*t, "--debug", "--output", "json", target]),
            (base_env, [*t, "--debug", "--profile", "default", target]),
        ]
        secrets = set()
        for s in (ENV_SECRET, FILE_SECRET, BAD_SECRET):
            secrets |= variants(s)
        status = 0

        def run(env, argv):
            cmd = [args.cli, *argv]
            r = subprocess.run(cmd, env=env, capture_output=True, stdin=subprocess.DEVNULL)
            return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")

        for env, argv in bad_runs:
            code, out, err = run(env, argv)
            shown = " ".join(a if isinstance(a, str) else repr(a) for a in argv)
            if code not in (1, 2) or not err.strip():
                print(f"FAIL: expected an error (exit 1/2 and a message) for: {shown!r}: "
                      f"exit {code}, stderr {err.strip()!r}")
                status = 1
            for s in secrets | variants(TOKEN):
                if s in out or s in err:
                    print(f"FAIL: a secret was printed for: {shown!r}")
                    status = 1
            print(f"ok  exit {code}: {err.strip().splitlines()[0] if err.strip() else ''}")
        for env, argv in good_runs:
            code, out, err = run(env, argv)
            if code != 0 or "X-Amz-Signature=" not in out:
                print(f"FAIL: the control run failed: {argv!r}: {err.strip()!r}")
                status = 1
            for s in secrets:
                if s in out or s in err:
                    print(f"FAIL: a secret was printed by the control run {argv!r}")
                    status = 1
        print(f"{len(bad_runs)} bad inputs and {len(good_runs)} good runs checked")
        return status


if __name__ == "__main__":
    sys.exit(main())
