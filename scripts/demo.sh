#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job: set up, build the patched kernel, boot it, measure what
# drm.debug writes cost, print the table, save JSON and a chart.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
"$TOP/scripts/build.sh"
mkdir -p "$RESULTS"
log "booting a ${VM_CPUS:-4}-vCPU guest and measuring"
"$TOP/scripts/vm.sh" -o "$RESULTS" -- "$TOP/guest/measure.sh" >"$RESULTS/demo-guest.log" 2>&1 ||
	{ tail -30 "$RESULTS/demo-guest.log"; die "guest measurement failed (log: $RESULTS/demo-guest.log)"; }
"$TOP/scripts/report.sh" "$RESULTS/measure.json" | tee "$RESULTS/table.txt"
