#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Differential test: our `presign` CLI against botocore on the generated cases.
"""Run our presign CLI and botocore on the same cases and compare the URLs.

For every case (tests/oracle/generate_cases.py) our CLI is run as a subprocess
with the case's argv and credential environment, and botocore presigns the
equivalent call with the same signing time and the same host. Compared:

* scheme, host (with port) and path: exactly, byte for byte;
* the query: as a multiset of raw (name, value) pairs, split on '&' and the
  first '=', still percent-encoded, so the encoding must match byte for byte
  but the order of the parameters may differ;
* X-Amz-Signature: exactly (also part of the multiset; reported on its own);
* requests botocore signs but we must refuse (category "refusals": expiry outside
  1..604800, keys over 1024 bytes or not UTF-8, no credentials, a malformed
  --signing-time, --global-endpoint outside us-east-1): a non-zero exit;
* for --output json cases: the "url" member as above, the must-send "headers"
  (case-insensitive names, values as given) and "expires_at" (signing time +
  expiry, accepted as ISO 8601 UTC, YYYYMMDDTHHMMSSZ or epoch seconds).

Prints one line per failing case and ends with `differential: N passed, M failed`.
Exits 1 on any failure, or when fewer than --min-cases (300) cases were compared
with botocore.

Usage: /usr/bin/python3 differential.py --cli PATH [--cases FILE] [--jobs N]
       [--only SUBSTRING] [--min-cases 300] [--verbose]
botocore runs in-process when this interpreter has it, else through
/usr/bin/python3 tests/oracle/botocore_presign.py.
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import shlex
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_cases  # noqa: E402

CREDENTIAL_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                  "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
                  "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                  "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")


def split_url(url: str):
    """(scheme, host, path, query) without any decoding or normalisation."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    hostpath, _, query = rest.partition("?")
    host, slash, path = hostpath.partition("/")
    return scheme, host, slash + path, query


def query_pairs(query: str) -> list:
    pairs = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        pairs.append((name, value))
    return pairs


def clip(s: str, n: int = 160) -> str:
    r = repr(s)
    return r if len(r) <= n else r[: n // 2] + "..." + r[-n // 2:]


def compare_urls(ours: str, theirs: str) -> list:
    """Human-readable differences between our URL and botocore's; empty when equal."""
    a, b = split_url(ours), split_url(theirs)
    if a is None:
        return [f"not a URL: {clip(ours)}"]
    diffs = []
    for label, x, y in zip(("scheme", "host", "path"), a[:3], b[:3]):
        if x != y:
            diffs.append(f"{label}: ours={clip(x)} botocore={clip(y)}")
    qa, qb = query_pairs(a[3]), query_pairs(b[3])
    sig_a = [v for n, v in qa if n == "X-Amz-Signature"]
    sig_b = [v for n, v in qb if n == "X-Amz-Signature"]
    if sig_a != sig_b:
        diffs.append(f"signature: ours={','.join(sig_a) or '-'} botocore={','.join(sig_b)}")
    ca, cb = collections.Counter(qa), collections.Counter(qb)
    only_a = [p for p in (ca - cb).elements() if p[0] != "X-Amz-Signature"]
    only_b = [p for p in (cb - ca).elements() if p[0] != "X-Amz-Signature"]
    if only_a or only_b:
        fmt = lambda ps: " ".join(clip(f"{n}={v}", 120) for n, v in sorted(ps)) or "-"
        diffs.append(f"query: only ours: {fmt(only_a)} | only botocore: {fmt(only_b)}")
    return diffs


def parse_instant(value) -> datetime.datetime | None:
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if not isinstance(value, str):
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%S%z",
                "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d %H:%M:%SZ"):
        try:
            t = datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)
    if value.isdigit():
        return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc)
    return None


def check_json(case: dict, doc) -> tuple:
    """(url, differences) for a --output json document."""
    if not isinstance(doc, dict) or not isinstance(doc.get("url"), str):
        return None, [f"json: no string 'url' member in {clip(json.dumps(doc))}"]
    diffs = []
    headers = doc.get("headers", {})
    if not isinstance(headers, dict):
        diffs.append(f"json: 'headers' is not an object: {clip(json.dumps(headers))}")
        headers = {}
    got = {str(k).lower(): str(v).strip() for k, v in headers.items()}
    got.pop("host", None)
    want = {n.lower(): v.strip() for n, v in case.get("expect_headers", [])}
    if got != want:
        diffs.append(f"json headers: ours={clip(json.dumps(got))} want={clip(json.dumps(want))}")
    call = case["botocore"]
    expected = (datetime.datetime.strptime(call["time"], "%Y%m%dT%H%M%SZ")
                .replace(tzinfo=datetime.timezone.utc)
                + datetime.timedelta(seconds=call["expires_in"]))
    at = parse_instant(doc.get("expires_at"))
    if at != expected:
        diffs.append(f"json expires_at: ours={clip(str(doc.get('expires_at')))} "
                     f"want={expected.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    return doc["url"], diffs


def run_cli(cli: str, case: dict, timeout: float) -> tuple:
    """(stdout, error text or None) of our CLI for one case."""
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_ENV}
    # Only the case's credentials: no profile files from the machine running the test.
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["AWS_CONFIG_FILE"] = os.devnull
    env.update(case["env"])
    try:
        p = subprocess.run([cli] + case["argv"], env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "", f"timed out after {timeout} s"
    except OSError as e:
        return "", f"cannot run {cli}: {e}"
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().replace("\n", " | ")
        return out, f"exit {p.returncode}: {clip(err, 300)}"
    return out, None


def botocore_urls(cases: list) -> dict:
    """{id: url or {'error': ...}} from botocore, in-process when possible."""
    try:
        import botocore_presign  # needs botocore: Debian's /usr/bin/python3
    except SystemExit:
        botocore_presign = None
    if botocore_presign is not None:
        signer = botocore_presign.BotocorePresigner()
        out = {}
        for case in cases:
            if "botocore" not in case:
                continue
            try:
                out[case["id"]] = signer.presign(case["botocore"])
            except Exception as e:
                out[case["id"]] = {"error": f"{type(e).__name__}: {e}"}
        return out
    data = "".join(json.dumps(c) + "\n" for c in cases if "botocore" in c)
    p = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "botocore_presign.py"),
                        "--cases", "-"], input=data.encode(), capture_output=True)
    if p.returncode != 0:
        raise SystemExit(f"differential: botocore_presign.py failed: {p.stderr.decode()}")
    out = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        out[r["id"]] = r["url"] if "url" in r else {"error": r["error"]}
    return out


def compare_case(case: dict, want, stdout: str, err) -> list:
    """Differences between our CLI's output for a case and botocore's URL."""
    if isinstance(want, dict) or want is None:
        return [f"botocore could not presign this case: {(want or {}).get('error')}"]
    if err:
        return [f"our CLI failed: {err}"]
    text = stdout.strip()
    diffs: list = []
    if case.get("output") == "json":
        try:
            url, diffs = check_json(case, json.loads(text))
        except ValueError as e:
            url, diffs = None, [f"json: cannot parse output ({e}): {clip(text)}"]
    else:
        url = text
        if "\n" in url:
            diffs.append("more than one line on stdout")
    if url is not None:
        diffs = compare_urls(url, want) + diffs
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="path to our presign executable")
    ap.add_argument("--cases", help="JSON lines from generate_cases.py (default: generate)")
    ap.add_argument("--seed", type=int, default=generate_cases.DEFAULT_SEED)
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--only", help="run only cases whose id contains this")
    ap.add_argument("--min-cases", type=int, default=300)
    ap.add_argument("--require-botocore", type=lambda v: [int(x) for x in v.split(".")],
                    help="fail unless botocore is at least this version (e.g. 1.43)")
    ap.add_argument("--timeout", type=float, default=20.0, help="per CLI run, seconds")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print a reproducing command line for every failure")
    args = ap.parse_args()
    # Keys may hold control characters and (refusal cases) undecodable bytes.
    sys.stdout.reconfigure(errors="backslashreplace")

    t0 = time.monotonic()
    if args.cases:
        with open(args.cases, encoding="utf-8") as f:
            cases = [json.loads(line) for line in f if line.strip()]
    else:
        cases = generate_cases.generate(args.seed)
    if args.only:
        cases = [c for c in cases if args.only in c["id"]]
    # Cases whose reference answer is a newer botocore's: not compared with an older one
    # (said below; the build runs them with botocore 1.43 too: oracle_differential_botocore_143).
    have = botocore_version_tuple()
    too_new = [c for c in cases if tuple(c.get("botocore_min", ())) > have]
    cases = [c for c in cases if tuple(c.get("botocore_min", ())) <= have]
    if args.require_botocore and have < tuple(args.require_botocore):
        print(f"differential: botocore {botocore_version()} is older than the required "
              f"{'.'.join(map(str, args.require_botocore))}")
        return 1
    cli = os.path.abspath(args.cli)

    expected = botocore_urls(cases)
    t_boto = time.monotonic() - t0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        ours = list(pool.map(lambda c: run_cli(cli, c, args.timeout), cases))

    passed = failed = 0
    per_category: dict = collections.defaultdict(lambda: [0, 0])
    compared = 0
    for case, (stdout, err) in zip(cases, ours):
        want = expected.get(case["id"])
        if case.get("expect") == "refuse":
            # We deliberately differ from botocore here (it signs these): exit non-zero.
            diffs = [] if err else [f"accepted a request it must refuse ({case['note']}): "
                                    f"{clip(stdout.strip())}"]
        else:
            compared += 1
            diffs = compare_case(case, want, stdout, err)
        per_category[case["category"]][0 if not diffs else 1] += 1
        if diffs:
            failed += 1
            print(f"FAIL {case['id']}: " + "; ".join(diffs))
            if args.verbose:
                env = " ".join(f"{k}={shlex.quote(v)}" for k, v in case["env"].items())
                argv = " ".join(shlex.quote(a) for a in case["argv"])
                print(f"     repro: env {env} {shlex.quote(cli)} {argv}")
                print(f"     botocore: {want}")
        else:
            passed += 1
    elapsed = time.monotonic() - t0
    if failed or args.verbose:
        for cat, (p, f) in per_category.items():
            print(f"  {cat:16} ok {p}, failing {f}")
    print(f"differential: {len(cases)} cases, botocore {botocore_version()} "
          f"({t_boto:.1f} s), total {elapsed:.1f} s, jobs {args.jobs}")
    if too_new:
        need = sorted({".".join(map(str, c["botocore_min"])) for c in too_new})
        print(f"differential: {len(too_new)} cases not compared: their reference is botocore "
              f">= {', '.join(need)} (ids {too_new[0]['id']} ... {too_new[-1]['id']})")
    if compared < args.min_cases:
        print(f"differential: only {compared} cases compared with botocore, "
              f"need at least {args.min_cases}")
        print(f"differential: {passed} passed, {failed} failed")
        return 1
    print(f"differential: {passed} passed, {failed} failed")
    return 1 if failed else 0


def botocore_version_tuple() -> tuple:
    """The version of the botocore that botocore_urls() uses, as a tuple of ints."""
    text = botocore_version()
    if text == "(subprocess)":
        p = subprocess.run(["/usr/bin/python3", "-c", "import botocore; print(botocore.__version__)"],
                           capture_output=True, text=True)
        text = p.stdout.strip() or "0"
    return tuple(int(x) for x in text.split(".") if x.isdigit())


def botocore_version() -> str:
    try:
        import botocore
        return botocore.__version__
    except ImportError:
        return "(subprocess)"


if __name__ == "__main__":
    sys.exit(main())
