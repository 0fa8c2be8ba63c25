#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: where the time of one drm.debug write goes. drm, i915 and
# amdgpu loaded; first the write 0 -> 0x3ff and back, and a no-op write,
# untraced (PROFILE_REPEAT times each, median); then each once under the
# function_graph tracer restricted to the functions of the write's path
# (the sysfs store, the queued static keys, the x86 queue and batch, each
# text_poke(), the sync rounds; dynamic debug's own walk is what the store
# spends outside them: lib/dynamic_debug.c is not traceable), and
# per function: calls, total inclusive time, share of the whole write.
# The tracer's own cost per traced call is part of what it shows (the
# untraced times are the reference). Last, the whole write sampled, with
# no tracer: the kernel's profiler (boot option profile=2, which make
# profile passes) counts at each timer tick the function the CPU was in,
# over PROFILE_PAIRS write pairs 0 -> 0x3ff -> 0; on the instruction clock
# a tick comes every 10^6 instructions, so the counts say where the
# write's instructions go: dynamic debug, key queueing, lockdep, sorting,
# the batch. Writes $DRMDBG_OUT/profile.txt, profile-sampled.txt and
# profile.json.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
reps=${PROFILE_REPEAT:-3}
modprobe_all "${DRM_CORE[@]}" "${DRM_GPUS[@]}" || exit 1
[ -w "$TRACING/current_tracer" ] || mount -t tracefs tracefs "$TRACING"
echo 0 >/proc/sys/debug/kprobes-optimization 2>/dev/null || true
sites=$(dd_sites | classd | count)

ms_of() { local t0; t0=$(now_ns); "$@"; echo $((($(now_ns) - t0) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
untraced() {
	local i on off noop
	for i in $(seq "$reps"); do
		on=$(ms_of drm_debug_write 0x3ff)
		noop=$(ms_of drm_debug_write 0x3ff)
		off=$(ms_of drm_debug_write 0)
		echo "$on $off $noop"
	done >"$out/profile-untraced.txt"
	for i in 1 2 3; do awk -v c="$i" '{ print $c }' "$out/profile-untraced.txt" | median; done | paste -sd ' '
}
echo "# profile: untraced writes" >&2
untraced >"$out/profile-medians.txt"
read -r u_on u_off u_noop <"$out/profile-medians.txt"
# the walk alone: every class'd callsite matched and changed, no key
walk_q=$(for c in $CLASSES; do printf 'class %s +m;' "$c"; done)
unwalk_q=$(for c in $CLASSES; do printf 'class %s -m;' "$c"; done)
control_write() { echo "$1" >"$CONTROL"; }
for _ in $(seq "$reps"); do
	ms_of control_write "$walk_q"
	control_write "$unwalk_q"
done | median >"$out/profile-walk.txt"
read -r u_walk <"$out/profile-walk.txt"

# Only the x86 batch and its parts are traced. function_graph cannot
# trace the jump-label and static-key functions themselves: enabling it
# patches text through them, and with them in its filter the write that
# enables the tracer does not return. The filter leaves them out.
# Dynamic debug's walk and the queueing are what the store spends outside
# the batch, split further by a write that changes only a decoration flag
# (+m: the same walk, no key).
funcs="smp_text_poke_batch_finish text_poke smp_text_poke_sync_each_cpu"
traced=""
cp "$TRACING/available_filter_functions" "$out/profile-available.txt"
for f in $funcs; do grep -qx "$f" "$out/profile-available.txt" && traced="$traced $f"; done
rm -f "$out/profile-available.txt"
echo "# profile: tracing$traced" >&2
echo 0 >"$TRACING/tracing_on"
echo nop >"$TRACING/current_tracer"
echo 4096 >"$TRACING/buffer_size_kb"
echo "$traced" | tr ' ' '\n' | grep . >"$TRACING/set_ftrace_filter" || exit 1
[ "$(grep -c . "$TRACING/set_ftrace_filter")" -ge 1 ] || exit 1
echo 1 >"$TRACING/options/funcgraph-tail"
echo function_graph >"$TRACING/current_tracer"

# trace_write NAME VALUE: one traced write, its per-function summary
trace_write() {
	echo >"$TRACING/trace"
	echo 1 >"$TRACING/tracing_on"
	drm_debug_write "$2"
	echo 0 >"$TRACING/tracing_on"
	# "  1)   3.456 us    |  text_poke();" or "... |  } /* text_poke */"
	awk -v w="$1" '
		match($0, /[0-9]+(\.[0-9]+)? us/) {
			d = substr($0, RSTART, RLENGTH - 3)
			f = ""
			if (match($0, /\} \/\* [A-Za-z0-9_.]+ \*\//)) f = substr($0, RSTART + 5, RLENGTH - 8)
			else if (match($0, /[A-Za-z0-9_.]+\(\);/)) f = substr($0, RSTART, RLENGTH - 3)
			if (f == "") next
			n[f]++; t[f] += d
		}
		END { for (f in n) printf "%s %s %d %.3f\n", w, f, n[f], t[f] / 1000 }' "$TRACING/trace"
}
echo "# profile: traced writes" >&2
{
	trace_write on 0x3ff
	trace_write off 0
	trace_write no-op 0
} >"$out/profile-traced.txt"
echo nop >"$TRACING/current_tracer"
echo >"$TRACING/set_ftrace_filter"
echo 1408 >"$TRACING/buffer_size_kb"

# the sampled profile: ticks per function, the idle loop left out
sampled() {
	local pairs=${PROFILE_PAIRS:-30} i
	[ -w /proc/profile ] || { echo "no /proc/profile (boot with profile=2)"; return; }
	echo 0 >/proc/profile
	for i in $(seq "$pairs"); do
		drm_debug_write 0x3ff
		drm_debug_write 0
	done
	readprofile -p /proc/profile -m "$DRMDBG_KOBJ/System.map" |
		awk -v pairs="$pairs" '
			$2 == "total" || $2 ~ /(safe_halt|idle)/ { next }
			{ n[$2] = $1; all += $1 }
			END {
				printf "%d ticks in %d write pairs (%.1f a write), by function:\n", all, pairs, all / (2 * pairs)
				fflush()
				for (f in n) if (n[f] * 200 >= all) printf "  %-40s %6d %5.1f%%\n", f, n[f], 100 * n[f] / all | "sort -k2,2nr"
				close("sort -k2,2nr")
			}'
}
echo "# profile: sampled writes" >&2
sampled >"$out/profile-sampled.txt"

{
	echo "one drm.debug write, $sites class'd callsites, $NCPU CPUs (TCG)"
	echo "untraced, median of $reps: 0 -> 0x3ff $u_on ms, 0x3ff -> 0 $u_off ms, no-op $u_noop ms," \
		"the same walk changing only +m (no key) $u_walk ms"
	echo "traced (function_graph on$traced):"
	for w in on off no-op; do
		top=$(awk -v w="$w" '$1 == w && $2 == "smp_text_poke_batch_finish" { print $4 }' "$out/profile-traced.txt")
		echo "-- write $w: the x86 batch $top ms traced (shares of it)"
		awk -v w="$w" -v top="${top:-0}" '$1 == w {
			printf "   %-36s %8d calls %10.1f ms %6.1f%%\n", $2, $3, $4, (top > 0 ? 100 * $4 / top : 0) }' \
			"$out/profile-traced.txt" | sort -k4,4nr
	done
	echo "sampled (kernel profiler, no tracer; functions with >= 0.5% of the ticks):"
	cat "$out/profile-sampled.txt"
} >"$out/profile.txt"
jq -Rn --arg on "$u_on" --arg off "$u_off" --arg noop "$u_noop" --arg walk "$u_walk" --argjson sites "$sites" --argjson ncpu "$NCPU" '
	{ sites: $sites, ncpu: $ncpu,
	  untraced_ms: { on: ($on | tonumber), off: ($off | tonumber), noop: ($noop | tonumber), walk_only: ($walk | tonumber) },
	  traced: [inputs | split(" ") | { write: .[0], function: .[1], calls: (.[2] | tonumber), ms: (.[3] | tonumber) }] }' \
	<"$out/profile-traced.txt" >"$out/profile.json"
cat "$out/profile.txt"
