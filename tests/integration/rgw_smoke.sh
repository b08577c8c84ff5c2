#!/usr/bin/env bash
# rgw_smoke.sh DIR
#
# Smoke check of the RGW started by rgw_start.sh DIR: presigned URLs made by
# botocore (the reference SigV4 implementation) must work against it, and a
# tampered one must be refused. This checks the test server, not presign: if
# it fails, the server setup is broken, not the library.
#
# Prints one PASS/FAIL line per check; exits 1 if any check failed.
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1/env" ]]; then
    echo "usage: $0 DIR   (DIR: the directory given to rgw_start.sh, with DIR/env)" >&2
    exit 2
fi
# shellcheck source=/dev/null
source "$1/env"

START_NS=$(date +%s%N)
# Debian's python has botocore; the `python3` first on PATH may not.
PY=/usr/bin/python3
WORK="$(mktemp -d)"
trap 'rm -rf -- "$WORK"' EXIT

BUCKET="presign-smoke-$$-$RANDOM"
# A key with characters that need encoding, to show that curl (with -g
# --path-as-is) sends botocore's path unchanged.
KEY='smoke dir/hello+world=1.txt'
BODY="presign smoke body $BUCKET"
printf '%s' "$BODY" >"$WORK/body"

# --- Generate all URLs in one python run (importing botocore takes ~0.3 s) ---
# Output: NAME<TAB>URL lines.
if ! "$PY" - "$BUCKET" "$KEY" >"$WORK/urls" <<'EOF'
import os, sys
import botocore.session
from botocore.config import Config

bucket, key = sys.argv[1:3]
ep = os.environ["PRESIGN_TEST_ENDPOINT"]
port = os.environ["PRESIGN_TEST_PORT"]
region = os.environ.get("PRESIGN_TEST_REGION", "us-east-1")
session = botocore.session.get_session()

def s3(akid, secret, token=None, style="path", endpoint=ep):
    return session.create_client(
        "s3", region_name=region, endpoint_url=endpoint,
        aws_access_key_id=akid, aws_secret_access_key=secret, aws_session_token=token,
        config=Config(signature_version="s3v4", s3={"addressing_style": style}))

def url(client, op, **params):
    return client.generate_presigned_url(op, Params=params, ExpiresIn=600)

akid, secret = os.environ["PRESIGN_TEST_AKID"], os.environ["PRESIGN_TEST_SECRET"]
akid2, secret2 = os.environ["PRESIGN_TEST_AKID2"], os.environ["PRESIGN_TEST_SECRET2"]
c = s3(akid, secret)
obj = dict(Bucket=bucket, Key=key)
out = {
    "create_bucket": url(c, "create_bucket", Bucket=bucket),
    "put": url(c, "put_object", **obj),
    "get": url(c, "get_object", **obj),
    "head": url(c, "head_object", **obj),
    # Virtual-hosted style: http://BUCKET.localhost:PORT/KEY (rgw_dns_name=localhost).
    "get_vhost": url(s3(akid, secret, style="virtual",
                        endpoint="http://localhost:%s" % port), "get_object", **obj),
    # Other user: valid signature, but no access to this private object.
    "get_user2": url(s3(akid2, secret2), "get_object", **obj),
    # Right key id, wrong secret.
    "get_wrong_secret": url(s3(akid, secret + "x"), "get_object", **obj),
    "delete": url(c, "delete_object", **obj),
    "delete_bucket": url(c, "delete_bucket", Bucket=bucket),
}
if os.environ.get("PRESIGN_TEST_STS") == "1":
    # Temporary credentials from the gateway's own STS endpoint.
    sts = session.create_client("sts", region_name=region, endpoint_url=ep,
                                aws_access_key_id=akid, aws_secret_access_key=secret)
    cr = sts.get_session_token(DurationSeconds=900)["Credentials"]
    out["get_sts"] = url(s3(cr["AccessKeyId"], cr["SecretAccessKey"], cr["SessionToken"]),
                         "get_object", **obj)
for name, u in out.items():
    print("%s\t%s" % (name, u))
EOF
then
    echo "FAIL: generating presigned URLs with botocore (or STS GetSessionToken) failed"
    exit 1
fi

declare -A URL
while IFS=$'\t' read -r name u; do URL[$name]=$u; done <"$WORK/urls"

FAILS=0
N=0
# check NAME EXPECTED_STATUS METHOD URL [curl args...]
check() {
    local name=$1 want=$2 method=$3 url=$4 got
    shift 4
    N=$((N + 1))
    # -g: no globbing of []{}; --path-as-is: keep the path exactly as signed.
    got=$(curl -g --path-as-is -sS -o "$WORK/out" -w '%{http_code}' -m 20 \
              -X "$method" "$@" "$url") || got="curl-error-$?"
    if [[ "$got" == "$want" ]]; then
        echo "PASS: $name (HTTP $got)"
    else
        echo "FAIL: $name: expected HTTP $want, got $got"
        echo "      url:  $url"
        echo "      body: $(head -c 400 "$WORK/out" 2>/dev/null)"
        FAILS=$((FAILS + 1))
    fi
}
# check_body NAME: the last response body must be the uploaded one.
check_body() {
    N=$((N + 1))
    if [[ "$(cat "$WORK/out")" == "$BODY" ]]; then
        echo "PASS: $1 (body matches)"
    else
        echo "FAIL: $1: body is '$(head -c 200 "$WORK/out")', expected '$BODY'"
        FAILS=$((FAILS + 1))
    fi
}

# Flip one hex digit of X-Amz-Signature (its last digit: 0<->1, else ->0).
flip_sig() {
    local u=$1 sig last new
    sig=$(sed -E 's/.*[?&]X-Amz-Signature=([0-9a-f]{64}).*/\1/' <<<"$u")
    [[ ${#sig} -eq 64 ]] || { echo "no X-Amz-Signature in $u" >&2; return 1; }
    last=${sig:63:1}
    if [[ "$last" == 0 ]]; then new=1; else new=0; fi
    printf '%s' "${u/X-Amz-Signature=$sig/X-Amz-Signature=${sig:0:63}$new}"
}

echo "rgw_smoke: endpoint $PRESIGN_TEST_ENDPOINT, bucket $BUCKET"
# PUT with no body: send Content-Length: 0 (a bodiless PUT otherwise has none).
check "presigned PUT bucket (create)"        200 PUT "${URL[create_bucket]}" -H 'Content-Length: 0'
# -T uploads the file as the PUT body without adding a Content-Type header.
check "presigned PUT object"                 200 PUT "${URL[put]}" -T "$WORK/body"
check "presigned GET object"                 200 GET "${URL[get]}"
check_body "presigned GET object"
check "presigned HEAD object"                200 HEAD "${URL[head]}" -I
check "GET with one signature digit flipped" 403 GET "$(flip_sig "${URL[get]}")"
check "GET signed with a wrong secret"       403 GET "${URL[get_wrong_secret]}"
check "GET of user 1's object by user 2"     403 GET "${URL[get_user2]}"
check "GET URL used for DELETE"              403 DELETE "${URL[get]}"
check "virtual-hosted GET (BUCKET.localhost)" 200 GET "${URL[get_vhost]}"
check_body "virtual-hosted GET"
if [[ -n "${URL[get_sts]:-}" ]]; then
    check "GET with STS session credentials" 200 GET "${URL[get_sts]}"
    check_body "GET with STS session credentials"
    # Tamper with the session token (it is signed: X-Amz-Security-Token is in
    # the query string): must be refused.
    sts_bad=$(sed -E 's/(X-Amz-Security-Token=)(.)/\1A\2/' <<<"${URL[get_sts]}")
    check "GET with a tampered session token"  403 GET "$sts_bad"
else
    echo "SKIP: STS checks (PRESIGN_TEST_STS != 1)"
fi
check "presigned DELETE object"              204 DELETE "${URL[delete]}"
check "presigned DELETE bucket"              204 DELETE "${URL[delete_bucket]}"

END_NS=$(date +%s%N)
printf 'rgw_smoke: %d checks, %d failed, %d.%03d s\n' "$N" "$FAILS" \
    $(( (END_NS - START_NS) / 1000000000 )) $(( (END_NS - START_NS) / 1000000 % 1000 ))
((FAILS == 0))
