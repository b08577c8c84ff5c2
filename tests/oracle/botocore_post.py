#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Differential test of presigned POST: `presign post` against botocore's generate_presigned_post.
"""Compare `presign post` with botocore's generate_presigned_post on generated cases.

Run with Debian's interpreter (/usr/bin/python3, which has python3-botocore 1.29).

For every case botocore builds a form with time frozen (``datetime`` replaced inside
botocore.auth and botocore.signers only; BOTO_DISABLE_CRT=true) and the endpoint pinned to
the host our CLI produces, and our CLI builds one with ``--signing-time``. Checked:

* url: equal, except that our path-style URL ends with '/' (the bucket root, ``/BUCKET/``)
  where botocore's ends with the bucket (``/BUCKET``);
* policy, decoded and parsed as JSON: the same conditions in the same order, and the same
  expiration instant (ours carries milliseconds, ``.000Z``, botocore's does not);
* policy bytes: ours equal ``json.dumps(botocore's policy, ensure_ascii=False)`` with our
  expiration text (botocore writes non-ASCII as \\u escapes; we copy UTF-8, see
  include/presign/post_policy.hpp);
* fields: the same names and values besides policy and x-amz-signature, ours in the order
  to send (key, the caller's fields, policy, x-amz-algorithm, x-amz-credential, x-amz-date,
  x-amz-security-token, x-amz-signature);
* the signature, exactly, given the same policy bytes, both ways: our CLI signs botocore's
  policy (``--policy-file``) and must return exactly botocore's fields (policy base64 and
  x-amz-signature included), and botocore's signer signs our policy and must find our
  x-amz-signature;
* refusals (requests botocore signs but we must not): our CLI exits non-zero.

Prints one FAIL line per failing case and ends with `post differential: N passed, M failed`;
exit 1 on any failure or when fewer than --min-cases cases were compared.

Usage: botocore_post.py --cli PATH [--jobs N] [--only SUBSTRING] [--min-cases 200] [-v]
       botocore_post.py --self-test [--cli PATH]   the AWS POST example vector
"""
from __future__ import annotations

import argparse
import base64
import concurrent.futures
import datetime as _real_datetime
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import types

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
os.environ["BOTO_DISABLE_CRT"] = "true"  # before botocore is imported

try:
    import botocore
    import botocore.auth
    import botocore.awsrequest
    import botocore.config
    import botocore.credentials
    import botocore.session
    import botocore.signers
except ImportError as e:  # pragma: no cover - environment problem
    raise SystemExit(f"botocore_post: cannot import botocore ({e}); run with /usr/bin/python3 "
                     "and install Debian's python3-botocore") from e

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")

AWS_AKID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AWS_POST_SIGNATURE = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e"

CREDENTIAL_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                  "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
                  "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                  "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")


# --- frozen time, for botocore's signers only --------------------------------------------
class FrozenClock:
    """Stands in for the ``datetime`` module inside botocore.auth and botocore.signers."""

    def __init__(self):
        self.now = _real_datetime.datetime(2015, 12, 29)
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
        for mod in (botocore.auth, botocore.signers):
            mod.datetime = self.module
            if hasattr(mod, "get_current_datetime"):  # newer botocore
                mod.get_current_datetime = lambda remove_tzinfo=True: (
                    self.now if remove_tzinfo
                    else self.now.replace(tzinfo=_real_datetime.timezone.utc))

    def set(self, amz_time: str) -> None:
        self.now = _real_datetime.datetime.strptime(amz_time, "%Y%m%dT%H%M%SZ")


def aws_host(region: str) -> str:
    return "https://s3.%s.amazonaws.com%s" % (region, ".cn" if region.startswith("cn-") else "")


# --- cases --------------------------------------------------------------------------------
TRICKY_KEYS = [
    "a.txt", "with space.txt", "plus+sign", "percent%20literal", "tilde~", "equals=sign",
    "amp&ersand", "question?mark", "hash#tag", "semi;colon,comma", "quote\"d", "apos'trophe",
    "back\\slash", "slash/in/the/middle", "/leading-slash", "double//slash", "trailing/",
    "dot/./segment", "dotdot/../segment", "tab\there", "new\nline", "cr\rreturn",
    "ctrl\x01\x1f", "del\x7f", "caf\u00e9", "cafe\u0301 (NFD)",
    "\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb",
    "emoji \U0001F600", "zwj \U0001F468\u200d\U0001F469", "bom\ufeff", "line\u2028sep",
    "<xml>&amp;</xml>", "{braces}[brackets]", "`backtick` $dollar ^caret |pipe",
    "uploads/${filename}", "user/user1/${filename}", "${filename}",
    "long/" + "\u00e9" * 100 + "x" * 100,
]

FIELD_SAMPLES = [
    ("acl", ["private", "public-read", "bucket-owner-full-control"]),
    ("Content-Type", ["image/jpeg", "text/plain; charset=utf-8", "application/octet-stream"]),
    ("Cache-Control", ["max-age=3600", "no-cache, no-store"]),
    ("Content-Disposition", ['attachment; filename="x y.txt"', "inline",
                             "attachment; filename*=UTF-8''caf%C3%A9.txt"]),
    ("Content-Encoding", ["gzip"]),
    ("Expires", ["Thu, 01 Dec 2094 16:00:00 GMT"]),
    ("success_action_status", ["200", "201", "204"]),
    ("success_action_redirect", ["https://example.com/done?x=1&y=\"2\""]),
    ("redirect", ["http://example.com/"]),
    ("x-amz-meta-uuid", ["14365123651274"]),
    ("x-amz-meta-note", ["na\u00efve \u2603 \U0001F600", "q\"b\\s/", "tab\tnew\nline\x01\x7f",
                         "</script><script>", ""]),
    ("x-amz-meta-Mixed-Case", ["Value"]),
    ("x-amz-server-side-encryption", ["AES256", "aws:kms"]),
    ("x-amz-server-side-encryption-aws-kms-key-id",
     ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]),
    ("x-amz-storage-class", ["STANDARD_IA", "GLACIER_IR"]),
    ("tagging", ["<Tagging><TagSet><Tag><Key>k</Key><Value>v &amp; \"w\"</Value></Tag>"
                 "</TagSet></Tagging>"]),
    ("x-amz-website-redirect-location", ["/other/page.html"]),
    ("x-ignore-client", ["web 1.0"]),
]

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
           "ap-northeast-1", "sa-east-1", "ca-central-1", "cn-north-1", "cn-northwest-1",
           "us-gov-west-1", "af-south-1", "me-south-1"]

CREDENTIALS = [
    (AWS_AKID, AWS_SECRET, None),
    ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None),
    ("ASIAEXAMPLE123456789", "s3cr3t/with+plus=and/slash", "short-token"),
    ("ASIAQEXAMPLEEXAMPLE1", "another+secret/0123456789abcdefghij",
     "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD" + "A1b2C3d4+/=" * 30),
]

TIMES = ["20151229T000000Z", "20130524T000000Z", "20200229T235959Z", "19991231T235959Z",
         "20380119T031407Z", "20991231T120000Z", "20240101T000000Z"]

EXPIRIES = [1, 60, 3600, 86400, 604800]

ENDPOINTS = [  # (endpoint_url for our CLI or None, style)
    (None, "virtual"), (None, "path"),
    ("http://127.0.0.1:9000", "path"), ("http://localhost:9000", "virtual"),
    ("https://minio.example.com", "path"), ("https://minio.example.com:8443", "virtual"),
]


def make_case(rng: random.Random, cid: str, **over) -> dict:
    akid, secret, token = rng.choice(CREDENTIALS)
    endpoint, style = rng.choice(ENDPOINTS)
    case = {
        "id": cid, "bucket": rng.choice(["sigv4examplebucket", "my-bucket", "b-1-2-3",
                                         "bucket.with.dots", "abc"]),
        "key": rng.choice(TRICKY_KEYS), "region": rng.choice(REGIONS),
        "endpoint": endpoint, "style": style, "akid": akid, "secret": secret, "token": token,
        "time": rng.choice(TIMES), "expires_in": rng.choice(EXPIRIES),
        "fields": [], "conditions": [], "length_flag": None, "refuse": False,
    }
    names = rng.sample(range(len(FIELD_SAMPLES)), rng.randint(0, 5))
    for i in names:
        name, values = FIELD_SAMPLES[i]
        case["fields"].append((name, rng.choice(values)))
    # Some fields are covered by a starts-with instead of their own exact match.
    for name, value in case["fields"]:
        if rng.random() < 0.25:
            case["conditions"].append(["starts-with", "$" + name, value[: len(value) // 2]])
    r = rng.random()
    if r < 0.3:
        lo = rng.choice([0, 1, 1024])
        case["conditions"].append(["content-length-range", lo, lo + rng.choice([0, 1, 10485760])])
    elif r < 0.45:
        case["length_flag"] = (0, rng.choice([1, 1048576, 5368709120]))
    if rng.random() < 0.15:
        case["conditions"].append(["starts-with", "$x-amz-meta-tag", ""])
    if rng.random() < 0.1:
        case["conditions"].append({"acl": "public-read"})
    if rng.random() < 0.1:
        case["conditions"].append(["eq", "$success_action_status", "201"])
    case.update(over)
    if case["bucket"] == "bucket.with.dots" and case["style"] == "virtual" and \
            (case["endpoint"] is None or case["endpoint"].startswith("https")):
        case["style"] = "path"  # virtual-hosted dotted buckets over https: we refuse
    if case["bucket"] == "abc" and case["style"] == "virtual" and case["endpoint"] is None:
        case["style"] = "path"
    return case


def generate() -> list:
    rng = random.Random(20151229)
    cases = []
    # The AWS POST example's form, built by both (not the example's bytes: its layout differs).
    cases.append(make_case(rng, "vector-aws-example", bucket="sigv4examplebucket",
                           key="user/user1/${filename}", region="us-east-1", endpoint=None,
                           style="virtual", akid=AWS_AKID, secret=AWS_SECRET, token=None,
                           time="20151229T000000Z", expires_in=129600,
                           fields=[("acl", "public-read"),
                                   ("success_action_redirect",
                                    "http://sigv4examplebucket.s3.amazonaws.com/"
                                    "successful_upload.html"),
                                   ("Content-Type", "image/jpeg"),
                                   ("x-amz-meta-uuid", "14365123651274"),
                                   ("x-amz-server-side-encryption", "AES256"),
                                   ("x-amz-meta-tag", "")],
                           conditions=[["starts-with", "$Content-Type", "image/"],
                                       ["starts-with", "$x-amz-meta-tag", ""]]))
    for i, key in enumerate(TRICKY_KEYS):  # every key, both styles
        for style in ("virtual", "path"):
            cases.append(make_case(rng, "keys-%02d-%s" % (i, style), key=key, endpoint=None,
                                   style=style, bucket="my-bucket"))
    for i, (name, values) in enumerate(FIELD_SAMPLES):  # every field value alone
        for j, value in enumerate(values):
            cases.append(make_case(rng, "fields-%02d-%d" % (i, j), fields=[(name, value)],
                                   conditions=[]))
    for region in REGIONS:
        for style in ("virtual", "path"):
            cases.append(make_case(rng, "regions-%s-%s" % (region, style), region=region,
                                   endpoint=None, style=style))
    for i, (endpoint, style) in enumerate(ENDPOINTS):
        for b in ("my-bucket", "bucket.with.dots"):
            cases.append(make_case(rng, "endpoints-%d-%s" % (i, b), endpoint=endpoint,
                                   style=style, bucket=b))
    for i, (akid, secret, token) in enumerate(CREDENTIALS):
        for t in TIMES[:4]:
            cases.append(make_case(rng, "creds-%d-%s" % (i, t), akid=akid, secret=secret,
                                   token=token, time=t))
    for e in EXPIRIES:
        cases.append(make_case(rng, "expiries-%d" % e, expires_in=e))
    for t in TIMES:
        cases.append(make_case(rng, "times-%s" % t, time=t))
    for i in range(120):
        cases.append(make_case(rng, "mixed-%03d" % i))
    # Refusals: botocore signs these, we must not.
    refusals = [
        ("expiry-0", {"expires_in": 0}), ("expiry-604801", {"expires_in": 604801}),
        ("expiry-negative", {"expires_in": -5}),
        ("reserved-policy-field", {"fields": [("policy", "x")]}),
        ("reserved-signature-field", {"fields": [("X-Amz-Signature", "x")]}),
        ("reserved-key-field", {"fields": [("Key", "other")]}),
        ("duplicate-field", {"fields": [("acl", "private"), ("ACL", "public-read")]}),
        ("field-name-space", {"fields": [("bad name", "x")]}),
        ("length-range-reversed", {"conditions": [["content-length-range", 10, 9]]}),
        ("length-range-negative", {"conditions": [["content-length-range", -1, 9]]}),
        ("bucket-uppercase", {"bucket": "MyBucket"}),
        ("bucket-short", {"bucket": "ab"}),
        ("key-too-long", {"key": "k" * 1025}),
        ("key-not-utf8", {"key": b"bad\xff".decode("utf-8", "surrogateescape")}),
        ("field-not-utf8", {"fields": [("x-amz-meta-a", b"\xc3(".decode("utf-8",
                                                                        "surrogateescape"))]}),
    ]
    for name, over in refusals:
        c = make_case(rng, "refusals-" + name, **over)
        c["refuse"] = True
        cases.append(c)
    return cases


# --- both sides ---------------------------------------------------------------------------
def field_named(case: dict, name: str) -> bool:
    """Whether a condition names field `name` (then our CLI adds no exact match for it)."""
    for c in case["conditions"]:
        if isinstance(c, dict):
            names = list(c.keys())
        elif c and c[0] in ("eq", "starts-with"):
            names = [c[1][1:] if c[1].startswith("$") else c[1]]
        else:
            names = []
        if any(n.lower() == name.lower() for n in names):
            return True
    return False


def our_argv(case: dict, policy_file: str | None = None) -> list:
    argv = ["post", "--region", case["region"], "--signing-time", case["time"],
            "--addressing-style", case["style"], "--output", "json"]
    if case["endpoint"]:
        argv += ["--endpoint-url", case["endpoint"]]
    for name, value in case["fields"]:
        argv += ["--field", "%s=%s" % (name, value)]
    if policy_file is None:
        argv += ["--expires-in", str(case["expires_in"])]
        for c in case["conditions"]:
            argv += ["--condition", json.dumps(c)]
        if case["length_flag"]:
            argv += ["--content-length-range", "%d,%d" % case["length_flag"]]
    else:
        argv += ["--policy-file", policy_file]
    return argv + ["s3://%s/%s" % (case["bucket"], case["key"])]


def run_cli(cli: str, case: dict, argv: list) -> tuple:
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_ENV}
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_ACCESS_KEY_ID"] = case["akid"]
    env["AWS_SECRET_ACCESS_KEY"] = case["secret"]
    if case["token"]:
        env["AWS_SESSION_TOKEN"] = case["token"]
    args = [a.encode("utf-8", "surrogateescape") for a in [cli] + argv]
    p = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Botocore:
    def __init__(self):
        self.session = botocore.session.get_session()
        self.clock = FrozenClock()
        self.clients = {}

    def client(self, case: dict):
        endpoint = case["endpoint"] or aws_host(case["region"])
        key = (case["region"], endpoint, case["style"], case["akid"], case["secret"],
               case["token"])
        c = self.clients.get(key)
        if c is None:
            c = self.session.create_client(
                "s3", region_name=case["region"], endpoint_url=endpoint,
                aws_access_key_id=case["akid"], aws_secret_access_key=case["secret"],
                aws_session_token=case["token"],
                config=botocore.config.Config(signature_version="s3v4",
                                              s3={"addressing_style": case["style"]}))
            self.clients[key] = c
        return c

    def conditions(self, case: dict) -> list:
        """Our order: the fields' exact matches, then the caller's conditions."""
        out = [{n: v} for n, v in case["fields"] if not field_named(case, n)]
        out += [c for c in case["conditions"]]
        if case["length_flag"]:
            out.append(["content-length-range", *case["length_flag"]])
        return out

    def post(self, case: dict) -> dict:
        self.clock.set(case["time"])
        return self.client(case).generate_presigned_post(
            Bucket=case["bucket"], Key=case["key"], Fields=dict(case["fields"]),
            Conditions=self.conditions(case), ExpiresIn=case["expires_in"])

    def signature(self, case: dict, policy_b64: str) -> str:
        """botocore's POST signature of any base64 policy, for the case's scope."""
        creds = botocore.credentials.Credentials(case["akid"], case["secret"], case["token"])
        auth = botocore.auth.S3SigV4PostAuth(creds, "s3", case["region"])
        request = botocore.awsrequest.AWSRequest()
        request.context["timestamp"] = case["time"]
        return auth.signature(policy_b64, request)


def decode_policy(b64: str) -> bytes:
    return base64.b64decode(b64, validate=True)


def compare(case: dict, theirs: dict, rc: int, out: str, err: str, cli: str, bc: Botocore,
            tmpdir: str) -> list:
    problems = []
    if rc != 0:
        return ["CLI exit %d: %s" % (rc, err[:300])]
    try:
        ours = json.loads(out)
        url, fields = ours["url"], ours["fields"]
        assert isinstance(fields, dict) and list(ours.keys()) == ["url", "fields"]
    except (ValueError, KeyError, TypeError, AssertionError):
        return ["output is not {\"url\", \"fields\"} JSON: %r" % out[:300]]
    names = list(fields.keys())
    want_url = theirs["url"] if theirs["url"].endswith("/") else theirs["url"] + "/"
    if url != want_url:
        problems.append("url %r, botocore %r" % (url, theirs["url"]))
    want_names = (["key"] + [n for n, _ in case["fields"]] +
                  ["policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date"] +
                  (["x-amz-security-token"] if case["token"] else []) + ["x-amz-signature"])
    if names != want_names:
        problems.append("field order %r, want %r" % (names, want_names))
    skip = {"policy", "x-amz-signature"}
    a = {k: v for k, v in fields.items() if k not in skip}
    b = {k: v for k, v in theirs["fields"].items() if k not in skip}
    if a != b:
        problems.append("fields differ: ours %r, botocore %r" % (a, b))
    # Policies as JSON.
    try:
        our_bytes = decode_policy(fields["policy"])
        our_doc = json.loads(our_bytes.decode("utf-8"))
    except (ValueError, KeyError, UnicodeDecodeError) as e:
        return problems + ["our policy does not decode: %r" % e]
    their_bytes = decode_policy(theirs["fields"]["policy"])
    their_doc = json.loads(their_bytes)
    if list(our_doc.keys()) != ["expiration", "conditions"]:
        problems.append("policy members %r" % list(our_doc.keys()))
    if our_doc.get("conditions") != their_doc["conditions"]:
        problems.append("conditions differ:\n      ours     %r\n      botocore %r"
                        % (our_doc.get("conditions"), their_doc["conditions"]))
    t0 = _real_datetime.datetime.strptime(case["time"], "%Y%m%dT%H%M%SZ")
    want_exp = t0 + _real_datetime.timedelta(seconds=case["expires_in"])
    try:
        got_exp = _real_datetime.datetime.strptime(our_doc["expiration"], "%Y-%m-%dT%H:%M:%S.000Z")
        their_exp = _real_datetime.datetime.strptime(their_doc["expiration"],
                                                     "%Y-%m-%dT%H:%M:%SZ")
        if not got_exp == their_exp == want_exp:
            problems.append("expiration %r, botocore %r" % (our_doc["expiration"],
                                                            their_doc["expiration"]))
    except (ValueError, KeyError):
        problems.append("expiration %r not YYYY-MM-DDTHH:MM:SS.000Z" % our_doc.get("expiration"))
    # Bytes: json.dumps layout, UTF-8 copied.
    relaid = dict(their_doc)
    relaid["expiration"] = our_doc.get("expiration")
    if json.dumps(relaid, ensure_ascii=False).encode("utf-8") != our_bytes:
        problems.append("policy bytes differ from json.dumps(ensure_ascii=False):\n      %r"
                        % our_bytes[:400])
    # Signatures given the same policy bytes, both ways.
    if bc.signature(case, fields["policy"]) != fields["x-amz-signature"]:
        problems.append("botocore's signer disagrees with our x-amz-signature for our policy")
    pf = os.path.join(tmpdir, "%s.policy" % case["id"])
    with open(pf, "wb") as f:
        f.write(their_bytes)
    rc2, out2, err2 = run_cli(cli, case, our_argv(case, pf))
    try:
        signed = json.loads(out2)["fields"] if rc2 == 0 else None
    except (ValueError, KeyError):
        signed = None
    if signed is None:
        problems.append("--policy-file with botocore's policy: exit %d %s" % (rc2, err2[:200]))
    elif signed != theirs["fields"]:
        diff = sorted(k for k in set(signed) | set(theirs["fields"])
                      if signed.get(k) != theirs["fields"].get(k))
        problems.append("--policy-file with botocore's policy: fields differ in %s: ours %r, "
                        "botocore %r" % (diff, [signed.get(k) for k in diff],
                                         [theirs["fields"].get(k) for k in diff]))
    return problems


def self_test(cli: str | None) -> int:
    with open(os.path.join(DATA, "s3_post_example.policy.json"), "rb") as f:
        policy = f.read()
    case = {"akid": AWS_AKID, "secret": AWS_SECRET, "token": None, "region": "us-east-1",
            "time": "20151229T000000Z"}
    got = Botocore().signature(case, base64.b64encode(policy).decode())
    failed = 0
    ok = got == AWS_POST_SIGNATURE
    failed += not ok
    print("%s botocore %s signs the AWS POST example: %s" % ("ok  " if ok else "FAIL",
                                                            botocore.__version__, got))
    if cli:
        case.update({"bucket": "sigv4examplebucket", "key": "user/user1/${filename}",
                     "endpoint": None, "style": "virtual", "fields": [], "conditions": []})
        rc, out, err = run_cli(cli, case, our_argv(case, os.path.join(
            DATA, "s3_post_example.policy.json")))
        try:
            sig = json.loads(out)["fields"]["x-amz-signature"]
        except (ValueError, KeyError):
            sig = "exit %d %s" % (rc, err[:200])
        ok = sig == AWS_POST_SIGNATURE
        failed += not ok
        print("%s presign post --policy-file signs the AWS POST example: %s"
              % ("ok  " if ok else "FAIL", sig))
    print("post self-test: %d passed, %d failed" % (1 + bool(cli) - failed, failed))
    return 1 if failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", help="path to the presign CLI")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="run the cases whose id contains this")
    ap.add_argument("--min-cases", type=int, default=200)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test(args.cli)
    if not args.cli:
        ap.error("--cli is required")
    cases = [c for c in generate() if not args.only or args.only in c["id"]]
    bc = Botocore()
    theirs = {}
    for c in cases:
        if c["refuse"]:
            continue
        try:
            theirs[c["id"]] = bc.post(c)
        except Exception as e:  # reported per case
            theirs[c["id"]] = e
    passed = failed = compared = 0
    with tempfile.TemporaryDirectory(prefix="presign-post-diff-") as tmpdir, \
            concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        runs = {c["id"]: pool.submit(run_cli, args.cli, c, our_argv(c)) for c in cases}
        for c in cases:
            rc, out, err = runs[c["id"]].result()
            if c["refuse"]:
                problems = [] if rc != 0 else ["accepted (exit 0) what must be refused: %r"
                                               % out[:200]]
            elif isinstance(theirs[c["id"]], Exception):
                problems = ["botocore failed: %r" % theirs[c["id"]]]
            else:
                compared += 1
                problems = compare(c, theirs[c["id"]], rc, out, err, args.cli, bc, tmpdir)
            if problems:
                failed += 1
                print("FAIL %s: %s" % (c["id"], "\n    ".join(problems)))
                if args.verbose:
                    print("    ours: %s" % shlex.join(our_argv(c)))
            else:
                passed += 1
                if args.verbose:
                    print("ok   %s" % c["id"])
    cats = {}
    for c in cases:
        cat = c["id"].split("-")[0]
        cats[cat] = cats.get(cat, 0) + 1
    print("post differential: categories %s; %d compared with botocore %s"
          % (", ".join("%s %d" % kv for kv in cats.items()), compared, botocore.__version__))
    if compared < args.min_cases and not args.only:
        print("FAIL: only %d cases compared (at least %d expected)" % (compared, args.min_cases))
        failed += 1
    print("post differential: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
