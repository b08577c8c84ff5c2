#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Deterministic generator of differential-test cases for the `presign` CLI vs botocore.
"""Generate the differential test cases (JSON lines) for tests/oracle/differential.py.

Every case is one presigning request described twice:

* ``argv`` / ``env``: the arguments (without the program name) and credential
  environment for our ``presign`` CLI, following its contract
  (``presign [options] s3://BUCKET/KEY``);
* ``botocore``: the equivalent botocore call for tests/oracle/botocore_presign.py:
  client settings (region, endpoint_url pinned to the host our CLI must produce,
  addressing style, credentials), the frozen signing time, the client method and
  its Params, ExpiresIn, HttpMethod, plus query parameters / headers botocore
  has no modelled parameter for (``inject_query`` / ``inject_headers``, added to
  the request just before botocore signs it).

Output is a pure function of ``--seed`` (default 20130524): the same seed gives
the same bytes on every machine. Standard library only; runs on any Python 3.8+.

Usage: generate_cases.py [--seed N] [-o FILE]      (default: stdout)
"""
from __future__ import annotations

import argparse
import base64
import json
import random
import sys
from typing import Iterable

DEFAULT_SEED = 20130524

# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

DOC_AKID = "AKIAIOSFODNN7EXAMPLE"
DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
DOC_TIME = "20130524T000000Z"

# Regions and their partitions' DNS suffix (botocore: amazonaws.com.cn for cn-*).
REGIONS = [
    "us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1",
    "eu-central-1", "sa-east-1", "ap-northeast-1", "me-south-1", "af-south-1",
    "cn-northwest-1", "us-gov-east-1", "eu-south-2", "us-west-2", "ca-central-1",
]
AWS_PARTITION_REGIONS = [r for r in REGIONS if not r.startswith(("cn-", "us-gov-"))]

# Buckets usable with both styles (DNS compatible, no dots, 3..63 chars).
VIRTUAL_BUCKETS = ["examplebucket", "my-bucket-123", "abc", "123bucket", "b" * 63, "x-y-z"]
# Buckets that only work path style (dots; botocore forces path style for them).
PATH_ONLY_BUCKETS = ["my.dotted.bucket", "a.b.c", "logs.example.com"]

SIGNING_TIMES = [
    "20130524T000000Z", "20240229T235959Z", "20231231T235959Z", "20000101T000000Z",
    "20380119T031408Z", "20991231T235959Z", "20150830T123600Z", "20210704T120000Z",
    "19991231T235959Z", "20250101T000000Z", "20200229T000001Z", "20330518T033320Z",
]

EXPIRIES = [1, 2, 59, 60, 899, 900, 3599, 3600, 3601, 43200, 86399, 86400, 172800,
            604799, 604800]

CUSTOM_ENDPOINTS = [
    # (endpoint, styles allowed) — virtual only where the host is a DNS name
    # (botocore falls back to path style for IP literals).
    ("http://127.0.0.1:9000", ["path"]),
    ("http://localhost:9000", ["path"]),
    ("https://minio.example.com", ["path", "virtual"]),
    ("https://minio.example.com:8443", ["path", "virtual"]),
    ("http://127.0.0.1:4566", ["path"]),
    ("http://s3.local.test:8080", ["path", "virtual"]),
]


def regional_endpoint(region: str) -> str:
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"https://s3.{region}.{suffix}"


def realistic_token(rng: random.Random, nbytes: int = 252) -> str:
    """An STS-looking session token: base64, >= 336 chars, with '/', '+' and '='."""
    while True:
        raw = bytes(rng.randrange(256) for _ in range(nbytes))
        tok = "IQoJb3JpZ2luX2VjE" + base64.b64encode(raw).decode() + "=="
        if "/" in tok and "+" in tok and len(tok) >= 336:
            return tok


def random_secret(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(40))
        if "/" in s and "+" in s:
            return s


def random_akid(rng: random.Random, prefix: str = "AKIA") -> str:
    return prefix + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


# Tricky keys: every one is valid UTF-8, has no NUL and is at most 1024 bytes.
PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
TRICKY_KEYS = [
    "test.txt", "a b", "a+b", "a%b", "a~b", "~", "a=b", "a&b", "a?b", "?", "a#b", "#",
    ";:,*!()$@'\"", " ", "  two leading spaces", "trailing space ", "a  b   c",
    "plus+and space mix+ +", "%2B", "%20", "%E6%97%A5", "%%%", "%zz", "percent %41 literal",
    "é", "café/crème brûlée.txt", "日本", "日本語/ファイル 名.txt", "😀", "emoji 😀/🎉+🚀.png",
    "e\u0301 (NFD)", "\u00e9 (NFC)", "\ufb01 ligature", "עברית/مرحبا", "\u00a0nbsp",
    "line\u2028sep", "\ufeffbom", "Ω≈ç√∫", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "tab\there", "nl\nline", "cr\rx", "ctl\x01\x02\x1f", "del\x7f", "\t",
    "/leading", "//two-leading", "///three", "a//b", "a///b//", ".", "..", "...", "./",
    "../", "./x", "../x", "a/./b", "a/../b", "a/.", "a/..", "trail/", "trail//", "/",
    "//", ".hidden", "dir/.hidden/..x", "/./../", "UPPER/lower/MiXeD.TXT", "0",
    "path/with/many/levels/file.tar.gz", "back\\slash", "pipe|caret^brace{}[]`", "<>",
    "semi;colon", "comma,list", "star*", "bang!", "quote'single", 'quote"double',
    "at@sign", "dollar$", "paren(s)", "colon:name", "equals==", "amp&&", "hash##",
    "question??", "tilde~~/~", "under_score-dash.dot",
]


def long_keys() -> list[str]:
    keys = [
        "a" * 1024,                                  # exactly 1024 bytes
        "k/" * 512,                                  # 1024 bytes, 512 slashes
        "日" * 341 + "a",                             # 3-byte chars, 1024 bytes
        "😀" * 256,                                   # 4-byte chars, 1024 bytes
        "é" * 512,                                   # 2-byte chars, 1024 bytes
        ("a b+c%d~" * 128),                          # 1024 bytes, heavy encoding
        "/" + "x" * 1023,                            # leading slash, 1024 bytes
        ("日本/" * 146) + "ab",                        # 7*146+2 = 1024 bytes
        "x" * 1023,
        ("ü" * 300) + ("/" * 200) + ("a" * 224),       # 600+200+224 = 1024 bytes
    ]
    for k in keys:
        assert len(k.encode()) <= 1024, (k[:10], len(k.encode()))
    return keys


def random_key(rng: random.Random) -> str:
    pools = [
        "abcdefghijklmnopqrstuvwxyz0123456789",
        PUNCT,
        " \t",
        "éüñßøå",
        "日本語中文한국어",
        "😀🎉🚀💾",
        "/",
        ".",
        "\x01\x1b\x7f\n\r",
        "\u0301\u200d\u00a0\ufeff",
    ]
    weights = [40, 20, 5, 6, 6, 3, 10, 6, 2, 2]
    n = rng.choice([1, 2, 3, 5, 8, 13, 40, 100, 200, 300])
    out = []
    while True:
        out = [rng.choice(rng.choices(pools, weights)[0]) for _ in range(n)]
        key = "".join(out)
        if len(key.encode()) > 1024:
            n = max(1, n // 2)
            continue
        return key


# ---------------------------------------------------------------------------
# Request spec -> (CLI argv, env, botocore call)
# ---------------------------------------------------------------------------

# Header name (lowercase) -> botocore Params name, per operation family.
PUT_HEADER_PARAMS = {
    "content-type": "ContentType", "x-amz-acl": "ACL", "cache-control": "CacheControl",
    "content-disposition": "ContentDisposition", "content-encoding": "ContentEncoding",
    "content-language": "ContentLanguage", "x-amz-storage-class": "StorageClass",
    "x-amz-server-side-encryption": "ServerSideEncryption", "x-amz-tagging": "Tagging",
    "x-amz-website-redirect-location": "WebsiteRedirectLocation",
}
GET_HEADER_PARAMS = {"range": "Range", "if-match": "IfMatch", "if-none-match": "IfNoneMatch"}
GET_QUERY_PARAMS = {
    "versionId": "VersionId", "partNumber": "PartNumber",
    "response-content-type": "ResponseContentType",
    "response-content-disposition": "ResponseContentDisposition",
    "response-cache-control": "ResponseCacheControl",
    "response-content-encoding": "ResponseContentEncoding",
    "response-content-language": "ResponseContentLanguage",
}


class Spec:
    """One request: what the user asks our CLI for."""

    def __init__(self, **kw):
        self.bucket: str = kw.pop("bucket", "examplebucket")
        self.key: str = kw.pop("key", "test.txt")
        self.method: str | None = kw.pop("method", "GET")          # None: rely on default
        self.expires: int | None = kw.pop("expires", 3600)         # None: rely on default
        self.region: str = kw.pop("region", "us-east-1")
        self.endpoint: str | None = kw.pop("endpoint", None)
        self.style: str | None = kw.pop("style", "virtual")        # None: rely on default
        self.global_endpoint: bool = kw.pop("global_endpoint", False)
        self.query: list = kw.pop("query", [])                     # [(name, value|None)]
        self.headers: list = kw.pop("headers", [])                 # [(name, value)]
        self.time: str = kw.pop("time", DOC_TIME)
        self.akid: str = kw.pop("akid", DOC_AKID)
        self.secret: str = kw.pop("secret", DOC_SECRET)
        self.token: str | None = kw.pop("token", None)
        self.output: str = kw.pop("output", "url")
        self.category: str = kw.pop("category")
        self.note: str = kw.pop("note", "")
        # The oldest botocore whose answer is the reference (older ones answered otherwise).
        self.botocore_min: tuple | None = kw.pop("botocore_min", None)
        assert not kw, kw

    # -- CLI side ----------------------------------------------------------
    def argv(self) -> list[str]:
        a: list[str] = []
        if self.method is not None:
            a += ["--method", self.method]
        if self.expires is not None:
            a += ["--expires-in", str(self.expires)]
        a += ["--region", self.region]
        if self.endpoint:
            a += ["--endpoint-url", self.endpoint]
        if self.style is not None:
            a += ["--addressing-style", self.style]
        if self.global_endpoint:
            a += ["--global-endpoint"]
        for name, value in self.query:
            a += ["--query", name if value is None else f"{name}={value}"]
        for name, value in self.headers:
            a += ["--header", f"{name}: {value}"]
        a += ["--signing-time", self.time]
        if self.output != "url":
            a += ["--output", self.output]
        a.append(f"s3://{self.bucket}/{self.key}")
        return a

    def env(self) -> dict:
        e = {"AWS_ACCESS_KEY_ID": self.akid, "AWS_SECRET_ACCESS_KEY": self.secret}
        if self.token is not None:
            e["AWS_SESSION_TOKEN"] = self.token
        return e

    # -- botocore side -----------------------------------------------------
    def effective_style(self) -> str:
        style = self.style or "auto"
        if style != "auto":
            return style
        # A custom endpoint: botocore's own "auto" decides (path style), as ours must.
        if self.endpoint:
            return "auto"
        # An AWS host, pinned as botocore's endpoint_url below (with which botocore's
        # auto would be path style): our contract's "auto", virtual-hosted when the
        # bucket is a DNS label without dots, else path style, spelled out.
        return "path" if self.bucket in PATH_ONLY_BUCKETS else "virtual"

    def endpoint_url(self) -> str:
        if self.endpoint:
            return self.endpoint
        if self.global_endpoint:
            assert self.region == "us-east-1"
            return "https://s3.amazonaws.com"
        return regional_endpoint(self.region)

    def botocore_call(self) -> dict:
        method = self.method or "GET"
        qnames = {n for n, _ in self.query}
        params: dict = {"Bucket": self.bucket, "Key": self.key}
        inject_q: list = []
        inject_h: list = []
        op = None
        header_map: dict = {}
        query_map: dict = {}
        if method == "GET":
            if qnames == {"acl"}:
                op = "get_object_acl"
            elif qnames == {"tagging"}:
                op = "get_object_tagging"
            elif "uploadId" in qnames:
                op, query_map = "list_parts", {"uploadId": "UploadId"}
            else:
                op, query_map, header_map = "get_object", GET_QUERY_PARAMS, GET_HEADER_PARAMS
        elif method == "HEAD":
            op = "head_object"
            query_map = {"versionId": "VersionId", "partNumber": "PartNumber"}
            header_map = GET_HEADER_PARAMS
        elif method == "PUT":
            if "partNumber" in qnames and "uploadId" in qnames:
                op = "upload_part"
                query_map = {"partNumber": "PartNumber", "uploadId": "UploadId"}
            else:
                op, header_map = "put_object", PUT_HEADER_PARAMS
        elif method == "DELETE":
            if "uploadId" in qnames:
                op, query_map = "abort_multipart_upload", {"uploadId": "UploadId"}
            else:
                op, query_map = "delete_object", {"versionId": "VersionId"}
        elif method == "POST":
            if "uploads" in qnames:
                op, header_map = "create_multipart_upload", PUT_HEADER_PARAMS
            elif "uploadId" in qnames:
                op, query_map = "complete_multipart_upload", {"uploadId": "UploadId"}
            else:
                raise AssertionError("POST needs uploads or uploadId")
        else:
            raise AssertionError(method)
        implicit = {"get_object_acl": {"acl"}, "get_object_tagging": {"tagging"},
                    "create_multipart_upload": {"uploads"}}.get(op, set())
        for name, value in self.query:
            if name in implicit:
                assert not value, "the operation adds this parameter itself, valueless"
                continue
            if name in query_map:
                pname = query_map[name]
                params[pname] = int(value) if pname == "PartNumber" else value
            else:
                inject_q.append([name, value or ""])
        metadata: dict = {}
        for name, value in self.headers:
            lname = name.lower()
            if lname in header_map:
                params[header_map[lname]] = value
            elif lname.startswith("x-amz-meta-") and header_map is PUT_HEADER_PARAMS:
                metadata[name[len("x-amz-meta-"):]] = value
            else:
                inject_h.append([name, value])
        if metadata:
            params["Metadata"] = metadata
        call = {
            "region": self.region,
            "endpoint_url": self.endpoint_url(),
            "addressing_style": self.effective_style(),
            "access_key": self.akid,
            "secret_key": self.secret,
            "token": self.token,
            "time": self.time,
            "operation": op,
            "params": params,
            "expires_in": 3600 if self.expires is None else self.expires,
            "http_method": method,
        }
        if inject_q:
            call["inject_query"] = inject_q
        if inject_h:
            call["inject_headers"] = inject_h
        return call

    def case(self, case_id: str) -> dict:
        c = {
            "id": case_id,
            "category": self.category,
            "argv": self.argv(),
            "env": self.env(),
            "output": self.output,
            "botocore": self.botocore_call(),
        }
        if self.note:
            c["note"] = self.note
        if self.output == "json":
            c["expect_headers"] = [[n, v] for n, v in self.headers]
        if self.botocore_min:
            c["botocore_min"] = list(self.botocore_min)
        return c


# ---------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------

def cat_vectors(rng: random.Random) -> Iterable[Spec]:
    """The S3 documentation examples: us-east-1, global host, 86400 s."""
    base = dict(category="vectors", bucket="examplebucket", key="test.txt", expires=86400,
                region="us-east-1", global_endpoint=True, style="virtual")
    yield Spec(**base, note="S3 doc: aeeed9bb...")
    yield Spec(**base, method="PUT", note="f4db5645...")
    yield Spec(**base, query=[("response-content-type", "text/plain")], note="9cee3ba3...")
    yield Spec(**base, method="PUT", query=[("partNumber", "1"), ("uploadId", "abcd")],
               note="d2ed12e1...")
    yield Spec(**base, token="oej5cie4uctureturdtuc5dctd", note="bf77b83a...")


def cat_keys(rng: random.Random) -> Iterable[Spec]:
    methods = ["GET", "PUT", "HEAD", "DELETE"]
    for i, key in enumerate(TRICKY_KEYS):
        for style in ("virtual", "path"):
            yield Spec(category="keys", key=key, style=style, method=methods[i % 4],
                       region=REGIONS[i % len(REGIONS)],
                       bucket=VIRTUAL_BUCKETS[i % len(VIRTUAL_BUCKETS)])


def cat_punct(rng: random.Random) -> Iterable[Spec]:
    # Each printable ASCII punctuation char alone, inside a key and doubled.
    for i, ch in enumerate(PUNCT):
        yield Spec(category="punct", key=f"x{ch}y{ch}{ch}", style=("virtual", "path")[i % 2],
                   region=AWS_PARTITION_REGIONS[i % len(AWS_PARTITION_REGIONS)])


def cat_long_keys(rng: random.Random) -> Iterable[Spec]:
    for i, key in enumerate(long_keys()):
        yield Spec(category="long-keys", key=key, style=("virtual", "path")[i % 2],
                   method=("GET", "PUT")[i % 2], region="eu-west-1")


def cat_random_keys(rng: random.Random) -> Iterable[Spec]:
    for i in range(60):
        yield Spec(category="random-keys", key=random_key(rng),
                   style=rng.choice(["virtual", "path"]), method=rng.choice(["GET", "PUT"]),
                   region=rng.choice(REGIONS), time=rng.choice(SIGNING_TIMES))


def cat_operations(rng: random.Random) -> Iterable[Spec]:
    c = "operations"
    vid = "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo"
    up = "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA--"
    up2 = "Xy/+z==abc~def"
    yield Spec(category=c, method="GET", query=[("versionId", vid)])
    yield Spec(category=c, method="GET", query=[("versionId", "null")])
    yield Spec(category=c, method="GET", query=[("partNumber", "2")])
    yield Spec(category=c, method="GET", query=[("acl", None)])
    yield Spec(category=c, method="GET", query=[("tagging", None)])
    yield Spec(category=c, method="GET", query=[("uploadId", up)])
    yield Spec(category=c, method="GET", query=[("uploadId", up2)], style="path")
    yield Spec(category=c, method="HEAD")
    yield Spec(category=c, method="HEAD", query=[("versionId", vid)], style="path")
    yield Spec(category=c, method="HEAD", query=[("partNumber", "10000")])
    yield Spec(category=c, method="DELETE")
    yield Spec(category=c, method="DELETE", query=[("versionId", vid)])
    yield Spec(category=c, method="DELETE", query=[("uploadId", up)], style="path")
    yield Spec(category=c, method="DELETE", query=[("uploadId", up2)])
    yield Spec(category=c, method="PUT")
    for pn in ("1", "2", "99", "10000"):
        yield Spec(category=c, method="PUT", query=[("partNumber", pn), ("uploadId", up)])
    yield Spec(category=c, method="PUT", query=[("uploadId", up2), ("partNumber", "7")],
               style="path", key="big file+1.bin")
    yield Spec(category=c, method="PUT", query=[("partNumber", "1"), ("uploadId", "abcd")],
               token=realistic_token(rng), region="ap-southeast-2")
    yield Spec(category=c, method="POST", query=[("uploads", None)])
    yield Spec(category=c, method="POST", query=[("uploads", None)], style="path",
               key="dir/a b.bin")
    yield Spec(category=c, method="POST", query=[("uploads", None)],
               headers=[("Content-Type", "video/mp2t")])
    yield Spec(category=c, method="POST", query=[("uploads", None)],
               headers=[("x-amz-acl", "private"), ("x-amz-meta-owner", "alice")],
               region="eu-west-1")
    yield Spec(category=c, method="POST", query=[("uploadId", up)])
    yield Spec(category=c, method="POST", query=[("uploadId", up2)], style="path",
               region="cn-north-1")
    for m in ("GET", "PUT", "HEAD", "DELETE"):
        yield Spec(category=c, method=m, key="ops/é +~.bin", region="us-gov-west-1",
                   token="short-token", style="path")


def cat_response_params(rng: random.Random) -> Iterable[Spec]:
    c = "response-params"
    values = {
        "response-content-type": ["text/plain", "application/json; charset=utf-8",
                                  "image/svg+xml", "text/html;charset=ISO-8859-1"],
        "response-content-disposition": ['attachment; filename="a b.txt"',
                                         "inline", "attachment; filename*=UTF-8''%E6%97%A5.txt",
                                         'attachment; filename="日本 語.pdf"'],
        "response-cache-control": ["no-cache", "max-age=0, must-revalidate", "private"],
        "response-content-encoding": ["gzip", "identity"],
        "response-content-language": ["en-US", "mi, en"],
        "response-expires": ["Thu, 01 Dec 1994 16:00:00 GMT"],
    }
    for name, vals in values.items():
        for i, v in enumerate(vals):
            yield Spec(category=c, query=[(name, v)], style=("virtual", "path")[i % 2],
                       region=AWS_PARTITION_REGIONS[i % len(AWS_PARTITION_REGIONS)])
    yield Spec(category=c, query=[("response-content-type", "text/plain"),
                                  ("response-content-disposition", 'attachment; filename="a b.txt"'),
                                  ("response-cache-control", "no-cache"),
                                  ("response-content-encoding", "gzip"),
                                  ("response-content-language", "en"),
                                  ("versionId", "v1+/=")])
    yield Spec(category=c, query=[("response-content-disposition", 'attachment; filename="x.txt"'),
                                  ("response-content-type", "application/octet-stream")],
               token=realistic_token(rng), key="reports/2024 Q1+Q2.pdf", region="eu-west-1")


def cat_headers(rng: random.Random) -> Iterable[Spec]:
    c = "headers"
    put_headers = [
        [("Content-Type", "text/plain")],
        [("content-type", "image/png")],
        [("CONTENT-TYPE", "text/plain; charset=utf-8")],
        [("Content-Type", "multipart/form-data; boundary=----x+y/z")],
        [("Content-Type", "application/octet-stream")],
        [("x-amz-acl", "public-read")],
        [("x-amz-acl", "bucket-owner-full-control")],
        [("x-amz-meta-foo", "bar")],
        [("x-amz-meta-Author", "J. Doe")],
        [("x-amz-meta-spaces", "a   b    c")],
        [("x-amz-meta-a", "1"), ("x-amz-meta-b", "2"), ("x-amz-meta-c", "3")],
        [("Cache-Control", "max-age=60")],
        [("Content-Disposition", 'attachment; filename="a b.txt"')],
        [("Content-Encoding", "gzip")],
        [("Content-Language", "en-GB")],
        [("x-amz-storage-class", "STANDARD_IA")],
        [("x-amz-server-side-encryption", "AES256")],
        [("x-amz-tagging", "project=blue&env=prod")],
        [("x-amz-website-redirect-location", "/other/page.html")],
        [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfw==")],
        [("x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")],
        [("Content-Type", "text/csv"), ("x-amz-acl", "private"),
         ("x-amz-meta-uploaded-by", "bob"), ("Cache-Control", "no-store")],
        [("Content-Type", "text/plain"), ("x-amz-meta-z", "last"), ("x-amz-meta-a", "first"),
         ("x-amz-storage-class", "GLACIER"), ("Content-Disposition", "inline")],
        [("x-amz-meta-trailing", "value   ")],
        [("Content-Disposition", 'attachment;  filename="a  b.txt"')],
        [("x-amz-meta-inner", "one two  three   four"), ("Content-Type", "text/plain;  charset=utf-8")],
    ]
    for i, hs in enumerate(put_headers):
        yield Spec(category=c, method="PUT", headers=hs, style=("virtual", "path")[i % 2],
                   region=REGIONS[i % len(REGIONS)], key=("upload.bin", "dir/a+b c.txt")[i % 2])
    get_headers = [
        [("Range", "bytes=0-99")],
        [("If-Match", '"686897696a7c876b7e"')],
        [("If-None-Match", "*")],
        [("Range", "bytes=100-"), ("If-Match", '"etag"')],
        [("x-amz-request-payer", "requester")],
        [("x-amz-expected-bucket-owner", "111122223333")],
    ]
    for i, hs in enumerate(get_headers):
        yield Spec(category=c, method=("GET", "HEAD")[i % 2], headers=hs,
                   style=("path", "virtual")[i % 2], region="eu-west-1")
    yield Spec(category=c, method="PUT", headers=[("Content-Type", "text/plain")],
               token=realistic_token(rng), region="us-west-2", expires=604800)
    yield Spec(category=c, method="PUT", query=[("partNumber", "3"), ("uploadId", "up-load")],
               headers=[("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==")], region="eu-west-1")


def cat_regions(rng: random.Random) -> Iterable[Spec]:
    c = "regions"
    for i, region in enumerate(REGIONS):
        for style in ("virtual", "path"):
            yield Spec(category=c, region=region, style=style, key=f"{region}/obj {i}.txt",
                       bucket=VIRTUAL_BUCKETS[i % len(VIRTUAL_BUCKETS)])
    # --global-endpoint (s3.amazonaws.com) is for us-east-1 only: we refuse it elsewhere
    # (see refusals()), where botocore would sign for a host that answers 307.
    for i, key in enumerate(["global/x+y", "/lead", "a b/é", "~tilde~"]):
        for style in ("virtual", "path"):
            yield Spec(category=c, region="us-east-1", style=style, global_endpoint=True,
                       key=key, bucket=VIRTUAL_BUCKETS[i], note="--global-endpoint")
    for i, bucket in enumerate(PATH_ONLY_BUCKETS):
        yield Spec(category=c, region=REGIONS[i], style="path", bucket=bucket,
                   key="dotted/bucket.txt")


def cat_endpoints(rng: random.Random) -> Iterable[Spec]:
    c = "endpoints"
    for i, (ep, styles) in enumerate(CUSTOM_ENDPOINTS):
        for style in styles:
            for j, (method, key) in enumerate((("GET", "a b/c+d.txt"), ("PUT", "/lead//x/../y"))):
                yield Spec(category=c, endpoint=ep, style=style, method=method, key=key,
                           region=("us-east-1", "eu-west-1")[(i + j) % 2],
                           bucket=("mybucket", "my-bucket-123")[j])
    yield Spec(category=c, endpoint="http://127.0.0.1:9000", style="path", akid="minioadmin",
               secret="minioadmin", region="us-east-1", key="minio/é.txt")
    yield Spec(category=c, endpoint="http://127.0.0.1:9000", style="path",
               bucket="my.dotted.bucket", region="us-east-1")
    yield Spec(category=c, endpoint="https://minio.example.com", style="path",
               token=realistic_token(rng), method="PUT",
               headers=[("Content-Type", "text/plain")], region="eu-west-1")


def cat_tokens(rng: random.Random) -> Iterable[Spec]:
    c = "tokens"
    toks = ["oej5cie4uctureturdtuc5dctd", "a", "token/with+plus=and=eq",
            "FwoGZXIvYXdzEBYaDNJj1Xz+Zw/w==", "~tilde-_.", "with space"]
    for i in range(14):
        toks.append(realistic_token(rng, 252 + 3 * i))
    for i, tok in enumerate(toks):
        yield Spec(category=c, token=tok, akid=random_akid(rng, "ASIA"),
                   secret=random_secret(rng), style=("virtual", "path")[i % 2],
                   region=REGIONS[i % len(REGIONS)], method=("GET", "PUT", "HEAD")[i % 3],
                   time=SIGNING_TIMES[i % len(SIGNING_TIMES)])


def cat_expiries(rng: random.Random) -> Iterable[Spec]:
    for i, e in enumerate(EXPIRIES + [rng.randint(1, 604800) for _ in range(5)]):
        yield Spec(category="expiries", expires=e, style=("virtual", "path")[i % 2],
                   region=REGIONS[i % len(REGIONS)])


def cat_times(rng: random.Random) -> Iterable[Spec]:
    for i, t in enumerate(SIGNING_TIMES):
        yield Spec(category="times", time=t, style=("virtual", "path")[i % 2],
                   region=REGIONS[(i * 7) % len(REGIONS)], expires=EXPIRIES[i % len(EXPIRIES)])


def cat_credentials(rng: random.Random) -> Iterable[Spec]:
    creds = [("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
             ("minioadmin", "minioadmin"), ("A", "s"),
             ("AKIAIOSFODNN7EXAMPLE", "////////////////////////////////////////")]
    for _ in range(8):
        creds.append((random_akid(rng), random_secret(rng)))
    for i, (akid, secret) in enumerate(creds):
        yield Spec(category="credentials", akid=akid, secret=secret,
                   style=("virtual", "path")[i % 2], region=REGIONS[(i * 3) % len(REGIONS)],
                   time=SIGNING_TIMES[(i * 5) % len(SIGNING_TIMES)])


def cat_extra_query(rng: random.Random) -> Iterable[Spec]:
    c = "extra-query"
    qs = [
        [("x-custom", "a b+c=d&e/f~g")],
        [("foo", "")],
        [("foo", None)],
        [("a b", "c d")],
        [("naïve", "日本")],
        [("x", "a=b=c")],
        [("star", "*!'()")],
        [("tilde~", "~")],
        [("Upper", "1"), ("lower", "2"), ("_under", "3"), ("0digit", "4")],
        [("response-expires", "Thu, 01 Dec 1994 16:00:00 GMT")],
        [("x-id", "GetObject")],
        [("torrent", None)],
        [("attributes", None)],
        [("percent", "%41%")],
        [("plus", "+"), ("space", " ")],
        [("emoji😀", "🎉")],
        [("uploads", None), ("x-custom", "1")],
    ]
    for i, q in enumerate(qs):
        method = "POST" if any(n == "uploads" for n, _ in q) else ("GET", "HEAD")[i % 2]
        yield Spec(category=c, method=method, query=q, style=("virtual", "path")[i % 2],
                   region=AWS_PARTITION_REGIONS[i % len(AWS_PARTITION_REGIONS)])
    yield Spec(category=c, method="PUT", query=[("x-custom", "v")],
               headers=[("Content-Type", "text/plain")], style="path")


def cat_defaults(rng: random.Random) -> Iterable[Spec]:
    c = "defaults"
    yield Spec(category=c, method=None, note="default method GET")
    yield Spec(category=c, expires=None, note="default expiry 3600")
    yield Spec(category=c, style=None, region="eu-west-1", note="default addressing style")
    yield Spec(category=c, method=None, expires=None, style=None, region="ap-southeast-2",
               key="all/defaults.txt")
    yield Spec(category=c, style="auto", region="eu-west-1", note="auto -> virtual")
    yield Spec(category=c, style="auto", region="us-west-2", bucket="my.dotted.bucket",
               note="auto + dotted bucket over https -> path")
    yield Spec(category=c, style=None, region="cn-north-1", bucket="a.b.c",
               note="default + dotted bucket -> path")


def cat_addressing(rng: random.Random) -> Iterable[Spec]:
    """The addressing style as botocore 1.43 and the AWS S3 endpoint rules choose it:
    explicit virtual falls back to path style where the bucket cannot be virtual-hosted
    (dots over https, an IP-address endpoint, a part that is no host label); a custom
    endpoint with auto (or no style) is path style; over http a dotted bucket of host
    labels is virtual-hosted when virtual is asked for."""
    c = "addressing"
    # AWS hosts: virtual asked for, dotted buckets: path style, in every partition.
    for i, bucket in enumerate(PATH_ONLY_BUCKETS):
        for region in ("us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"):
            yield Spec(category=c, bucket=bucket, region=region, style="virtual",
                       key=f"virtual/{i}.txt", note="virtual + dots over https -> path")
    endpoints = ["http://127.0.0.1:9000", "https://127.0.0.1:9000", "http://[::1]:9000",
                 "http://localhost:9000", "https://minio.example.com",
                 "https://minio.example.com:8443", "http://s3.local.test:8080"]
    buckets = ["examplebucket", "x-y-z", "my.dotted.bucket", "a.b.c", "logs.example.com"]
    for ep in endpoints:
        ip = ep.startswith(("http://127.", "https://127.", "http://["))
        for bucket in buckets:
            dotted = "." in bucket
            for style in (None, "auto", "virtual", "path"):
                if style == "virtual" and ip and dotted and ep.startswith("http://"):
                    # Deliberate difference (tests/unit/test_s3_endpoint.cpp): botocore
                    # makes http://my.dotted.bucket.127.0.0.1:9000/, no host name; we
                    # use path style.
                    continue
                # botocore 1.29 answers otherwise for virtual + dotted buckets over http
                # (short parts): 1.43 and the current endpoint rules are the reference.
                newer = style == "virtual" and dotted and ep.startswith("http://")
                yield Spec(category=c, endpoint=ep, bucket=bucket, style=style,
                           method=rng.choice(["GET", "PUT"]), key=f"{bucket}/{style}.bin",
                           region=rng.choice(["us-east-1", "eu-west-1"]),
                           botocore_min=(1, 43) if newer else None)


def cat_json(rng: random.Random) -> Iterable[Spec]:
    c = "json-output"
    yield Spec(category=c, output="json")
    yield Spec(category=c, output="json", method="PUT", headers=[("Content-Type", "text/plain")])
    yield Spec(category=c, output="json", method="PUT",
               headers=[("Content-Type", "image/png"), ("x-amz-acl", "private"),
                        ("x-amz-meta-owner", "alice")], region="eu-west-1", style="path")
    yield Spec(category=c, output="json", token=realistic_token(rng), expires=604800,
               time="20240229T235959Z", region="ap-southeast-2")
    yield Spec(category=c, output="json", method="POST", query=[("uploads", None)],
               headers=[("Content-Type", "video/mp4")])
    yield Spec(category=c, output="json", method="GET", headers=[("Range", "bytes=0-9")],
               key="a b+c", expires=1)
    yield Spec(category=c, output="json", endpoint="http://127.0.0.1:9000", style="path",
               method="PUT", headers=[("x-amz-meta-k", "v")])
    yield Spec(category=c, output="json", time="20231231T235959Z", expires=86400)


def cat_mixed(rng: random.Random) -> Iterable[Spec]:
    """Random combinations of everything above."""
    all_keys = TRICKY_KEYS + long_keys()[:3]
    for _ in range(70):
        method = rng.choice(["GET", "GET", "PUT", "PUT", "HEAD", "DELETE", "POST"])
        query: list = []
        headers: list = []
        if method == "GET":
            if rng.random() < 0.5:
                name = rng.choice(["response-content-type", "response-content-disposition",
                                   "versionId", "response-cache-control"])
                query.append((name, rng.choice(["text/plain", 'attachment; filename="a b.txt"',
                                                "v+1/2=", "no-cache", "é 日本"])))
            if rng.random() < 0.2:
                headers.append(("Range", "bytes=0-1"))
        elif method == "PUT":
            if rng.random() < 0.4:
                query = [("partNumber", str(rng.randint(1, 10000))),
                         ("uploadId", rng.choice(["abcd", "x/y+z==", "VXBsb2Fk~"]))]
            elif rng.random() < 0.7:
                headers.append(("Content-Type", rng.choice(["text/plain", "image/jpeg",
                                                            "application/json; charset=utf-8"])))
                if rng.random() < 0.5:
                    headers.append(("x-amz-meta-" + rng.choice(["a", "tag", "Name"]),
                                    rng.choice(["1", "x y", "a+b"])))
        elif method == "POST":
            query = [("uploads", None)] if rng.random() < 0.5 else [("uploadId", "u+/=")]
        elif method == "DELETE" and rng.random() < 0.3:
            query = [("versionId", "ver/+=")]
        if rng.random() < 0.25:
            ep, styles = rng.choice(CUSTOM_ENDPOINTS)
            endpoint, style, bucket = ep, rng.choice(styles), rng.choice(VIRTUAL_BUCKETS)
        else:
            endpoint = None
            bucket = rng.choice(VIRTUAL_BUCKETS + PATH_ONLY_BUCKETS)
            style = "path" if bucket in PATH_ONLY_BUCKETS else rng.choice(["virtual", "path"])
        region = rng.choice(REGIONS)
        glob = endpoint is None and region == "us-east-1" and rng.random() < 0.5
        yield Spec(category="mixed", method=method, query=query, headers=headers,
                   endpoint=endpoint, style=style, bucket=bucket, region=region,
                   global_endpoint=glob, key=rng.choice(all_keys + [random_key(rng)]),
                   expires=rng.choice(EXPIRIES + [rng.randint(1, 604800)]),
                   time=rng.choice(SIGNING_TIMES),
                   token=rng.choice([None, None, "tok+/=", realistic_token(rng)]),
                   akid=rng.choice([DOC_AKID, random_akid(rng)]),
                   secret=rng.choice([DOC_SECRET, random_secret(rng)]))


def refusals() -> list[dict]:
    """Requests our CLI must refuse (non-zero exit, no URL) although botocore signs them:
    expiry outside 1..604800 s, keys over 1024 bytes or not valid UTF-8 (passed as raw
    argv bytes: the strings below carry them as surrogate escapes, which
    subprocess turns back into the bytes), missing credentials, --global-endpoint
    outside us-east-1, a malformed signing time."""
    good_env = {"AWS_ACCESS_KEY_ID": DOC_AKID, "AWS_SECRET_ACCESS_KEY": DOC_SECRET}
    base = ["--region", "eu-west-1", "--signing-time", DOC_TIME]
    target = "s3://examplebucket/test.txt"
    bad = [
        ("expiry 0", base + ["--expires-in", "0", target], good_env),
        ("expiry 604801", base + ["--expires-in", "604801", target], good_env),
        ("expiry -1", base + ["--expires-in", "-1", target], good_env),
        ("expiry not a number", base + ["--expires-in", "1h", target], good_env),
        ("key of 1025 bytes", base + ["s3://examplebucket/" + "a" * 1025], good_env),
        ("key of 1025 bytes, multi-byte", base + ["s3://examplebucket/" + "日" * 341 + "ab"],
         good_env),
        ("key with byte 0xFF", base + ["s3://examplebucket/a\udcffb"], good_env),
        ("key with truncated UTF-8", base + ["s3://examplebucket/a\udcc3(b"], good_env),
        ("key with overlong '/'", base + ["s3://examplebucket/a\udcc0\udcafb"], good_env),
        ("key with UTF-8 surrogate", base + ["s3://examplebucket/\udced\udca0\udc80"],
         good_env),
        ("key with 0xC3 at the end", base + ["s3://examplebucket/abc\udcc3"], good_env),
        ("no credentials", base + [target], {}),
        ("--global-endpoint outside us-east-1",
         ["--region", "eu-west-1", "--global-endpoint", "--signing-time", DOC_TIME, target],
         good_env),
        ("--global-endpoint outside us-east-1",
         ["--region", "ap-southeast-2", "--global-endpoint", "--addressing-style", "path",
          "--signing-time", DOC_TIME, target], good_env),
        ("bad signing time", base[:2] + ["--signing-time", "2013-05-24", target], good_env),
    ]
    return [{"id": f"refusals-{i:03d}", "category": "refusals", "argv": argv, "env": env,
             "expect": "refuse", "note": note} for i, (note, argv, env) in enumerate(bad)]


CATEGORIES = [cat_vectors, cat_keys, cat_punct, cat_long_keys, cat_random_keys, cat_operations,
              cat_response_params, cat_headers, cat_regions, cat_endpoints, cat_tokens,
              cat_expiries, cat_times, cat_credentials, cat_extra_query, cat_defaults, cat_json,
              cat_mixed, cat_addressing]


def generate(seed: int = DEFAULT_SEED) -> list[dict]:
    """All cases, in a fixed order; a pure function of the seed."""
    cases = []
    for cat in CATEGORIES:
        # One RNG per category, so adding cases to one category leaves the others' bytes alone.
        rng = random.Random(f"{seed}:{cat.__name__}")
        for n, spec in enumerate(cat(rng)):
            cases.append(spec.case(f"{spec.category}-{n:03d}"))
    return cases + refusals()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    ap.add_argument("--summary", action="store_true", help="print counts per category")
    args = ap.parse_args()
    cases = generate(args.seed)
    text = "".join(json.dumps(c, ensure_ascii=True, sort_keys=True) + "\n" for c in cases)
    if args.output:
        with open(args.output, "w", encoding="ascii") as f:
            f.write(text)
    elif not args.summary:
        sys.stdout.write(text)
    if args.summary:
        counts: dict = {}
        for c in cases:
            counts[c["category"]] = counts.get(c["category"], 0) + 1
        for k, v in counts.items():
            print(f"{k:16} {v}", file=sys.stderr)
        print(f"{'total':16} {len(cases)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
