#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""aws-cli configuration parity: our presign CLI against botocore and aws-cli as oracles.

Each scenario is an environment, a config file, a credentials file and command-line options
that both tools take (--region, --endpoint-url, --profile). For each one the same
s3://BUCKET/KEY is presigned by
  * our CLI (presign ... s3://BUCKET/KEY),
  * botocore (in this interpreter: botocore.session.Session, create_client("s3") with the
    same region and endpoint options, generate_presigned_url("get_object")), and
  * aws-cli (`aws s3 presign s3://BUCKET/KEY ...`, when the `aws` command is found),
with the same variables and files, and the URLs must name the same scheme, host, path and
signing region (X-Amz-Credential's scope). Signatures are not compared: the tools sign at
their own "now" (the signing itself is the differential test's subject).

The one rewriting: botocore presigns virtual-hosted URLs on the global s3.amazonaws.com in
every aws-partition region (a known botocore difference, tests/oracle/README.md); its
BUCKET.s3.amazonaws.com counts as our BUCKET.s3.REGION.amazonaws.com (and, with FIPS, its
BUCKET.s3-fips.us-east-1.amazonaws.com signed for another region as our regional FIPS host).

Usage: python3 aws_config_oracle.py --cli PATH [--aws PATH|--no-aws] [-v]
Exit 1 on any difference, or when botocore is older than 1.43.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.dont_write_bytecode = True
os.environ["BOTO_DISABLE_CRT"] = "true"

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CREDS_ALL = "".join(f"[{p}]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n"
                    for p in ("default", "dev", "fipsy", "local"))
# Every variable that could change the answer is removed first; a scenario sets its own.
CLEARED = ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
           "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
           "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
           "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
           "AWS_SECURITY_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
           "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "AWS_DEFAULTS_MODE", "AWS_EXECUTION_ENV")

# (name, env, config file, cli options, bucket)
SCENARIOS = [
    ("AWS_DEFAULT_REGION", {"AWS_DEFAULT_REGION": "eu-west-1"}, "", [], "my-bucket"),
    ("AWS_DEFAULT_REGION over the profile's region", {"AWS_DEFAULT_REGION": "eu-west-1"},
     "[default]\nregion = ap-southeast-2\n", [], "my-bucket"),
    ("the profile's region", {}, "[default]\nregion = ap-southeast-2\n", [], "my-bucket"),
    ("--region over AWS_DEFAULT_REGION", {"AWS_DEFAULT_REGION": "eu-west-1"}, "",
     ["--region", "sa-east-1"], "my-bucket"),
    ("--profile: its region, AWS_DEFAULT_REGION still first",
     {"AWS_DEFAULT_REGION": "eu-west-1"}, "[profile dev]\nregion = ca-central-1\n",
     ["--profile", "dev"], "my-bucket"),
    ("--profile: its region", {}, "[default]\nregion = eu-west-1\n[profile dev]\n"
     "region = ca-central-1\n", ["--profile", "dev"], "my-bucket"),
    ("AWS_PROFILE selects the profile", {"AWS_PROFILE": "dev"},
     "[default]\nregion = eu-west-1\n[profile dev]\nregion = ca-central-1\n", [], "my-bucket"),
    ("AWS_ENDPOINT_URL: path style", {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000"}, "", [],
     "my-bucket"),
    ("AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL",
     {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_ENDPOINT_URL_S3": "http://localhost:7480"},
     "", [], "my-bucket"),
    ("the profile's endpoint_url", {}, "[default]\nendpoint_url = https://minio.example.com\n",
     [], "my-bucket"),
    ("services section s3 endpoint_url over the profile's",
     {}, "[default]\nendpoint_url = https://minio.example.com\nservices = local\n"
         "[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n", [], "my-bucket"),
    ("AWS_ENDPOINT_URL over the services section", {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000"},
     "[default]\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n",
     [], "my-bucket"),
    ("--endpoint-url over AWS_ENDPOINT_URL_S3", {"AWS_ENDPOINT_URL_S3": "http://localhost:9000"},
     "", ["--endpoint-url", "https://rgw.example.com:7480"], "my-bucket"),
    ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
                                            "AWS_ENDPOINT_URL": "http://127.0.0.1:9000"},
     "[default]\nregion = eu-west-1\n", [], "my-bucket"),
    ("ignore_configured_endpoint_urls keeps --endpoint-url", {},
     "[default]\nendpoint_url = http://localhost:9000\nignore_configured_endpoint_urls = true\n",
     ["--endpoint-url", "http://127.0.0.1:9000"], "my-bucket"),
    ("ignore_configured_endpoint_urls drops the profile's", {},
     "[default]\nendpoint_url = http://localhost:9000\nignore_configured_endpoint_urls = true\n"
     "region = eu-west-1\n", [], "my-bucket"),
    ("the profile's s3 block has no endpoint_url for botocore", {},
     "[default]\nregion = eu-west-1\ns3 =\n  endpoint_url = http://localhost:9000\n", [],
     "my-bucket"),
    ("s3.addressing_style = path on AWS", {},
     "[default]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n", [], "my-bucket"),
    ("s3.addressing_style = virtual with an endpoint", {"AWS_ENDPOINT_URL": "https://minio.example.com"},
     "[default]\ns3 =\n  addressing_style = virtual\n", [], "my-bucket"),
    ("s3.addressing_style = virtual, dotted bucket: path", {},
     "[default]\nregion = eu-west-1\ns3 =\n  addressing_style = virtual\n", [], "my.dotted.bucket"),
    ("s3.addressing_style = virtual, IP endpoint: path", {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000"},
     "[default]\ns3 =\n  addressing_style = virtual\n", [], "my-bucket"),
    ("AWS_USE_FIPS_ENDPOINT", {"AWS_USE_FIPS_ENDPOINT": "true", "AWS_DEFAULT_REGION": "us-west-2"},
     "", [], "my-bucket"),
    ("use_fips_endpoint in the profile", {},
     "[profile fipsy]\nregion = us-gov-west-1\nuse_fips_endpoint = true\n", ["--profile", "fipsy"],
     "my-bucket"),
    ("AWS_USE_FIPS_ENDPOINT=false over the profile", {"AWS_USE_FIPS_ENDPOINT": "false"},
     "[default]\nregion = us-west-2\nuse_fips_endpoint = true\n", [], "my-bucket"),
    ("FIPS dropped with an endpoint URL", {"AWS_USE_FIPS_ENDPOINT": "true",
                                           "AWS_ENDPOINT_URL": "http://127.0.0.1:9000"},
     "", [], "my-bucket"),
    ("AWS_USE_DUALSTACK_ENDPOINT", {"AWS_USE_DUALSTACK_ENDPOINT": "true"},
     "[default]\nregion = eu-central-1\n", [], "my-bucket"),
    ("use_dualstack_endpoint + use_fips_endpoint", {},
     "[default]\nregion = us-east-2\nuse_dualstack_endpoint = true\nuse_fips_endpoint = true\n",
     [], "my-bucket"),
    ("s3.use_dualstack_endpoint over AWS_USE_DUALSTACK_ENDPOINT=false",
     {"AWS_USE_DUALSTACK_ENDPOINT": "false"},
     "[default]\nregion = eu-central-1\ns3 =\n  use_dualstack_endpoint = true\n", [], "my-bucket"),
    ("dual-stack, dotted bucket: path style", {"AWS_USE_DUALSTACK_ENDPOINT": "TRUE"},
     "[default]\nregion = eu-central-1\n", [], "logs.example.com"),
    ("s3.use_accelerate_endpoint", {},
     "[default]\nregion = us-west-2\ns3 =\n  use_accelerate_endpoint = true\n", [], "my-bucket"),
    ("credentials file region over the config file's", {},
     "[default]\nregion = eu-west-1\n", [], "my-bucket"),  # credentials file: see below
]
# Extra credentials-file lines per scenario name (appended to the [default] section).
CREDENTIALS_EXTRA = {"credentials file region over the config file's": "region = eu-north-1\n"}


def split(url: str):
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    scope = query.get("X-Amz-Credential", [""])[0].split("/")
    region = scope[2] if len(scope) > 2 else "?"
    return parts.scheme, parts.netloc, parts.path, region


def normalise_botocore(fields, bucket: str):
    scheme, host, path, region = fields
    if host == f"{bucket}.s3.amazonaws.com" and not region.startswith(("cn-", "us-gov-")):
        host = f"{bucket}.s3.{region}.amazonaws.com"
    # The same substitution with FIPS: botocore's aws-global region resolves to
    # s3-fips.us-east-1 whatever region it signs for.
    if host == f"{bucket}.s3-fips.us-east-1.amazonaws.com" and region != "us-east-1":
        host = f"{bucket}.s3-fips.{region}.amazonaws.com"
    return scheme, host, path, region


def with_sigv4(config: str) -> str:
    """The config text with `signature_version = s3v4` in every profile's s3 block (aws-cli and
    botocore presign SigV2 otherwise, whose URLs name no region), and a section for every
    profile the scenarios use."""
    lines = config.splitlines()
    for profile in ("[default]", "[profile dev]", "[profile fipsy]", "[profile local]"):
        if profile not in lines:
            lines += [profile]
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line == "[default]" or line.startswith("[profile "):
            body = []
            while i < len(lines) and not lines[i].startswith("["):
                body.append(lines[i])
                i += 1
            if "s3 =" in body:
                at = body.index("s3 =") + 1
                body[at:at] = ["  signature_version = s3v4"]
            else:
                body += ["s3 =", "  signature_version = s3v4"]
            out += body
    return "\n".join(out) + "\n"


class Scenario:
    def __init__(self, workdir: str, index: int, spec):
        self.name, self.env_extra, config, self.options, self.bucket = spec
        self.dir = os.path.join(workdir, str(index))
        os.makedirs(self.dir)
        self.config = os.path.join(self.dir, "config")
        self.credentials = os.path.join(self.dir, "credentials")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(with_sigv4(config))
        creds = CREDS_ALL.replace("[dev]", CREDENTIALS_EXTRA.get(self.name, "") + "[dev]", 1)
        with open(self.credentials, "w", encoding="utf-8") as f:
            f.write(creds)

    def env(self) -> dict:
        e = {k: v for k, v in os.environ.items() if k not in CLEARED}
        e.update({"AWS_CONFIG_FILE": self.config, "AWS_SHARED_CREDENTIALS_FILE": self.credentials})
        e.update(self.env_extra)
        return e

    def target(self) -> str:
        return f"s3://{self.bucket}/dir/k.txt"

    def ours(self, cli: str) -> tuple:
        p = subprocess.run([cli] + self.options + [self.target()], env=self.env(),
                           capture_output=True, text=True, timeout=30)
        return (p.stdout.strip(), p.stderr.strip()) if p.returncode == 0 else (None, p.stderr.strip())

    def aws_cli(self, aws: str) -> tuple:
        p = subprocess.run([aws, "s3", "presign", self.target()] + self.options, env=self.env(),
                           capture_output=True, text=True, timeout=120)
        return (p.stdout.strip(), "") if p.returncode == 0 else (None, p.stderr.strip())

    def botocore(self) -> tuple:
        import botocore.session
        saved = dict(os.environ)
        try:
            os.environ.clear()
            os.environ.update(self.env())
            opts = dict(zip(self.options[::2], self.options[1::2]))
            session = botocore.session.Session(profile=opts.get("--profile"))
            client = session.create_client("s3", region_name=opts.get("--region"),
                                           endpoint_url=opts.get("--endpoint-url"))
            return client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": "dir/k.txt"}), ""
        except Exception as e:  # reported as a difference
            return None, f"{type(e).__name__}: {e}"
        finally:
            os.environ.clear()
            os.environ.update(saved)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--aws", default=shutil.which("aws"), help="the aws command (aws-cli)")
    ap.add_argument("--no-aws", action="store_true", help="botocore only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    import botocore
    version = tuple(int(x) for x in botocore.__version__.split(".")[:2])
    if version < (1, 43):
        print(f"aws_config_oracle: botocore {botocore.__version__} is older than 1.43")
        return 1
    aws = None if args.no_aws else args.aws
    if not args.no_aws and not aws:
        print("aws_config_oracle: the aws command (aws-cli) was not found; --no-aws to skip it")
        return 1
    failed = 0
    with tempfile.TemporaryDirectory(prefix="presign-aws-config-") as work:
        scenarios = [Scenario(work, i, s) for i, s in enumerate(SCENARIOS)]
        boto = [s.botocore() for s in scenarios]  # in-process: one at a time
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            ours = list(pool.map(lambda s: s.ours(os.path.abspath(args.cli)), scenarios))
            clis = list(pool.map(lambda s: s.aws_cli(aws), scenarios)) if aws else [None] * len(scenarios)
        for s, (url, err), (burl, berr), cli in zip(scenarios, ours, boto, clis):
            problems = []
            if url is None:
                problems.append(f"our CLI failed: {err}")
            mine = split(url) if url else None
            for oracle, (ourl, oerr) in (("botocore", (burl, berr)), ("aws-cli", cli or (None, None))):
                if oracle == "aws-cli" and cli is None:
                    continue
                if ourl is None:
                    problems.append(f"{oracle} failed: {oerr}")
                    continue
                theirs = normalise_botocore(split(ourl), s.bucket)
                if mine is not None and mine != theirs:
                    problems.append(f"{oracle}: {theirs} ours: {mine}")
            status = "FAIL" if problems else "ok  "
            failed += bool(problems)
            if problems or args.verbose:
                print(f"{status} {s.name}: {mine}")
                for p in problems:
                    print(f"     {p}")
    oracles = f"botocore {botocore.__version__}" + (f" and {aws}" if aws else "")
    print(f"aws_config_oracle: {len(SCENARIOS)} scenarios against {oracles}: "
          f"{len(SCENARIOS) - failed} agree, {failed} differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
