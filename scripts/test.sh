#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: the host checks (make check), a kernel tree from the series
# and its build, then the assertions in guests booted from it. One KTAP
# document on stdout and in results/test.ktap, each phase a subtest and
# each guest run's own document nested in it; it ends with the totals
# kunit.py parses from that document, "N passed, N failed", and exits
# non-zero on a failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/lib/ktap.sh"

logs=$RESULTS/test
mkdir -p "$logs"
start=$(date +%s)
"$TOP/scripts/setup.sh" >"$logs/setup.log" 2>&1 ||
	{ tail -20 "$logs/setup.log" >&2; die "setup failed (log: $logs/setup.log)"; }

phase_check() {
	local rc=0
	KTAP_NESTED=1 "$TOP/scripts/check.sh" >"$logs/check.ktap" || rc=$?
	ktap_embed "host checks (make check)" "$logs/check.ktap" "$rc"
}

phase_kernel() {
	local bstart
	ktap_suite "kernel"
	if [ -e "$KTREE/.git" ] && [ -z "${CI:-}" ]; then
		check "build/linux matches patches/ (make tree)" "$TOP/scripts/tree.sh"
	else
		check "a fresh build/linux from patches/ (make tree)" env FORCE=1 "$TOP/scripts/tree.sh"
	fi
	bstart=$(date +%s)
	if "$TOP/scripts/kernel.sh" >"$logs/build.log" 2>&1; then
		ktap_ok "builds ($(( $(date +%s) - bstart )) s)"
	else
		ktap_diag "$(tail -30 "$logs/build.log")"
		ktap_fail "builds (log: ${logs#"$TOP"/}/build.log)"
	fi
	check "a DRM module without DRM_CLASSMAP_USE() fails to build, with it builds" \
		"$TOP/scripts/planted.sh"
	ktap_end
}

# guest_run NAME APPEND SCRIPT: boot (kernel command line + APPEND), run
# SCRIPT, nest the KTAP document it leaves in its output directory.
# Progress (the "# " lines the guest prints as sections close) goes to
# stderr as it comes.
guest_run() {
	local name=$1 append=$2 script=$3 gout=$logs/$1 rc k
	rm -rf "$gout" && mkdir -p "$gout"
	k=$gout/$(basename "$script" .sh).ktap
	"$TOP/scripts/vm.sh" -o "$gout" -a "$append" -- "$script" 2>&1 |
		tee "$gout/console.log" |
		awk -v n="$name" '{ sub(/\r$/, "") } /^KTAP version/ { done = 1 } !done && /^# / { print "# " n ": " substr($0, 3); fflush() }' \
			>&2
	rc=${PIPESTATUS[0]}
	if [ -s "$k" ]; then
		ktap_embed "guest: $name (${VM_CPUS:-4} vCPUs${append:+, $append})" "$k" "$rc"
	else
		ktap_diag "$(tr -d '\r' <"$gout/console.log" | tail -30)"
		ktap_fail "guest: $name" "no results, vm.sh exit $rc, console ${gout#"$TOP"/}/console.log"
	fi
}
phase_guest() { guest_run guest "" "$TOP/guest/test-run.sh"; }
phase_lateload() {
	guest_run lateload \
		'drm.debug=0x1e nohz_full=1-3 dyndbg="func run_init_process +p; class DRM_UT_NOPE +p; nosuchkeyword x +p"' \
		"$TOP/guest/lateload.sh"
}
# the short stress run (30 s, fixed seed); make stress runs it longer
phase_stress() { guest_run stress "" "$TOP/guest/stress.sh"; }
# 1,000 malformed and valid writes judged by the model; make fuzz, more
phase_fuzz() { guest_run fuzz "" "$TOP/guest/fuzz.sh"; }

phases=(phase_check phase_kernel phase_guest phase_lateload phase_stress phase_fuzz)
KTAP_FILE=$RESULTS/test.ktap
ktap_begin ${#phases[@]}
for p in "${phases[@]}"; do
	pstart=$(date +%s)
	"$p"
	ktap_diag "${p#phase_}: $(( $(date +%s) - pstart )) s"
done
ktap_diag "all: $(( $(date +%s) - start )) s"
ktap_finish
ktap_totals "$KTAP_FILE"
