#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest booted with drm.debug=0x1e on the kernel command line:
# drm.debug reaches drivers loaded after it was set, and every DRM
# module with class'd callsites, with exact counts. Tallies go to
# $DRMDBG_OUT/lateload.counts.
set -uo pipefail
here=$(dirname "$0")
. "$here/lib.sh"
. "$here/tap.sh"
out=${DRMDBG_OUT:-/tmp}
TAP_COUNTS=$out/lateload.counts
budget=$((3 * (NCPU - 1)))

# syncs_of CMD...: text-poke syncs while CMD runs
syncs_of() {
	local h0
	h0=$(sync_hits)
	"$@" >/dev/null 2>&1
	echo $((($(sync_hits) - h0) / NCPU))
}
DRM_MODULES="drm drm_kms_helper drm_display_helper ttm i915 amdgpu bochs virtio_gpu"

check "kernel command line has drm.debug=0x1e" grep -q 'drm.debug=0x1e' /proc/cmdline
sync_probe_start
modprobe drm
check_eq "drm.debug after modprobe drm" "$(cat "$DRM_DEBUG")" 0x1e
check_eq "drm: enabled class'd callsites = DRIVER|KMS|PRIME|ATOMIC ones" \
	"$(enabled_of drm)" "$(count_in drm 0x1e)"
modprobe drm_kms_helper
modprobe drm_display_helper
modprobe ttm

for m in i915 amdgpu; do
	modprobe "$m"
	check "$m loaded" test -d "/sys/module/$m"
	check_ge "$m: class'd callsites" "$(classd_of "$m" | wc -l)" 1000
	check_eq "$m: enabled = its DRIVER|KMS|PRIME|ATOMIC callsites, others off" \
		"$(enabled_of "$m")" "$(count_in "$m" 0x1e)"
	# Reload it (rmmod keeps its dependencies loaded, so both loads do
	# the same) with drm.debug=0, then 0x1e: the difference in syncs is
	# what applying drm.debug to its debug callsites costs.
	rmmod "$m"
	drm_debug_write 0
	off=$(syncs_of modprobe "$m")
	check_eq "$m reloaded with drm.debug=0: none enabled" "$(enabled_of "$m")" 0
	rmmod "$m"
	drm_debug_write 0x1e
	on=$(syncs_of modprobe "$m")
	check_eq "$m reloaded with drm.debug=0x1e: its DRIVER|KMS|PRIME|ATOMIC callsites" \
		"$(enabled_of "$m")" "$(count_in "$m" 0x1e)"
	check_le "$m: IPIs a load adds for its debug callsites ($on - $off syncs)" \
		$(((on - off) * (NCPU - 1))) "$budget"
	check_ge "... which is one batch, not nothing" $((on - off)) 1
done

echo "# modules without a classmap of their own"
drm_debug_write 0x3ff
for m in bochs virtio_gpu; do
	modprobe "$m"
	check "$m loaded" test -d "/sys/module/$m"
	check_eq "$m: no callsite of an unknown class" "$(unknown_of "$m")" 0
	check_ge "$m: class'd callsites" "$(classd_of "$m" | wc -l)" 1
done
all=$(for m in $DRM_MODULES; do classd_of "$m"; done | wc -l)
check_eq "drm.debug=0x3ff: every class'd callsite of every DRM module enabled" \
	"$(for m in $DRM_MODULES; do classd_of "$m"; done | awk '$5' | wc -l)" "$all"
drm_debug_write 0
check_eq "drm.debug=0: none enabled" \
	"$(for m in $DRM_MODULES; do classd_of "$m"; done | awk '$5' | wc -l)" 0
rmmod virtio_gpu
modprobe virtio_gpu
check_eq "virtio_gpu reloaded under drm.debug=0: none enabled" "$(enabled_of virtio_gpu)" 0
drm_debug_write 0x3ff
rmmod virtio_gpu
modprobe virtio_gpu
check_eq "virtio_gpu reloaded under drm.debug=0x3ff: all its class'd callsites" \
	"$(enabled_of virtio_gpu)" "$(classd_of virtio_gpu | wc -l)"
drm_debug_write 0

echo "# conflicting classmaps"
check_eq "no classmap conflict so far" "$(dmesg | grep -c 'in one classmap and')" 0
# test_dynamic_debug names class ids 0-9 D2_CORE... where drm has DRM_UT_CORE...
bochs_classd=$(classd_of bochs | wc -l)
modprobe test_dynamic_debug
rmmod bochs
modprobe bochs
check_ge "bochs loaded beside test_dynamic_debug: conflicts warned about" \
	"$(dmesg | grep -c 'module bochs: class id [0-9]* is .* in one classmap and .* in another')" 1
check_eq "... and its class'd callsites left unnamed, not misrouted" \
	"$(unknown_of bochs)" "$bochs_classd"
rmmod bochs test_dynamic_debug
modprobe bochs
check_eq "bochs reloaded without the conflict: named again" "$(unknown_of bochs)" 0

check_dmesg "$out/lateload-dmesg.txt"
tap_done
