#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest of the series built with CONFIG_DRM_USE_DYNAMIC_DEBUG=n
# (make plain), drm.debug a plain bitmask as on distro kernels: no DRM
# callsite is a dynamic debug one; the IGT test skips every subtest and
# fails none; drm-dbg reads and sets the mask, says it is a plain
# bitmask, and exits 4 where a command needs dynamic debug, changing
# nothing. KTAP on stdout and in $DRMDBG_OUT/plain.ktap.
set -uo pipefail
here=$(dirname "$0")
top=$(cd "$here/.." && pwd)
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/plain.ktap
DD=$top/tools/drm-dbg/out/drm-dbg
igt=$top/tests/igt/out/core_debug_toggle
ktap_begin

ktap_suite "drm.debug a plain bitmask"
check "modprobe ${DRM_CORE[*]} i915 bochs" modprobe_all "${DRM_CORE[@]}" i915 bochs
check_eq "drm.debug reads back in decimal (a plain ulong)" "$(cat "$DRM_DEBUG")" 0
check "the control file exists (dynamic debug is on)" test -r "$CONTROL"
check_eq "no DRM module has a class'd callsite" \
	"$(dd_sites "${DRM_CORE[@]}" i915 bochs | classd | count)" 0
ktap_end

ktap_suite "the IGT test skips, fails nothing"
rc=0
"$igt" >"$out/igt.txt" 2>&1 || rc=$?
ktap_diag "$(grep -E '^(Subtest|Test requirement not met)' "$out/igt.txt" | head -12)"
check_eq "IGT exit status (77: all skipped)" "$rc" 77
check_eq "subtests that skipped" "$(grep -cE '^Subtest .*: SKIP' "$out/igt.txt")" 5
check_eq "subtests that failed" "$(grep -cE '^(Dynamic s|S)ubtest .*: (FAIL|CRASH)' "$out/igt.txt")" 0
ktap_end

ktap_suite "drm-dbg on a plain bitmask"
"$DD" status >"$out/status.txt" 2>&1
check_eq "status: exit" "$?" 0
check "... says drm.debug is a plain bitmask" grep -q 'a plain bitmask' "$out/status.txt"
"$DD" set kms,atomic >/dev/null 2>&1
check_eq "set kms,atomic: exit" "$?" 0
check_eq "... drm.debug reads back" "$(cat "$DRM_DEBUG")" 20
"$DD" set kms -m i915 >/dev/null 2>"$out/err.txt"
check_eq "set -m i915 (needs dynamic debug): exit 4" "$?" 4
check "... and says why" grep -q 'plain bitmask' "$out/err.txt"
"$DD" bench -P per-class >/dev/null 2>&1
check_eq "bench -P per-class (needs dynamic debug): exit 4" "$?" 4
check_eq "... drm.debug unchanged" "$(cat "$DRM_DEBUG")" 20
"$DD" -j bench -r 2 >"$out/bench.json" 2>/dev/null
check_eq "bench -r 2 (one-write): exit" "$?" 0
check_eq "... a switch costs no sync round" "$(jq .on.syncs.max "$out/bench.json")" 0
check_eq "... drm.debug restored" "$(cat "$DRM_DEBUG")" 20
"$DD" capture -c all -o "$out/capture.txt" -- modprobe vkms >/dev/null 2>&1
check_eq "capture -c all -- modprobe vkms: exit" "$?" 0
check "... the report has DRM debug lines" grep -q '^\[ *[0-9.]*\] .*\[drm' "$out/capture.txt"
check_eq "... drm.debug restored" "$(cat "$DRM_DEBUG")" 20
"$DD" reset >/dev/null 2>&1
check_eq "reset: exit" "$?" 0
check_eq "... drm.debug" "$(cat "$DRM_DEBUG")" 0
ktap_end

check_dmesg "$out/plain-dmesg.txt"
ktap_finish
