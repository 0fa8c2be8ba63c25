#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: the assertions of make test on the real kernel, as one
# KTAP document (stdout, and test-run.ktap in $DRMDBG_OUT). The write
# patterns are measured by measure.sh, the same code make demo reports
# from; the checks here hold its figures to exact counts and IPI
# budgets. Then the series' own tests (the KUnit suites run at boot,
# the dynamic_debug kselftest), the IGT test and drm-dbg's checks on
# the real kernel, each nested with its own plan. A new group of checks
# is one more ktap_suite ... ktap_end section.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
ktree=${DRMDBG_KTREE:-$top/build/linux}
KTAP_FILE=$out/test-run.ktap
ktap_begin

ktap_suite "write patterns ($NCPU CPUs)"
j=$out/measure.json
rm -f "$j"
check "measure.sh runs" "$here/measure.sh"
q() { jq -r "$1" "$j"; }
pat() { jq -r --arg p "$1" ".patterns[] | select(.pattern == \$p) | .$2" "$j"; }
if [ -s "$j" ]; then
	for m in "${DRM_GPUS[@]}"; do
		check "$m is loaded" test -d "/sys/module/$m"
		check_ge "$m class'd callsites" "$(q ".modules.$m.classd")" 1000
	done
	# every pattern leaves exactly the callsites it is about enabled
	for p in per-site per-class classes-one-write one-write one-class module-amdgpu; do
		check_eq "$p-on: enabled = sites in scope" "$(pat "$p-on" enabled)" "$(pat "$p-on" sites)"
		check_eq "$p-off: none enabled" "$(pat "$p-off" enabled)" 0
	done
	check_eq "no-op write: all still enabled" "$(pat no-op-write enabled)" "$(pat no-op-write sites)"
	for s in per_class one_write one_class; do
		check_eq "$s: the same callsites as per-site writes" "$(q ".same_set.$s")" true
	done
fi
ktap_end

budget=$((3 * (NCPU - 1)))
ktap_suite "IPI budgets: one batch = 3 syncs = $budget IPIs"
if [ -s "$j" ]; then
	for p in one-write-on one-write-off one-class-on one-class-off module-amdgpu-on module-amdgpu-off \
		classes-one-write-on classes-one-write-off; do
		check_le "$p: IPIs ($(pat "$p" sites) sites)" "$(pat "$p" ipis)" "$budget"
	done
	check_eq "no-op write: IPIs" "$(pat no-op-write ipis)" 0
fi
ktap_end

ktap_kunit_dmesg "KUnit suites run at boot"
ktap_suite "the series' KUnit suites ran"
for s in x86_text_poke_batch jump_label_queued dynamic_debug_batch; do
	check "KUnit suite $s ran and passed" grep -qE "^ *ok [0-9]+ $s\$" "$out/kunit.ktap"
done
ktap_end

# the dynamic_debug kselftests: each program its Makefile lists
stdir=$ktree/tools/testing/selftests/dynamic_debug
progs=$(sed -n 's/^TEST_PROGS *:*= *//p' "$stdir/Makefile" 2>/dev/null)
[ -n "$progs" ] || ktap_fail "kselftest dynamic_debug" "no TEST_PROGS in $stdir/Makefile"
for p in $progs; do
	rc=0
	"$stdir/$p" >"$out/kselftest-$p.txt" 2>&1 || rc=$?
	ktap_embed "kselftest dynamic_debug $p" "$out/kselftest-$p.txt" "$rc" 4
done

dd=$top/tools/drm-dbg/out/drm-dbg
ddtests=$top/tools/drm-dbg/tests/guest.sh
drm_debug_write 0 2>/dev/null
if [ -x "$ddtests" ] && [ -x "$dd" ]; then
	rc=0
	"$ddtests" "$dd" "$j" >"$out/drm-dbg.ktap" 2>"$out/drm-dbg.err" || rc=$?
	[ "$rc" = 0 ] || [ ! -s "$out/drm-dbg.err" ] || ktap_diag "$(tail -20 "$out/drm-dbg.err")"
	ktap_embed "drm-dbg on the real kernel" "$out/drm-dbg.ktap" "$rc"
else
	ktap_fail "drm-dbg on the real kernel" "missing $ddtests or $dd"
fi

igt=$top/tests/igt/out/core_debug_toggle
# bochs drives the guest's VGA: the DRM device the IGT test opens
modprobe bochs
if [ -x "$igt" ]; then
	ktap_igt "IGT core_debug_toggle" "$igt"
	# this guest is meant to run it: a test that skips everything tests nothing
	check_ge "IGT core_debug_toggle: subtests that ran (not skipped)" \
		"$(grep -cE '^(Dynamic subtest|Subtest) .*: (SUCCESS|FAIL)' "$out/igt.txt")" 1
else
	ktap_fail "IGT core_debug_toggle" "missing $igt"
fi

# the function tracer's text-poke batches stay page-sized
rc=0
"$here/ftrace.sh" >"$out/ftrace.ktap" 2>&1 || rc=$?
ktap_embed "function tracer on and off" "$out/ftrace.ktap" "$rc"

# Every DRM and accel module this kernel has (guest/callsites.sh)
every_drm_module_follows
ktap_end

check_dmesg "$out/guest-dmesg.txt"
ktap_finish
