#!/usr/bin/env bash
# rgw_start.sh DIR
#
# Start a throw-away, single-node Ceph cluster with a RADOS Gateway (S3) on
# 127.0.0.1 for presign's integration tests. RGW is a real S3 server that
# recomputes the SigV4 canonical request and checks the HMAC, so a wrongly
# signed presigned URL gets 403 (unlike s3rver, which checks nothing).
#
# Layout (everything lives in DIR, nothing outside it is touched):
#   one ceph-mon, one ceph-osd with memstore (object data in RAM), one radosgw
#   (beast frontend). No ceph-mgr: S3 I/O doesn't need it (but mgr-backed
#   commands such as `ceph pg stat` would hang, so none are used here).
#
# Output:
#   DIR/pids   PIDs of the three daemons (rgw_stop.sh kills exactly these)
#   DIR/env    `export PRESIGN_TEST_...=...` lines for the tests to source
#   DIR/*.log  daemon logs (DIR/rgw.log for radosgw)
#
# Environment knobs:
#   PRESIGN_RGW_DEBUG=20  raise debug_rgw (default 1). At 20 rgw logs its
#                         canonical request, string to sign and both
#                         signatures: the quickest way to debug a mismatch.
#   PRESIGN_RGW_STS=0     don't enable STS (see the STS note below).
#
# Stop with: tests/integration/rgw_stop.sh DIR
set -Eeuo pipefail   # -E: the ERR trap (log dump, cleanup) also fires inside functions

if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 DIR   (DIR: an empty temp directory, e.g. \$(mktemp -d))" >&2
    exit 2
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
START_NS=$(date +%s%N)

# --- Packages -----------------------------------------------------------------
# Install only if missing. `apt-get update` is slow, so only run it when the
# install fails (e.g. stale package lists on a fresh CI image).
if ! command -v radosgw >/dev/null 2>&1; then
    PKGS=(radosgw ceph-mon ceph-osd ceph-common uuid-runtime python3-rados curl)
    echo "rgw_start: installing ${PKGS[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends "${PKGS[@]}"; then
        apt-get update
        apt-get install -y --no-install-recommends "${PKGS[@]}"
    fi
fi

# Debian's python (not a pyenv shim that may be first on PATH) has the `rados`
# module from python3-rados.
PY=/usr/bin/python3

mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
if [[ -e "$DIR/pids" ]]; then
    echo "rgw_start: $DIR/pids exists: a cluster may already run there; stop it first" >&2
    exit 2
fi
mkdir -p "$DIR/run" "$DIR/crash" "$DIR/mon.a" "$DIR/osd.0"
: >"$DIR/pids"

# Every ceph tool (ceph, radosgw-admin, librados in python) reads this.
export CEPH_CONF="$DIR/ceph.conf"

# --- Failure handling ---------------------------------------------------------
dump_logs() {
    local f
    for f in "$DIR"/{mon.a,osd.0,rgw}.log "$DIR"/{mon,osd,rgw}.out; do
        [[ -s "$f" ]] || continue
        echo "===== last 50 lines of $f =====" >&2
        tail -n 50 "$f" >&2
    done
}
fail() {
    trap - ERR
    echo "rgw_start: FAILED: $*" >&2
    dump_logs
    # Don't leave daemons behind; keep DIR so the logs can still be read.
    "$HERE/rgw_stop.sh" --keep-dir "$DIR" >&2 || true
    exit 1
}
trap 'fail "command failed at line $LINENO: $BASH_COMMAND"' ERR

# --- Free ports ---------------------------------------------------------------
# Let the kernel pick free ports on 127.0.0.1: hold both sockets open while
# asking so the two ports differ. Small race until the daemons bind; fine for
# tests. (Ephemeral ports never fall in 6800-7300, the OSD's own range.)
read -r MON_PORT RGW_PORT < <("$PY" - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
EOF
)

FSID="$(uuidgen)"
OSD_UUID="$(uuidgen)"
RGW_DEBUG="${PRESIGN_RGW_DEBUG:-1}"

# Fixed test-only credentials (they guard nothing: a throw-away local server).
AKID=PRESIGNTESTAKID000001
SECRET='presign/test+secret/0123456789abcdefghijk'   # '/' and '+' on purpose
AKID2=PRESIGNTESTAKID000002
SECRET2='second-user-secret-0123456789abcdefghijk'
# STS encrypts session tokens with this AES-128 key: must be exactly 16 chars.
STS_KEY='presignststest16'

# STS note: with rgw_s3_auth_use_sts=true, RGW also accepts temporary
# credentials (X-Amz-Security-Token). Side effect (seen on 16.2.15): auth failures are then
# all reported with the bare code AccessDenied instead of SignatureDoesNotMatch /
# InvalidAccessKeyId, so tests should check the HTTP status (403), not the code.
# PRESIGN_RGW_STS=0 turns STS off if a test wants the specific codes.
STS_CONF=""
if [[ "${PRESIGN_RGW_STS:-1}" != 0 ]]; then
    STS_CONF="rgw_sts_key = $STS_KEY
rgw_s3_auth_use_sts = true"
fi

# --- ceph.conf ----------------------------------------------------------------
cat >"$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon_initial_members = a
mon_host = v1:127.0.0.1:$MON_PORT
# Messenger v1 only: the monmap has only a v1 address, and a single port is
# simpler; with msgr2 bound the mon also wants the v2 port (3300).
ms_bind_msgr2 = false
ms_bind_ipv6 = false
# Bind every daemon (mon, osd public/cluster/heartbeat) to loopback only.
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
# cephx on: with auth = none the OSD sometimes never came up.
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
keyring = $DIR/keyring
# Keep all state inside DIR.
run_dir = $DIR/run
crash_dir = $DIR/crash
admin_socket = $DIR/run/\$name.\$pid.asok
log_file = $DIR/\$name.log
mon_cluster_log_file = $DIR/cluster.log
mon_data = $DIR/mon.\$id
osd_data = $DIR/osd.\$id
# The mon batches map changes and commits at most once per
# paxos_propose_interval (default 1 s). Every step here (osd new, osd boot,
# each pool create) is a map change, so the default made start-up ~15 s.
paxos_propose_interval = 0.01
paxos_min_wait = 0.01
# Fail instead of hanging forever when something is wrong.
client_mount_timeout = 30
# One OSD: one replica, tiny pools, CRUSH picks OSDs (not hosts).
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0

[osd]
# Data in RAM (saved to osd_data only on clean shutdown): nothing to format.
osd_objectstore = memstore
memstore_device_bytes = 1073741824

[client.rgw]
log_file = $DIR/rgw.log
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
# Makes virtual-hosted style http://BUCKET.localhost:PORT/KEY work.
rgw_dns_name = localhost
debug_rgw = $RGW_DEBUG
$STS_CONF
EOF

# --- Keys ---------------------------------------------------------------------
# One keyring for everything; ceph-mon --mkfs imports all of its keys into the
# mon's auth database, so no `ceph auth add` round trips are needed later.
KR="$DIR/keyring"
ceph-authtool --create-keyring "$KR" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n osd.0 \
    --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd' >/dev/null
ceph-authtool "$KR" --gen-key -n client.rgw \
    --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null

# --- Monitor ------------------------------------------------------------------
monmaptool --create --fsid "$FSID" --addv a "[v1:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$DIR/monmap" --keyring "$KR" >"$DIR/mon-mkfs.out" 2>&1

# The OSD's mkfs needs no monitor (--no-mon-config: don't fetch config from it).
ceph-osd --mkfs -i 0 --osd-uuid "$OSD_UUID" --no-mon-config >"$DIR/osd-mkfs.out" 2>&1

# setsid: own session, so the daemons don't get the caller's terminal signals.
# -f keeps them in the foreground so that $! is the daemon's real PID (setsid
# doesn't fork here: a background job of a non-interactive shell isn't a
# process-group leader).
start_daemon() {   # NAME CMD...
    local name=$1; shift
    setsid "$@" </dev/null >"$DIR/$name.out" 2>&1 &
    echo "$! $name" >>"$DIR/pids"
}
start_daemon mon ceph-mon -f -i a

# --- OSD id, then pools (one librados session instead of many `ceph` calls) ---
# rgw's own pools are created up front: radosgw otherwise creates them one by
# one at start-up, waiting for each to become active (~10 s more).
"$PY" - "$OSD_UUID" >"$DIR/setup-osd.out" 2>&1 <<'EOF' || fail "registering osd.0 with the monitor"
import json, sys, rados
c = rados.Rados(conffile="", name="client.admin")  # conf from $CEPH_CONF
c.connect(timeout=30)
ret, out, err = c.mon_command(json.dumps({"prefix": "osd new", "uuid": sys.argv[1], "id": 0}), b"")
if ret != 0:
    sys.exit("osd new: %d %s" % (ret, err))
EOF

start_daemon osd ceph-osd -f -i 0

"$PY" - >"$DIR/setup-pools.out" 2>&1 <<'EOF' || fail "creating rgw pools"
import json, sys, rados
c = rados.Rados(conffile="", name="client.admin")
c.connect(timeout=30)
for pool in [".rgw.root", "default.rgw.control", "default.rgw.meta", "default.rgw.log",
             "default.rgw.buckets.index", "default.rgw.buckets.data",
             "default.rgw.buckets.non-ec"]:
    if not c.pool_exists(pool):
        c.create_pool(pool)
    ret, out, err = c.mon_command(json.dumps({"prefix": "osd pool application enable",
        "pool": pool, "app": "rgw", "yes_i_really_mean_it": True}), b"")
    if ret != 0:
        sys.exit("application enable %s: %d %s" % (pool, ret, err))
EOF

# --- Users --------------------------------------------------------------------
# Done before radosgw starts: radosgw-admin only needs RADOS, and this way it
# (not radosgw) sets up the default realm/zonegroup/zone, so the two never race.
# Blocks until the OSD is up and the PGs are active.
mkuser() {   # UID AKID SECRET
    timeout 120 radosgw-admin user create --uid="$1" --display-name="presign test $1" \
        --access-key="$2" --secret-key="$3" >"$DIR/user-$1.out" 2>&1 \
        || fail "radosgw-admin user create $1 (see $DIR/user-$1.out)"
}
mkuser presign-test "$AKID" "$SECRET"
mkuser presign-test2 "$AKID2" "$SECRET2"
if [[ -n "$STS_CONF" ]]; then
    # Lets the user attach an IAM policy to itself (done below, via the IAM API).
    timeout 60 radosgw-admin caps add --uid=presign-test --caps='user-policy=*' \
        >"$DIR/caps.out" 2>&1 || fail "radosgw-admin caps add"
fi

# --- radosgw ------------------------------------------------------------------
start_daemon rgw radosgw -f -n client.rgw

# Wait until S3 answers (any HTTP status; anonymous GET / gives 200).
deadline=$(( $(date +%s) + 60 ))
until code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$RGW_PORT/") \
        && [[ "$code" != 000 ]]; do
    if (( $(date +%s) >= deadline )); then
        fail "radosgw did not answer on 127.0.0.1:$RGW_PORT within 60 s"
    fi
    # Stop waiting at once if a daemon died.
    while read -r pid name; do
        kill -0 "$pid" 2>/dev/null || fail "$name (pid $pid) exited"
    done <"$DIR/pids"
    sleep 0.2
done

# --- STS: allow GetSessionToken -----------------------------------------------
# RGW only hands out session tokens to a user whose IAM policy allows
# sts:GetSessionToken. Pacific's radosgw-admin can't attach user policies, so
# use the IAM API (PutUserPolicy) of the gateway itself, signed with botocore.
if [[ -n "$STS_CONF" ]]; then
    "$PY" - "http://127.0.0.1:$RGW_PORT" "$AKID" "$SECRET" >"$DIR/sts-policy.out" 2>&1 <<'EOF' \
        || fail "PutUserPolicy for STS (see $DIR/sts-policy.out)"
import json, sys, botocore.session
ep, akid, secret = sys.argv[1:4]
iam = botocore.session.get_session().create_client(
    "iam", region_name="us-east-1", endpoint_url=ep,
    aws_access_key_id=akid, aws_secret_access_key=secret)
iam.put_user_policy(UserName="presign-test", PolicyName="allow-sts",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["sts:GetSessionToken"], "Resource": "*"}]}))
EOF
fi

# --- env file -----------------------------------------------------------------
# printf %q quotes the secret safely for `source`.
{
    printf 'export PRESIGN_TEST_ENDPOINT=%q\n' "http://127.0.0.1:$RGW_PORT"
    printf 'export PRESIGN_TEST_PORT=%q\n' "$RGW_PORT"
    printf 'export PRESIGN_TEST_AKID=%q\n' "$AKID"
    printf 'export PRESIGN_TEST_SECRET=%q\n' "$SECRET"
    printf 'export PRESIGN_TEST_AKID2=%q\n' "$AKID2"
    printf 'export PRESIGN_TEST_SECRET2=%q\n' "$SECRET2"
    printf 'export PRESIGN_TEST_REGION=%q\n' "us-east-1"
    printf 'export PRESIGN_TEST_STS=%q\n' "$([[ -n "$STS_CONF" ]] && echo 1 || echo 0)"
    printf 'export PRESIGN_TEST_RGW_DIR=%q\n' "$DIR"
} >"$DIR/env"

trap - ERR
END_NS=$(date +%s%N)
printf 'rgw_start: S3 on http://127.0.0.1:%s (mon port %s, sts %s); started in %d.%03d s; env: %s\n' \
    "$RGW_PORT" "$MON_PORT" "$([[ -n "$STS_CONF" ]] && echo on || echo off)" \
    $(( (END_NS - START_NS) / 1000000000 )) $(( (END_NS - START_NS) / 1000000 % 1000 )) \
    "$DIR/env"
