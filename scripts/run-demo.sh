#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run-demo.sh KIZASHI - the main job until the daemon exists: extract the IoCs
# from the bundled sample reports and print them.
set -eu
kz=$1
here=$(cd "$(dirname "$0")/.." && pwd)
for f in "$here"/examples/*.txt; do
    echo "== kizashi extract --unique $(basename "$f")"
    "$kz" extract --unique --format text "$f"
    echo
done
