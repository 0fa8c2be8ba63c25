# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034 # settings for the scripts that source this
# Helpers for scripts that run in the guest (sourced). They read and
# write the real kernel interfaces: /proc/dynamic_debug/control,
# /sys/module/drm/parameters/debug, /proc/interrupts, and a kprobe on
# do_sync_core, the function every CPU runs once per text-poke sync.
#
# The control file is read in one place, dd_sites; everything else is a
# filter on its lines:
#
#   dd_sites [MODULE...]    "module class file line flags function", one
#                           callsite a line (all modules when none is
#                           named); class is "-" for a class-less callsite
#                           and "unknown:ID" for a class id no classmap
#                           names; flags without the "=", "_" for none
#   | classd                callsites of a named class
#   | unknown_class         callsites of an unnamed class id
#   | plain                 class-less callsites
#   | enabled               callsites that print (flag p)
#   | in_mask MASK          callsites in the classes of a drm.debug mask
#   | count                 how many lines
#
#   enabled_of M, in_mask_of M MASK   the counts checks use most

CONTROL=/proc/dynamic_debug/control
DRM_DEBUG=/sys/module/drm/parameters/debug
TRACING=/sys/kernel/tracing
NCPU=$(nproc)
# The DRM modules the guest loads, by role; the scripts compose these.
DRM_CORE=(drm drm_kms_helper drm_display_helper)
DRM_GPUS=(i915 amdgpu)
DRM_VIRTUAL=(bochs virtio_gpu vkms)
# drm.debug's bits, in order
CLASSES="DRM_UT_CORE DRM_UT_DRIVER DRM_UT_KMS DRM_UT_PRIME DRM_UT_ATOMIC DRM_UT_VBL DRM_UT_STATE DRM_UT_LEASE DRM_UT_DP DRM_UT_DRMRES"
# Results go to the directory scripts/vm.sh shares with the host. A
# script the host boots a guest for (test-run.sh, lateload.sh, ...) sets
# KTAP_FILE=$out/NAME.ktap before ktap_begin: scripts/test.sh reads it
# there (the console also carries kernel messages).
out=${DRMDBG_OUT:-/tmp}
export DRMDBG_OUT=$out

dd_sites() {
	awk -v mods=" $* " '
		$1 !~ /:[0-9]+$/ || $2 !~ /^\[/ { next }
		{
			m = $2; sub(/^\[/, "", m); sub(/\].*/, "", m)
			if (mods != "  " && index(mods, " " m " ") == 0) next
			c = "-"
			if (match($0, /" class:[^ ]+$/)) c = substr($0, RSTART + 8)
			else if (match($0, /" class unknown, _id:[0-9]+$/)) c = "unknown:" substr($0, RSTART + 21)
			n = split($1, fl, ":")
			f = $3; sub(/^=/, "", f)
			fn = $2; sub(/^\[[^]]*\]/, "", fn)
			print m, c, fl[1], fl[n], f, fn
		}' "$CONTROL"
}
classd() { awk '$2 != "-" && $2 !~ /^unknown:/'; }
unknown_class() { awk '$2 ~ /^unknown:/'; }
plain() { awk '$2 == "-"'; }
enabled() { awk '$5 ~ /p/'; }
count() { wc -l | tr -d ' '; }
in_mask() {
	local mask=$(($1)) i=0 names="" c
	for c in $CLASSES; do
		[ $((mask >> i & 1)) = 1 ] && names="$names $c"
		i=$((i + 1))
	done
	awk -v names="$names " 'index(names, " " $2 " ")'
}
# Shorthands for one module M: its class'd callsites that print, and
# those in the classes of drm.debug mask MASK.
enabled_of() { dd_sites "$1" | classd | enabled | count; }
in_mask_of() { dd_sites "$1" | classd | in_mask "$2" | count; }

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
# syncs_of CMD...: text-poke syncs while CMD runs
syncs_of() {
	local h0
	h0=$(sync_hits)
	"$@" >/dev/null 2>&1
	echo $((($(sync_hits) - h0) / NCPU))
}

now_ns() { date +%s%N; }

# measure NAME SCOPE CMD...: run the write CMD and print one JSON object:
# the sites in SCOPE (a function printing "site enabled(0|1)" lines) and
# how many of them are enabled afterwards, the exact syncs (and so
# IPIs = syncs x (ncpu - 1)), the raw CAL delta and the wall time.
measure() {
	local name=$1 scope=$2 c0 c1 s0 s1 t0 t1 syncs sites on
	shift 2
	s0=$(sync_hits); c0=$(cal_sum); t0=$(now_ns)
	"$@"
	t1=$(now_ns); c1=$(cal_sum); s1=$(sync_hits)
	syncs=$(((s1 - s0) / NCPU))
	read -r sites on <<<"$("$scope" | awk '{ n++; on += $NF } END { print n + 0, on + 0 }')"
	jq -nc --arg p "$name" --argjson syncs "$syncs" --argjson cal $((c1 - c0)) \
		--argjson ns $((t1 - t0)) --argjson sites "$sites" --argjson on "$on" \
		--argjson ncpu "$NCPU" \
		'{pattern: $p, syncs: $syncs, ipis: ($syncs * ($ncpu - 1)), cal_delta: $cal,
		  ns: $ns, sites: $sites, enabled: $on, ncpu: $ncpu}'
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

# modprobe_all MODULE...
modprobe_all() {
	local m
	for m in "$@"; do modprobe "$m" || return 1; done
}

# check_dmesg FILE: save the kernel log to FILE and check it has no
# WARNING, BUG, Oops or lockdep/RCU splat (check_eq is lib/ktap.sh's).
check_dmesg() {
	local re='WARNING:|BUG:|Oops|Call Trace|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage'
	local n

	dmesg --notime >"$1"
	n=$(grep -cE "$re" "$1")
	[ "$n" = 0 ] || ktap_diag "$(grep -E -B2 -A8 "$re" "$1" | head -60)"
	check_eq "dmesg has no WARNING/BUG/lockdep splat" "$n" 0
}

# every_drm_module_follows: a KTAP suite. Every DRM and accel module this
# kernel has, loaded (they register their callsites without hardware):
# none may keep a class id no classmap names, and each one's class'd
# callsites follow drm.debug exactly (all, none, one category, four).
every_drm_module_follows() {
	local kmods m loaded mask bad want got
	ktap_suite "every DRM module of this build follows drm.debug"
	kmods=$(find "/lib/modules/$(uname -r)/kernel/drivers/gpu/drm" \
		"/lib/modules/$(uname -r)/kernel/drivers/accel" \
		-name '*.ko*' 2>/dev/null | sed 's#.*/##; s/\.ko.*$//' | sort)
	check_ge "DRM modules in this build" "$(echo "$kmods" | wc -w)" 10
	for m in $kmods; do
		modprobe "$m" 2>/dev/null || ktap_diag "$m: modprobe failed"
	done
	loaded=$(dd_sites | classd | awk '$2 ~ /^DRM_UT_/ { print $1 }' | sort -u)
	ktap_diag "modules with class'd callsites: $(echo "$loaded" | wc -w) ($(echo "$loaded" | tr "\n" " "))"
	check_eq "control file: callsites of a class id no classmap names" \
		"$(dd_sites | unknown_class | count)" 0
	for mask in 0x3ff 0 0x4 0x1e 0; do
		drm_debug_write "$mask"
		bad=""
		for m in $loaded; do
			want=$(in_mask_of "$m" "$mask")
			got=$(enabled_of "$m")
			[ "$got" = "$want" ] || bad="$bad $m:$got/$want"
		done
		check_eq "drm.debug=$mask: modules whose class'd callsites differ from the mask" \
			"${bad:- none}" " none"
	done
}
