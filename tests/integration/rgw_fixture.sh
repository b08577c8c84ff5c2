#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# rgw_fixture.sh start|stop DIR
#
# ctest's `rgw` fixture: one RGW for every test that needs a real server (integration_rgw,
# browser_chromium), started once before them and stopped after them (FIXTURES_SETUP /
# FIXTURES_CLEANUP in tests/cli_tests.cmake). The tests get `--server-dir DIR` and read
# DIR/env. When the server cannot start and CI is not `true`, `start` writes the reason to
# DIR/skipped and exits 0, so the tests print their SKIPPED line (ctest: skipped, not passed);
# with CI=true it fails.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ne 2 || ( "$1" != start && "$1" != stop ) ]]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
DIR=$2
# A previous run that was killed may have left daemons or files in DIR: stop them first.
bash "$HERE/rgw_stop.sh" "$DIR" >/dev/null 2>&1 || true
[[ "$1" == stop ]] && exit 0
if bash "$HERE/rgw_start.sh" "$DIR"; then
    exit 0
fi
bash "$HERE/rgw_stop.sh" "$DIR" >/dev/null 2>&1 || true
if [[ "${CI:-}" == true ]]; then
    echo "rgw_fixture: the RGW test server could not be started (CI=true: a failure)" >&2
    exit 1
fi
mkdir -p "$DIR"
echo "the RGW test server could not be started (rgw_start.sh failed)" >"$DIR/skipped"
echo "rgw_fixture: SKIPPED: $(cat "$DIR/skipped")"
exit 0
