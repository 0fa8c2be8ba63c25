# SPDX-License-Identifier: GPL-2.0
# Helpers for scripts that run in the guest (sourced). They read and
# write the real kernel interfaces: /proc/dynamic_debug/control,
# /sys/module/drm/parameters/debug, /proc/interrupts, and a kprobe on
# do_sync_core, the function every CPU runs once per text-poke sync.

CONTROL=/proc/dynamic_debug/control
DRM_DEBUG=/sys/module/drm/parameters/debug
TRACING=/sys/kernel/tracing
NCPU=$(nproc)
# Modules whose class'd callsites drm.debug is measured on.
DRM_MODULES="drm drm_kms_helper drm_display_helper ttm i915 amdgpu"
CLASSES="DRM_UT_CORE DRM_UT_DRIVER DRM_UT_KMS DRM_UT_PRIME DRM_UT_ATOMIC DRM_UT_VBL DRM_UT_STATE DRM_UT_LEASE DRM_UT_DP DRM_UT_DRMRES"

# Sum over CPUs of the CAL row ("Function call interrupts").
cal_sum() {
	awk '$1 == "CAL:" { s = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s }' /proc/interrupts
}

# Count executions of do_sync_core with a kprobe; the hit counter in
# kprobe_profile counts even with tracing off, so nothing is recorded.
sync_probe_start() {
	[ -w "$TRACING/kprobe_events" ] || mount -t tracefs tracefs "$TRACING" 2>/dev/null
	# An optimized kprobe is itself patched in later by a worker, which
	# would run syncs of its own in the middle of a measurement.
	echo 0 >/proc/sys/debug/kprobes-optimization 2>/dev/null || true
	echo 0 >"$TRACING/tracing_on"
	grep -q 'drmdbg/workbench_sync' "$TRACING/kprobe_events" 2>/dev/null ||
		echo 'p:drmdbg/workbench_sync do_sync_core' >>"$TRACING/kprobe_events"
	echo 1 >"$TRACING/events/drmdbg/workbench_sync/enable"
}
sync_hits() { awk '$1 == "workbench_sync" { print $2; exit }' "$TRACING/kprobe_profile"; }

now_ns() { date +%s%N; }

# The control file's class'd callsites of the measured modules, as
# "module class file line enabled(0|1)".
classd_sites() {
	awk -v mods=" $DRM_MODULES " '
		$NF ~ /^class:/ {
			m = $2; sub(/^\[/, "", m); sub(/\].*/, "", m)
			if (index(mods, " " m " ") == 0) next
			split($1, fl, ":")
			print m, substr($NF, 7), fl[1], fl[2], ($3 ~ /p/) ? 1 : 0
		}' "$CONTROL"
}
enabled_classd() { classd_sites | awk '$5 { n++ } END { print n + 0 }'; }
# The class'd sites in the classes of a drm.debug mask, as
# "module class file line enabled(0|1)".
classd_in_mask() {
	local mask=$(($1)) i=0 names="" c
	for c in $CLASSES; do
		[ $((mask >> i & 1)) = 1 ] && names="$names $c"
		i=$((i + 1))
	done
	classd_sites | awk -v names=" $names " 'index(names, " " $2 " ")'
}
# Per module $1: its class'd callsites (as classd_sites prints them), how
# many are enabled, how many are in the classes of mask $2, and how many
# have a class id no classmap names.
classd_of() { DRM_MODULES=$1 classd_sites; }
enabled_of() { classd_of "$1" | awk '$5' | wc -l; }
count_in() { DRM_MODULES=$1 classd_in_mask "$2" | wc -l; }
unknown_of() { awk -v m="[$1]" 'index($2, m) == 1 && / class unknown, _id:/' "$CONTROL" | wc -l; }
# The class-less callsites of module $1, as "site enabled(0|1)".
plain_sites() {
	awk -v m="[$1]" 'index($2, m) == 1 && $NF !~ /^class/ && $0 !~ / class unknown, _id:/ {
		print $1, ($3 ~ /p/) ? 1 : 0 }' "$CONTROL"
}

# measure NAME SCOPE CMD...: run the write CMD and print one JSON object:
# the sites in SCOPE (a function printing "site enabled(0|1)" lines) and
# how many of them are enabled afterwards, the exact syncs (and so
# IPIs = syncs x (ncpu - 1)), the raw CAL delta and the wall time.
measure() {
	local name=$1 scope=$2 c0 c1 s0 s1 t0 t1 syncs
	shift 2
	s0=$(sync_hits); c0=$(cal_sum); t0=$(now_ns)
	"$@"
	t1=$(now_ns); c1=$(cal_sum); s1=$(sync_hits)
	syncs=$(((s1 - s0) / NCPU))
	printf '{"pattern":"%s","syncs":%d,"ipis":%d,"cal_delta":%d,"ns":%d,%s,"ncpu":%d}\n' \
		"$name" "$syncs" $((syncs * (NCPU - 1))) $((c1 - c0)) $((t1 - t0)) \
		"$("$scope" | awk '{ n++; on += $NF } END { printf "\"sites\":%d,\"enabled\":%d", n, on }')" \
		"$NCPU"
}

# Write each line of a file to the control file as its own write(2).
control_each_line() {
	local q
	exec 3>"$CONTROL"
	while IFS= read -r q; do echo "$q" >&3; done <"$1"
	exec 3>&-
}
control_write() { echo "$1" >"$CONTROL"; }
drm_debug_write() { echo "$1" >"$DRM_DEBUG"; }

load_drm_modules() {
	local m
	for m in $DRM_MODULES; do modprobe "$m" || return 1; done
}

# check_dmesg FILE: save the kernel log to FILE and check it has no
# WARNING, BUG, Oops or lockdep/RCU splat (uses check_eq from tap.sh).
check_dmesg() {
	local re='WARNING:|BUG:|Oops|Call Trace|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage'
	local n

	dmesg --notime >"$1"
	n=$(grep -cE "$re" "$1")
	check_eq "dmesg has no WARNING/BUG/lockdep splat" "$n" 0
	[ "$n" = 0 ] || grep -E -B2 -A8 "$re" "$1" | head -60
}
