#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: the assertions of make test on the real kernel. The
# write patterns are measured by measure.sh, the same code make demo
# reports from; the checks here hold its figures to exact counts and
# IPI budgets. Then the series' own tests: the KUnit suites (run at
# boot) and the dynamic_debug kselftest. One line per check; tallies go to
# $DRMDBG_OUT/guest.counts.
set -uo pipefail
here=$(dirname "$0")
. "$here/lib.sh"
. "$here/tap.sh"
out=${DRMDBG_OUT:-/tmp}
TAP_COUNTS=$out/guest.counts
ktree=${DRMDBG_KTREE:-}

echo "# measuring the write patterns ($NCPU CPUs)"
if ! "$here/measure.sh" >"$out/measure.log" 2>&1; then
	cat "$out/measure.log"
	tap_fail "measure.sh runs"
	tap_done
	exit
fi
j=$out/measure.json
q() { jq -r "$1" "$j"; }
pat() { jq -r --arg p "$1" ".patterns[] | select(.pattern == \$p) | .$2" "$j"; }

echo "# drivers and callsites"
for m in i915 amdgpu; do
	check "$m is loaded" test -d "/sys/module/$m"
	check_ge "$m class'd callsites" "$(q ".modules.$m.classd")" 1000
done

echo "# every pattern leaves exactly the callsites it is about enabled"
for p in per-site per-class one-write one-class module-amdgpu; do
	check_eq "$p-on: enabled = sites in scope" "$(pat "$p-on" enabled)" "$(pat "$p-on" sites)"
	check_eq "$p-off: none enabled" "$(pat "$p-off" enabled)" 0
done
check_eq "no-op write: all still enabled" "$(pat no-op-write enabled)" "$(pat no-op-write sites)"
for s in per_class one_write one_class; do
	check_eq "$s: the same callsites as per-site writes" "$(q ".same_set.$s")" true
done

budget=$((3 * (NCPU - 1)))
echo "# IPI budgets: one batch = 3 syncs = $budget IPIs"
for p in one-write-on one-write-off one-class-on one-class-off module-amdgpu-on module-amdgpu-off; do
	check_le "$p: IPIs ($(pat "$p" sites) sites)" "$(pat "$p" ipis)" "$budget"
done
check_eq "no-op write: IPIs" "$(pat no-op-write ipis)" 0

echo "# KUnit"
dmesg --notime >"$out/guest-dmesg.txt"
for s in jump_label_queued dynamic_debug_batch; do
	check "KUnit suite $s passed at boot" grep -qE "^ *ok [0-9]+ $s\$" "$out/guest-dmesg.txt"
done

echo "# kselftest dynamic_debug"
st=$ktree/tools/testing/selftests/dynamic_debug/dyndbg_batch.sh
if [ -x "$st" ]; then
	"$st" >"$out/kselftest-dynamic_debug.txt" 2>&1
	rc=$?
	sed 's/^/  /' "$out/kselftest-dynamic_debug.txt" | grep -E '^  (not )?ok' || true
	check_eq "kselftest dyndbg_batch.sh: exit status" "$rc" 0
	check_eq "kselftest dyndbg_batch.sh: passed checks" \
		"$(grep -c '^ok ' "$out/kselftest-dynamic_debug.txt")" 17
else
	tap_fail "kselftest $st exists"
fi

echo "# IGT core_debug_toggle (i915, amdgpu)"
igt=${DRMDBG_TOP:-}/tests/igt/out/core_debug_toggle
if [ -x "$igt" ]; then
	"$igt" >"$out/igt.txt" 2>&1
	rc=$?
	grep -E '^(Starting|Dynamic subtest|Subtest)|core_debug_toggle' "$out/igt.txt" | sed 's/^/  /'
	check_eq "IGT core_debug_toggle: exit status" "$rc" 0
	check_eq "IGT core_debug_toggle: dynamic subtests passed (2 subtests x 2 drivers)" \
		"$(grep -c '^Dynamic subtest .*: SUCCESS' "$out/igt.txt")" 4
else
	tap_fail "IGT test built ($igt)"
fi
"$DRMDBG_TOP/tools/drm-dbg/out/drm-dbg" set none >/dev/null 2>&1

echo "# drm-dbg against the real kernel"
dd=${DRMDBG_TOP:-}/tools/drm-dbg/out/drm-dbg
if [ -x "$dd" ]; then
	ddj() { "$dd" -j "$@"; }
	"$dd" set kms,atomic >/dev/null
	check_eq "drm-dbg set kms,atomic: drm.debug" "$(cat "$DRM_DEBUG")" 0x14
	check_eq "drm-dbg status reads it back by name" "$(ddj status | jq -r .names)" KMS,ATOMIC
	"$dd" set +dp -atomic >/dev/null
	check_eq "drm-dbg set +dp -atomic" "$(cat "$DRM_DEBUG")" 0x104
	for m in drm i915 amdgpu; do
		check_eq "drm-dbg status: $m class'd callsites = control file's" \
			"$(ddj status | jq ".modules[] | select(.name == \"$m\") | .callsites")" \
			"$(classd_sites | awk -v m=$m '$1 == m' | wc -l)"
		check_eq "drm-dbg status: $m enabled = control file's KMS+DP callsites" \
			"$(ddj status | jq ".modules[] | select(.name == \"$m\") | .enabled")" \
			"$(classd_in_mask 0x104 | awk -v m=$m '$1 == m' | wc -l)"
	done
	check_eq "drm-dbg callsites -c kms --enabled = control file's" \
		"$("$dd" callsites -c kms --enabled | wc -l)" "$(classd_in_mask 0x4 | wc -l)"
	check "drm-dbg set with an unknown name fails" bash -c "! '$dd' set kms,atomc"
	check_eq "... and changes nothing" "$(cat "$DRM_DEBUG")" 0x104
	"$dd" set 0x1e >/dev/null
	"$dd" capture -c all -o "$out/capture.txt" -t 1 2>"$out/capture.err"
	check_eq "drm-dbg capture -t 1 restores the mask" "$(cat "$DRM_DEBUG")" 0x1e
	check "drm-dbg capture report names the mask used" grep -q '^# drm.debug used: 0x3ff' "$out/capture.txt"
	# bochs drives the guest's VGA: its probe logs DRM debug messages
	"$dd" capture -c kms,driver -o "$out/capture-bochs.txt" -- modprobe bochs 2>>"$out/capture.err"
	check_ge "drm-dbg capture -- modprobe bochs: DRM debug lines ([drm:...]) captured" \
		"$(grep -c '^\[ *[0-9.]*\] .*\[drm:' "$out/capture-bochs.txt")" 1
	check "... and the report lists the bochs device" grep -q '^# DRM device: .*driver bochs' "$out/capture-bochs.txt"
	check_eq "... and the mask is restored" "$(cat "$DRM_DEBUG")" 0x1e
	"$dd" capture -c kms -o "$out/capture2.txt" -- sleep 30 2>/dev/null &
	sleep 2
	kill -INT $!
	wait $!
	check_eq "drm-dbg capture restores the mask on SIGINT" "$(cat "$DRM_DEBUG")" 0x1e
	check "... and says it was ended by a signal" grep -q 'ended by signal 2' "$out/capture2.txt"
	"$dd" set none >/dev/null
	ddj bench -r 3 >"$out/bench.json"
	check "drm-dbg bench -j is valid JSON with exact IPIs" jq -e '.exact_ipis == true' "$out/bench.json"
	check_eq "drm-dbg bench: IPIs of one write = the workbench's" \
		"$(jq .on.ipis.median "$out/bench.json")" "$(pat one-write-on ipis)"
	check_eq "drm-dbg bench restores the mask" "$(cat "$DRM_DEBUG")" 0x0
	check "drm-dbg devices lists the bochs device (libdrm)" \
		bash -c "'$dd' -j devices | jq -e '.[0].driver == \"bochs-drm\" or .[0].driver == \"bochs\"'"
else
	tap_fail "drm-dbg built ($dd)"
fi

check_dmesg "$out/guest-dmesg.txt"
tap_done
