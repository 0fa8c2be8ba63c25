#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# drm-dbg on the real kernel: run as root in the workbench guest, with
# drm, i915 and amdgpu loaded, the patched kernel's dynamic debug control
# file and tracefs. Exercises every subcommand and every bench pattern,
# and every path that changes state (set, set -m, --decorate, capture,
# bench), checking the kernel's state against exact counts from
# /proc/dynamic_debug/control. Prints KTAP on stdout; exits 0 iff all
# passed.
#
#   tests/guest.sh [DRM-DBG [MEASURE.JSON]]
#
# DRM-DBG defaults to the out/drm-dbg next to this directory (an empty
# argument too). With
# MEASURE.JSON (the workbench's guest/measure.sh output, .patterns[] with
# .pattern, .syncs, .ipis, .sites), each bench pattern's syncs and IPIs
# per switch must equal the workbench's for the same pattern; without it,
# those checks are skipped. With $DRMDBG_OUT set, the reports and bench
# figures are copied to $DRMDBG_OUT/drm-dbg-guest/.
# The state of drm.debug and of every class'd callsite's flags is saved
# first and put back at the end, whatever happens. It writes its KTAP
# with the workbench's lib/ktap.sh and reads the control file with
# guest/callsites.sh's dd_sites, as every guest test does. Needs bash, jq, awk,
# iconv, the kprobe PMU (perf counters on do_sync_core) for the
# exact sync counts, setpriv for the checks without root (skipped
# without it), and loads bochs (skipped if it cannot) for capture and
# devices. Takes a few minutes under TCG (bench per-site writes every
# callsite on and off, one write each).
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
DD=${1:-$here/../out/drm-dbg}
MEASURE=${2:-}
copy_to=${DRMDBG_OUT:-}
# the workbench's KTAP writer and control file reader
. "$top/lib/ktap.sh"
. "$top/guest/callsites.sh"
# GUEST_SH_ROOT=DIR: DIR/proc and DIR/sys instead of /proc and /sys, to
# try the script itself on a fake tree (whose control file applies nothing)
root=${GUEST_SH_ROOT:-}
CONTROL=$root/proc/dynamic_debug/control
DEBUG=$root/sys/module/drm/parameters/debug

# drm.debug's categories, by the names drm-dbg takes
CATS="CORE DRIVER KMS PRIME ATOMIC VBL STATE LEASE DP DRMRES"
work=$(mktemp -d /tmp/drm-dbg-guest.XXXXXX)
chmod 755 "$work"	# for the checks run as nobody
if [ -n "$root" ]; then
	printf '#!/bin/sh\nexec %q --sysfs-root %q --proc-root %q "$@"\n' "$DD" "$root/sys" "$root/proc" >"$work/dd"
	chmod 755 "$work/dd"
	DD=$work/dd
fi

ktap_begin
finish() {
	local rc=0
	ktap_finish || rc=1
	# the reports and bench figures, for a look afterwards
	if [ -n "$copy_to" ] && [ -d "$copy_to" ]; then
		mkdir -p "$copy_to/drm-dbg-guest"
		cp "$work"/*.txt "$work"/*.json "$work"/*.err "$copy_to/drm-dbg-guest/" 2>/dev/null
	fi
	rm -rf "$work"
	exit $rc
}

# ---- the kernel's state, from the control file (dd_sites) ----

# The class'd DRM callsites: "module class file line flags".
drm_sites() { dd_sites | awk '$2 ~ /^DRM_UT_/ { print $1, $2, $3, $4, $5 }'; }
# How many class'd callsites [of module $1] [of class DRM_UT_$2] [enabled if $3].
nsites() {
	drm_sites | awk -v m="${1:-}" -v c="${2:-}" -v e="${3:-}" '
		(m == "" || $1 == m) && (c == "" || $2 == "DRM_UT_" c) && (e == "" || $5 ~ /p/) { k++ }
		END { print k + 0 }'
}
# The class'd callsites of the categories of mask $1 (any module).
nsites_in_mask() { drm_sites | in_mask "$1" | count; }
# Everything drm-dbg may change, for before/after comparisons.
snapshot() { { cat "$DEBUG"; drm_sites | sort; } >"$1"; }
same_state() { snapshot "$work/now"; cmp -s "$1" "$work/now"; }
mods_with_classd() { drm_sites | awk '{ print $1 }' | sort -u; }

# Put drm.debug and the callsites' flags back as in snapshot $1 (callsites
# of modules loaded since are left alone).
restore_state() {
	head -n1 "$1" >"$DEBUG"
	drm_sites | awk 'NR == FNR { if (FNR > 1) saved[$1 " " $2 " " $3 " " $4] = $5; next }
		($1 " " $2 " " $3 " " $4) in saved && saved[$1 " " $2 " " $3 " " $4] != $5 {
			print "module " $1 " file " $3 " line " $4 " class " $2 " =" saved[$1 " " $2 " " $3 " " $4] }' \
		"$1" - | sort -u |
		while IFS= read -r q; do echo "$q" >"$CONTROL" 2>/dev/null; done
}

if [ "$(id -u)" != 0 ] || [ ! -w "$CONTROL" ] || [ ! -w "$DEBUG" ]; then
	ktap_diag "needs root, $CONTROL and $DEBUG"
	ktap_fail "guest prerequisites: root, dynamic debug control file, drm loaded"
	finish
fi
snapshot "$work/saved"
trap 'restore_state "$work/saved"; finish' EXIT
trap 'exit 130' INT TERM

total=$(nsites)
ktap_diag "drm-dbg $DD; kernel $(uname -r); $(nproc) CPUs; $total class'd DRM callsites in: $(mods_with_classd | tr '\n' ' ')"
[ -z "$MEASURE" ] || ktap_diag "workbench figures: $MEASURE"

check "drm-dbg runs (--version)" bash -c "'$DD' --version >/dev/null"
[ "$total" -gt 0 ] || ktap_fail "the kernel has class'd DRM callsites"

# A clean start: every class'd callsite off, drm.debug 0.
echo 0 >"$DEBUG"
for c in $CATS; do echo "class DRM_UT_$c -p" >"$CONTROL"; done
check_eq "clean start: enabled class'd callsites" "$(nsites "" "" 1)" 0

# ---- help, errors, argument checks (nothing changes) ----
snapshot "$work/s0"
check "help prints the usage" bash -c "'$DD' help | grep -q 'drm-dbg help \[COMMAND\]'"
check "help bench names the patterns" bash -c "'$DD' help bench | grep -q 'per-site'"
check "set --help names --decorate" bash -c "'$DD' set --help | grep -q -- '--decorate FLAGS'"
"$DD" bench -r1 per-site >/dev/null 2>"$work/err"
check_eq "bench -r1 per-site: stray argument refused (exit)" "$?" 2
"$DD" capture -t 5x >/dev/null 2>&1
check_eq "capture -t 5x refused (exit)" "$?" 2
"$DD" capture -t nan >/dev/null 2>&1
check_eq "capture -t nan refused (exit)" "$?" 2
"$DD" set kms,atomc >/dev/null 2>"$work/err"
check_eq "set kms,atomc refused (exit)" "$?" 2
check "... and suggests ATOMIC" grep -q 'did you mean ATOMIC' "$work/err"
"$DD" set on >/dev/null 2>"$work/err"
check "set on: no far-fetched suggestion" bash -c "! grep -q 'did you mean' '$work/err'"
"$DD" -j set frob >"$work/out" 2>/dev/null
check_eq "-j set frob: the error is a JSON object on stdout" \
	"$(jq -r '.error | startswith("unknown category")' "$work/out" 2>&1)" true
"$DD" --bogus >/dev/null 2>"$work/err"
check_eq "a bad global option: one line on stderr" "$(wc -l <"$work/err")" 1
t0=$(date +%s%N)
"$DD" capture -o /nonexistent/x -- sleep 3 >/dev/null 2>&1
rc=$?
t1=$(date +%s%N)
check_eq "capture -o /nonexistent/x fails (exit)" "$rc" 1
check "... before running the command (under 2 s)" test $(((t1 - t0) / 1000000)) -lt 2000
check "nothing above changed drm.debug or any callsite" same_state "$work/s0"

# ---- status, list, callsites, against the control file ----
check "drm-dbg without a command shows the status" bash -c "'$DD' | grep -q '^drm.debug  0x'"
"$DD" -j status >"$work/status.json"
check "status -j is JSON" jq -e . "$work/status.json" >/dev/null
for m in $(mods_with_classd); do
	check_eq "status: $m class'd callsites = the control file's" \
		"$(jq ".modules[] | select(.name == \"$m\") | .callsites" "$work/status.json")" \
		"$(nsites "$m")"
done
check_eq "status: drm.debug uses dynamic debug" \
	"$(jq .kernel.drm_uses_dynamic_debug "$work/status.json")" true
"$DD" list -j >"$work/list.json"
check "list -j (global option after the command) is JSON" jq -e . "$work/list.json" >/dev/null
check_eq "list: callsites over all categories and modules = the control file's" \
	"$(jq '[.[].callsites | to_entries[].value] | add' "$work/list.json")" "$total"
check_eq "list: KMS callsites = the control file's" \
	"$(jq '[.[] | select(.name == "KMS") | .callsites | to_entries[].value] | add' "$work/list.json")" \
	"$(nsites "" KMS)"
check_eq "callsites -c kms: lines = the control file's KMS callsites" \
	"$("$DD" callsites -c kms 2>/dev/null | wc -l)" "$(nsites "" KMS)"
check_eq "callsites -c kms,dp -m i915 = the control file's" \
	"$("$DD" callsites -c kms,dp -m i915 2>/dev/null | wc -l)" \
	"$(($(nsites i915 KMS) + $(nsites i915 DP)))"
"$DD" -j callsites >"$work/callsites.json" 2>/dev/null
check_eq "callsites -j: every class'd callsite" "$(jq length "$work/callsites.json")" "$total"
check "callsites -j is valid UTF-8 (iconv)" iconv -f UTF-8 -t UTF-8 "$work/callsites.json" -o /dev/null

# ---- set ----
"$DD" set kms,atomic >/dev/null
check_eq "set kms,atomic: drm.debug" "$(cat "$DEBUG")" 0x14
check_eq "... enabled callsites = KMS + ATOMIC callsites" "$(nsites "" "" 1)" "$(nsites_in_mask 0x14)"
check_eq "status reads it back by name" "$("$DD" -j status | jq -r '.names | join(",")')" KMS,ATOMIC
"$DD" set +dp -atomic >/dev/null
check_eq "set +dp -atomic: drm.debug" "$(cat "$DEBUG")" 0x104
check_eq "... enabled callsites = KMS + DP callsites" "$(nsites "" "" 1)" "$(nsites_in_mask 0x104)"
check_eq "callsites -c kms --enabled = the control file's" \
	"$("$DD" callsites -c kms --enabled 2>/dev/null | wc -l)" "$(nsites "" KMS 1)"
snapshot "$work/s1"
"$DD" set --dry-run all --decorate mfl >"$work/out"
check "set --dry-run: prints what it would write" grep -q 'would write 0x3ff to drm.debug' "$work/out"
check "set --dry-run: changes nothing" same_state "$work/s1"
"$DD" set none >/dev/null
check_eq "set none: no callsite enabled" "$(nsites "" "" 1)" 0

# set -m: one driver's categories, through the control file
check_eq "set --dry-run kms -m i915 -j: the query" \
	"$("$DD" -j set --dry-run kms -m i915 | jq -r '.queries | join(";")')" \
	"module i915 class DRM_UT_KMS +p"
"$DD" set kms -m i915 >/dev/null
check_eq "set kms -m i915: i915's KMS callsites all enabled" "$(nsites i915 KMS 1)" "$(nsites i915 KMS)"
check_eq "... and nothing else" "$(nsites "" "" 1)" "$(nsites i915 KMS)"
check_eq "... drm.debug unchanged" "$(cat "$DEBUG")" 0x0
if [ "$(nsites amdgpu)" -gt 0 ]; then
	"$DD" set +driver,+kms -m amdgpu >/dev/null
	check_eq "set +driver,+kms -m amdgpu: amdgpu's DRIVER + KMS enabled" \
		"$(nsites amdgpu "" 1)" "$(($(nsites amdgpu DRIVER) + $(nsites amdgpu KMS)))"
	"$DD" set driver -m amdgpu >/dev/null
	check_eq "set driver -m amdgpu (exact): its KMS off again" "$(nsites amdgpu KMS 1)" 0
	check_eq "... i915 untouched" "$(nsites i915 "" 1)" "$(nsites i915 KMS)"
else
	ktap_skip "set -m amdgpu" "amdgpu has no class'd callsites"
fi
"$DD" set none -m i915 >/dev/null
check_eq "set none -m i915" "$(nsites i915 "" 1)" 0

# --decorate
"$DD" set kms --decorate mfl >/dev/null
check_eq "set kms --decorate mfl: KMS callsites with flags pmfl" \
	"$(drm_sites | awk '$2 == "DRM_UT_KMS" && $5 == "pmfl"' | wc -l)" "$(nsites "" KMS)"
"$DD" set kms --decorate none >/dev/null
check_eq "set kms --decorate none: KMS callsites with flags p" \
	"$(drm_sites | awk '$2 == "DRM_UT_KMS" && $5 == "p"' | wc -l)" "$(nsites "" KMS)"
"$DD" set none >/dev/null

# ---- capture ----
# flags drm.debug does not describe: +p on one CORE callsite (a category
# left off below), a decoration on one drm KMS callsite
site=$(drm_sites | awk '$2 == "DRM_UT_CORE" { print "module " $1 " file " $3 " line " $4 " class DRM_UT_CORE"; exit }')
[ -z "$site" ] || echo "$site +p" >"$CONTROL"
site2=$(drm_sites | awk '$1 == "drm" && $2 == "DRM_UT_KMS" { print "module drm file " $3 " line " $4 " class DRM_UT_KMS"; exit }')
[ -z "$site2" ] || echo "$site2 +t" >"$CONTROL"
"$DD" set 0x1e >/dev/null
snapshot "$work/s2"
ktap_diag "callsites enabled before capture: $(nsites "" "" 1)"
"$DD" capture -c all -o "$work/capture.txt" -t 1 2>"$work/capture.err"
check_eq "capture -t 1: exit" "$?" 0
check "capture restores drm.debug and every callsite's flags (+p, +t set through the control file)" \
	same_state "$work/s2"
if [ -n "$site" ]; then
	read -r _ _ _ f _ l _ <<<"$site"
	check_eq "... the CORE callsite enabled through the control file: its flags" \
		"$(drm_sites | awk -v f="$f" -v l="$l" '$2 == "DRM_UT_CORE" && $3 == f && $4 == l { print $5; exit }')" p
fi
check "... the report names the mask used" grep -q '^# drm.debug used: 0x3ff' "$work/capture.txt"
echo "drm-dbg-guest marker before the capture" >/dev/kmsg
"$DD" capture -c kms -o "$work/capture-cmd.txt" -- \
	sh -c 'echo "drm-dbg-guest marker during the capture" >/dev/kmsg; exit 3' 2>/dev/null
check_eq "capture -- sh -c 'exit 3': drm-dbg exits with the command's code" "$?" 3
check "... the report has the command's status" grep -q '^# command status: 3$' "$work/capture-cmd.txt"
check "... and the log line written during the capture" \
	grep -q 'drm-dbg-guest marker during the capture' "$work/capture-cmd.txt"
check "... but none from before it" \
	bash -c "! grep -q 'drm-dbg-guest marker before' '$work/capture-cmd.txt'"
check "... and restores everything" same_state "$work/s2"
"$DD" capture -o "$work/capture-kill.txt" -- sh -c 'kill -9 $$' 2>/dev/null
check_eq "capture of a command killed by SIGKILL: exit 128+9" "$?" 137
"$DD" capture -c kms -o "$work/capture-term.txt" -- sleep 30 2>/dev/null &
pid=$!
for i in $(seq 50); do [ "$(cat "$DEBUG")" = 0x4 ] && break; sleep 0.1; done
kill -TERM $pid
wait $pid
check_eq "capture got SIGTERM: exit 128+15" "$?" 143
check "... restores everything" same_state "$work/s2"
check "... and the report says it was ended by signal 15" grep -q 'ended by signal 15' "$work/capture-term.txt"

# ---- bench: every pattern, against the workbench's figures ----
ncpu=$(nproc)
# a number from JSON, or -1 (null, missing, not JSON)
num() {
	local v
	v=$(jq "$1" "$2" 2>/dev/null)
	[[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo -1
}
keys=$(drm_sites | awk '{ print $1, $2, $3, $4 }' | sort -u | wc -l)
bench() {
	local pat=$1 rounds=$2
	snapshot "$work/sb"
	"$DD" -j bench -r "$rounds" -P "$pat" >"$work/bench-$pat.json" 2>"$work/bench-$pat.err"
	check_eq "bench -P $pat -r $rounds: exit" "$?" 0
	check "bench -P $pat: restores drm.debug and every callsite's flags" same_state "$work/sb"
	check_eq "bench -P $pat: syncs counted exactly (perf kprobe on do_sync_core)" \
		"$(jq -r .ipi_source "$work/bench-$pat.json")" kprobe
	local on off ion
	on=$(num .on.syncs.median "$work/bench-$pat.json")
	off=$(num .off.syncs.median "$work/bench-$pat.json")
	ion=$(num .on.ipis.median "$work/bench-$pat.json")
	ktap_diag "bench $pat: writes $(jq .writes "$work/bench-$pat.json"), syncs on $on off $off, IPIs on $ion off $(jq .off.ipis.median "$work/bench-$pat.json"), ms on $(jq '.on.ns.median / 1e6' "$work/bench-$pat.json")"
	check_eq "bench -P $pat: IPIs = syncs x (CPUs - 1)" "$ion" "$((on * (ncpu - 1)))"
	check "bench -P $pat: a switch on and off costs syncs" test "$on" -gt 0 -a "$off" -gt 0
	if [ -n "$MEASURE" ]; then
		local w
		for dir in on off; do
			w=$(jq -c ".patterns[] | select(.pattern == \"$pat-$dir\")" "$MEASURE")
			if [ -z "$w" ]; then
				ktap_skip "bench -P $pat $dir = the workbench's" "no $pat-$dir in $MEASURE"
				continue
			fi
			ktap_diag "workbench $pat-$dir: $w"
			check_eq "bench -P $pat: syncs switching $dir = the workbench's $pat-$dir" \
				"$(jq ".$dir.syncs.median" "$work/bench-$pat.json")" "$(jq .syncs <<<"$w")"
			check_eq "bench -P $pat: IPIs switching $dir = the workbench's $pat-$dir" \
				"$(jq ".$dir.ipis.median" "$work/bench-$pat.json")" "$(jq .ipis <<<"$w")"
		done
	else
		ktap_skip "bench -P $pat = the workbench's figures" "no measure.json given"
	fi
}
"$DD" set 0x104 >/dev/null
[ -z "$site" ] || echo "$site +p" >"$CONTROL"
bench one-write 3
check_eq "bench one-write: one write per switch" "$(jq .writes "$work/bench-one-write.json")" 1
bench per-class 1
check_eq "bench per-class: one write per category" "$(jq .writes "$work/bench-per-class.json")" 10
bench per-site 1
check_eq "bench per-site: one write per class'd callsite" \
	"$(jq .writes "$work/bench-per-site.json")" "$total"
ktap_diag "bench per-site: $keys distinct module/file/line/class queries"

# ---- what bench leaves alone; two at a time; restore after kill -9 ----
TRACING=$root/sys/kernel/tracing
STATE=/run/drm-dbg/state
tracing_state() {
	{
		cat "$TRACING/tracing_on" "$TRACING/kprobe_events" \
			"$root/proc/sys/debug/kprobes-optimization" 2>&1
		ls "$TRACING/events" 2>&1
	} >"$1"
}
# wait_for CMD...: until CMD succeeds, up to 10 s
wait_for() { local i; for i in $(seq 100); do "$@" && return 0; sleep 0.1; done; return 1; }
"$DD" reset >/dev/null
snapshot "$work/s3"
tracing_state "$work/t0"
"$DD" bench -r 1 >/dev/null 2>&1
tracing_state "$work/t1"
check "bench leaves tracing_on, kprobe_events, kprobes-optimization and the events as they were" \
	cmp -s "$work/t0" "$work/t1"
"$DD" bench -r 1000 -P per-class >/dev/null 2>"$work/bench-a.err" &
pid=$!
if wait_for test -e "$STATE"; then
	"$DD" bench -r 1 >/dev/null 2>"$work/bench-b.err"
	check_eq "a second bench while one runs: exit 6" "$?" 6
	check "... naming the first one" grep -q "another drm-dbg is running (bench, pid $pid)" "$work/bench-b.err"
	"$DD" capture -t 1 -o /dev/null 2>/dev/null
	check_eq "... a capture meanwhile: exit 6" "$?" 6
	kill -INT $pid
	wait $pid
	check_eq "the first bench, interrupted: exit 128+2" "$?" 130
	check "... restores drm.debug and every callsite's flags" same_state "$work/s3"
	check "... and removes its saved state" test ! -e "$STATE"
else
	ktap_fail "bench -r 1000 saved its state in $STATE"
	kill $pid; wait $pid
fi
"$DD" bench -r 1000 -P per-class >/dev/null 2>&1 &
pid=$!
if wait_for test -e "$STATE"; then
	sleep 0.5
	kill -KILL $pid
	wait $pid 2>/dev/null
	tracing_state "$work/t2"
	check "bench killed with SIGKILL: tracing as it was (the perf counters ended with it)" \
		cmp -s "$work/t0" "$work/t2"
	"$DD" bench -r 1 >/dev/null 2>"$work/err"
	check_eq "... the next bench refuses to start over its saved state: exit 6" "$?" 6
	check "... and says 'drm-dbg restore'" grep -q "drm-dbg restore" "$work/err"
	"$DD" restore >"$work/restore.txt" 2>&1
	check_eq "... drm-dbg restore: exit" "$?" 0
	ktap_diag "restore: $(cat "$work/restore.txt")"
	check "... restores drm.debug and every callsite's flags" same_state "$work/s3"
else
	ktap_fail "bench -r 1000 saved its state in $STATE"
	kill $pid; wait $pid
fi
"$DD" capture -c all -o "$work/capture-killed.txt" -- sleep 60 2>/dev/null &
pid=$!
if wait_for grep -qx 0x3ff "$DEBUG" && wait_for test -e "$STATE"; then
	kill -KILL $pid
	wait $pid 2>/dev/null
	check_eq "capture killed with SIGKILL: drm.debug left at" "$(cat "$DEBUG")" 0x3ff
	"$DD" restore >/dev/null 2>&1
	check_eq "... drm-dbg restore: exit" "$?" 0
	check "... restores drm.debug and every callsite's flags" same_state "$work/s3"
	"$DD" restore >"$work/restore.txt" 2>&1
	check "... a second restore has nothing to do" grep -q '^nothing to restore' "$work/restore.txt"
else
	ktap_fail "capture -c all set drm.debug 0x3ff and saved its state"
	kill $pid; wait $pid
fi
pkill -f 'sleep 60' 2>/dev/null
# a command that ignores SIGTERM: SIGKILL after 3 s
"$DD" capture -c kms -o "$work/capture-noterm.txt" -- sh -c 'trap "" TERM; exec sleep 60' 2>/dev/null &
pid=$!
if wait_for grep -qx 0x4 "$DEBUG"; then
	sleep 0.5
	t0=$(date +%s%N)
	kill -INT $pid
	wait $pid
	rc=$?
	t1=$(date +%s%N)
	check_eq "capture of a command that ignores SIGTERM, Ctrl-C: exit 128+2" "$rc" 130
	check "... ends within 6 s (SIGTERM, 3 s, SIGKILL)" test $(((t1 - t0) / 1000000)) -lt 6000
	check "... the report has the command killed by signal 9" \
		grep -q '^# command status: 137 (killed by signal 9' "$work/capture-noterm.txt"
	check "... restores everything" same_state "$work/s3"
else
	ktap_fail "capture -c kms set drm.debug 0x4"
	kill $pid; wait $pid
fi

# under sudo the command runs as sudo's user; --as-root keeps root
mkdir -p "$work/w" && chmod 777 "$work/w"
SUDO_UID=65534 SUDO_GID=65534 "$DD" capture -c kms -o "$work/capture-sudo.txt" -- \
	sh -c "id -u >$work/w/uid; id -g >$work/w/gid" 2>/dev/null
check_eq "capture under sudo (SUDO_UID=65534): the command runs as uid" "$(cat "$work/w/uid" 2>&1)" 65534
check_eq "... and gid" "$(cat "$work/w/gid" 2>&1)" 65534
check "... and the report says so" grep -q '^# command: run as uid 65534, gid 65534' "$work/capture-sudo.txt"
SUDO_UID=65534 SUDO_GID=65534 "$DD" capture --as-root -c kms -o /dev/null -- \
	sh -c "id -u >$work/w/uid" 2>/dev/null
check_eq "capture --as-root under sudo: the command runs as uid" "$(cat "$work/w/uid" 2>&1)" 0
check "... everything restored" same_state "$work/s3"

# ---- devices (bochs drives the guest's VGA) ----
"$DD" capture -c kms,driver -o "$work/capture-bochs.txt" -- modprobe bochs 2>/dev/null
rc=$?
if [ "$rc" = 0 ] && [ -d /sys/module/bochs ]; then
	check "capture -- modprobe bochs: DRM debug lines captured" \
		grep -q '^\[ *[0-9.]*\] .*\[drm' "$work/capture-bochs.txt"
else
	ktap_skip "capture -- modprobe bochs" "bochs did not load (exit $rc)"
fi
cards=0
for c in /sys/class/drm/card[0-9]*; do
	[[ $c =~ /card[0-9]+$ ]] && cards=$((cards + 1))
done
"$DD" -j devices >"$work/devices.json"
check_eq "devices: one per DRM card in sysfs" "$(jq length "$work/devices.json")" "$cards"
if [ -d /sys/module/bochs ]; then
	check "devices lists the bochs device (libdrm)" \
		jq -e 'any(.[]; .driver == "bochs-drm" or .driver == "bochs")' "$work/devices.json"
fi
check "devices (text) runs" bash -c "'$DD' devices >/dev/null"

# ---- without root ----
if command -v setpriv >/dev/null; then
	nr() { setpriv --reuid=65534 --regid=65534 --clear-groups "$DD" "$@"; }
	nr status >/dev/null 2>"$work/err"
	check_eq "status without root: exit 5" "$?" 5
	check "... and says to run as root" grep -q 'run drm-dbg as root' "$work/err"
	# the control file is mode 0644: list and callsites work without root
	check_eq "list -j without root: callsites = the control file's" \
		"$(nr list -j | jq '[.[].callsites | to_entries[].value] | add')" "$(nsites)"
	check_eq "callsites -c kms without root = the control file's" \
		"$(nr callsites -c kms 2>/dev/null | wc -l)" "$(nsites "" KMS)"
else
	ktap_skip "without root" "no setpriv"
fi
# the EXIT trap restores the state and prints the KTAP
