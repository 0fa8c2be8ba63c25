#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job: set up, build the patched kernel, boot it, measure what
# drm.debug writes cost, print the table, save JSON and a chart, before
# (make baseline's, or the committed reference) and after side by side.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
"$TOP/scripts/kernel.sh"
mkdir -p "$RESULTS"
log "booting a ${VM_CPUS:-4}-vCPU guest and measuring"
VM_ICOUNT=${VM_ICOUNT:-1} "$TOP/scripts/vm.sh" -o "$RESULTS" -- "$TOP/guest/measure.sh" >"$RESULTS/demo-guest.log" 2>&1 ||
	{ tail -30 "$RESULTS/demo-guest.log"; die "guest measurement failed (log: $RESULTS/demo-guest.log)"; }
# before and after: make baseline's figures, or until there are some the
# committed reference (docs/reference/), labelled as such
base=$RESULTS/baseline/measure.json
if [ ! -s "$base" ]; then
	base=$TOP/docs/reference/baseline-measure.json
	export REPORT_BEFORE="reference (docs/reference/, make baseline, 2026-12-03)"
fi
"$TOP/scripts/report.sh" "$RESULTS/measure.json" "$base" | tee "$RESULTS/table.txt"
