#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest (make scale boots it with 1, 2, 4 and 8 vCPUs, on the
# series and on the baseline): the cost of one drm.debug write 0 -> 0x3ff
# and back as the number of class'd callsites grows -- drm and its
# helpers; + i915; + amdgpu; + every other DRM module of the config --
# and the cost of loading i915 under drm.debug=0x1e, unloading it and
# loading it again. One JSON object a
# line in $DRMDBG_OUT/scale.jsonl: stage, sites, syncs (exact, kprobe
# on do_sync_core), IPIs = syncs x (ncpu - 1), ms.
set -euo pipefail
. "$(dirname "$0")/callsites.sh"
j=$out/scale.jsonl
: >"$j"
sites() { dd_sites | classd | awk '{ print $0, ($5 ~ /p/) }'; }
# record JSON STAGE WRITE: measure's object with the stage and the write added
record() { jq -c --arg s "$2" --arg w "$3" '. + {stage: $s, write: $w}' <<<"$1" >>"$j"; }

# one_write STAGE: 0 -> 0x3ff and back, each measured
one_write() {
	local m
	m=$(measure "$1:on" sites drm_debug_write 0x3ff)
	record "$m" "$1" on
	m=$(measure "$1:off" sites drm_debug_write 0)
	record "$m" "$1" off
}

modprobe_all "${DRM_CORE[@]}" ttm
sync_probe_start
drm_debug_write 0
one_write drm
# a module load under 0x1e: the sites it brings, and every text-poke sync
# of the load (static calls, alternatives, jump labels)
drm_debug_write 0x1e
m=$(measure "load-i915" sites modprobe i915)
record "$m" load-i915 load
m=$(measure "unload-i915" sites rmmod i915)
record "$m" unload-i915 unload
m=$(measure "reload-i915" sites modprobe i915)
record "$m" reload-i915 load
drm_debug_write 0
one_write +i915
modprobe amdgpu
one_write +amdgpu
for m in bochs virtio_gpu vkms vgem; do modprobe "$m" 2>/dev/null || true; done
one_write +all
cat "$j"
