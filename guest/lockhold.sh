#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How long one drm.debug write holds dynamic debug's locks, and what a CPU
# hotplug started during a write waits. With drm, its helpers, i915 and
# amdgpu loaded, a 0 -> 0x3ff write is timed from user space: it holds
# ddebug_lock for the whole store, and cpus_read_lock, jump_label_mutex and
# text_mutex around the walk and the text patching, so its time bounds
# theirs. Then CPU 3 is taken offline alone, and 20 ms into such a write
# (cpu_down() takes cpus_write_lock: one of the two waits for the other).
# Three rounds. Times are the guest's (under TCG, far slower than
# hardware): compare them with each other. Output: $DRMDBG_OUT/lockhold.txt.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
res=$out/lockhold.txt
: >"$res"
say() { echo "$*" | tee -a "$res"; }

modprobe_all drm "${DRM_GPUS[@]}" || { say "modprobe failed"; exit 1; }
drm_debug_write 0
say "callsites: $(dd_sites | classd | count) class'd, of $(dd_sites | count)"
# CPU hotplug: offline CPU 3 alone, then 20 ms into a 0 -> 0x3ff write
# (cpu_down waits for cpus_read_lock, which the write holds while it
# switches and patches the callsites)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
cpu=/sys/devices/system/cpu/cpu3/online
if [ -w "$cpu" ]; then
	for _ in 1 2 3; do
		t0=$(date +%s%N); drm_debug_write 0x3ff; say "a 0 -> 0x3ff write alone: $(ms "$t0") ms"
		drm_debug_write 0
		t0=$(date +%s%N); echo 0 >"$cpu"; say "cpu3 offline alone: $(ms "$t0") ms"
		echo 1 >"$cpu"
		t0=$(date +%s%N)
		drm_debug_write 0x3ff &
		sleep 0.02
		t1=$(date +%s%N); echo 0 >"$cpu"
		say "cpu3 offline started 20 ms into a 0 -> 0x3ff write: $(ms "$t1") ms (the write: $(wait; ms "$t0") ms from its start)"
		echo 1 >"$cpu"
		drm_debug_write 0
	done
fi
