#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How long one drm.debug write holds dynamic debug's locks, and what a CPU
# hotplug started during a write waits. With drm, its helpers, i915 and
# amdgpu loaded: a kprobe and a kretprobe on ddebug_apply_class_bitmap()
# (which holds ddebug_lock throughout, and cpus_read_lock, jump_label_mutex
# and text_mutex around its walk and apply) time 0 -> 0x3ff and back, five
# times each, from the trace's own timestamps. Then CPU 3 is taken offline
# alone, and again right after a 0 -> 0x3ff write was started. Times are
# the guest's (under TCG, far slower than hardware): compare them with each
# other. Output: $DRMDBG_OUT/lockhold.txt.
set -uo pipefail
here=$(dirname "$0")
. "$here/lib.sh"
res=$out/lockhold.txt
: >"$res"
say() { echo "$*" | tee -a "$res"; }

modprobe_all drm i915 amdgpu || { say "modprobe failed"; exit 1; }
drm_debug_write 0
say "callsites: $(dd_sites | classd | count) class'd, of $(dd_sites | count)"
ev=$TRACING/kprobe_events
echo 'p:lockhold/enter ddebug_apply_class_bitmap' >>"$ev"
echo 'r:lockhold/exit ddebug_apply_class_bitmap' >>"$ev"
echo 1 >"$TRACING/events/lockhold/enable"
echo >"$TRACING/trace"
for _ in 1 2 3 4 5; do
	drm_debug_write 0x3ff
	drm_debug_write 0
done
echo 0 >"$TRACING/events/lockhold/enable"
# pairs of enter/exit timestamps (seconds) -> microseconds held
awk '/lockhold:enter/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) t = $i + 0 }
     /lockhold:exit/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) {
		d = ($i + 0 - t) * 1e6; n++; s += d; if (d > max) max = d } }
     END { printf "ddebug_apply_class_bitmap: %d writes, mean %.0f us, max %.0f us held\n", n, s / n, max }' \
	"$TRACING/trace" | tee -a "$res"
echo '-:lockhold/enter' >>"$ev"
echo '-:lockhold/exit' >>"$ev"

# CPU hotplug: offline CPU 3 alone, then right after a write was started
cpu=/sys/devices/system/cpu/cpu3/online
if [ -w "$cpu" ]; then
	t0=$(date +%s%N); echo 0 >"$cpu"; t1=$(date +%s%N); echo 1 >"$cpu"
	say "cpu3 offline alone: $(( (t1 - t0) / 1000 )) us"
	for _ in 1 2 3; do
		drm_debug_write 0
		(drm_debug_write 0x3ff) &
		t0=$(date +%s%N); echo 0 >"$cpu"; t1=$(date +%s%N)
		wait; echo 1 >"$cpu"
		say "cpu3 offline started during a 0 -> 0x3ff write: $(( (t1 - t0) / 1000 )) us"
	done
	drm_debug_write 0
fi
