#!/usr/bin/env bash
# rgw_stop.sh [--keep-dir] DIR
#
# Stop the cluster that rgw_start.sh started in DIR: kill exactly the PIDs
# listed in DIR/pids (never anything found by name, which could hit another
# test run's daemons), then remove DIR. --keep-dir keeps DIR (rgw_start.sh uses
# it on failure, so the logs survive).
set -euo pipefail

KEEP=0
if [[ "${1:-}" == --keep-dir ]]; then KEEP=1; shift; fi
if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 [--keep-dir] DIR" >&2
    exit 2
fi
DIR="$1"
if [[ ! -d "$DIR" ]]; then
    echo "rgw_stop: $DIR does not exist; nothing to do" >&2
    exit 0
fi

# Only signal a PID if it still runs one of our daemons: after a reboot or a
# long time the number may have been reused by an unrelated process.
ours() {   # PID
    local comm state
    comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 1
    [[ "$comm" == ceph-mon || "$comm" == ceph-osd || "$comm" == radosgw ]] || return 1
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ "$state" != Z ]]
}

PIDS=()
if [[ -f "$DIR/pids" ]]; then
    while read -r pid _name; do
        [[ "$pid" =~ ^[0-9]+$ ]] && ours "$pid" && PIDS+=("$pid")
    done <"$DIR/pids"
fi

# stop PID... : TERM, wait up to 10 s, then KILL whatever is left.
stop() {
    local pid alive
    kill -TERM "$@" 2>/dev/null || true
    for _ in $(seq 1 100); do
        alive=()
        for pid in "$@"; do ours "$pid" && alive+=("$pid"); done
        ((${#alive[@]})) || return 0
        sleep 0.1
    done
    echo "rgw_stop: still running after 10 s, sending KILL to: ${alive[*]}" >&2
    kill -KILL "${alive[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
        local still=0
        for pid in "${alive[@]}"; do ours "$pid" && still=1; done
        ((still)) || return 0
        sleep 0.1
    done
}

# Stop one at a time, in reverse start order, each when the ones it talks to
# are still up; otherwise shutdown stalls: radosgw waits for the OSD (to drop
# its watches), and the OSD waits for the monitor to acknowledge that it is
# going down (up to osd_mon_shutdown_timeout). In this order it takes < 1 s.
for comm in radosgw ceph-osd ceph-mon; do
    these=()
    for pid in "${PIDS[@]}"; do
        [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$comm" ]] && these+=("$pid")
    done
    ((${#these[@]} == 0)) || stop "${these[@]}"
done

if ((KEEP)); then
    rm -f "$DIR/pids"
else
    rm -rf -- "$DIR"
fi
