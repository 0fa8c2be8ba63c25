#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest with drm built in, booted with drm.debug=0x1e: the param,
# parsed before dynamic debug's tables existed, reaches built-in drm's
# callsites and those of the drivers loaded later. KTAP on stdout and
# in $DRMDBG_OUT/builtin.ktap.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/builtin.ktap
ktap_begin

check "drm is built in" test ! -e "/sys/module/drm/initstate"
check_eq "drm.debug at boot" "$(cat "$DRM_DEBUG")" 0x1e
check_ge "built-in drm has class'd callsites" "$(dd_sites drm | classd | count)" 100
check_eq "built-in drm: enabled = DRIVER|KMS|PRIME|ATOMIC callsites" \
	"$(enabled_of drm)" "$(in_mask_of drm 0x1e)"
mods=(drm drm_kms_helper "${DRM_GPUS[@]}" vkms)
for m in "${mods[@]:1}"; do
	modprobe "$m"
	check_eq "$m loaded later: enabled = DRIVER|KMS|PRIME|ATOMIC callsites" \
		"$(enabled_of "$m")" "$(in_mask_of "$m" 0x1e)"
done
check_ge "... which are some" "$(enabled_of i915)" 1000
check_ge "vkms (class ids 1 and 2 only): some" "$(enabled_of vkms)" 1
drm_debug_write 0
for m in "${mods[@]}"; do
	check_eq "drm.debug=0: $m has none on" "$(enabled_of "$m")" 0
done
drm_debug_write 0x4
check_eq "drm.debug=0x4: exactly the KMS callsites of ${mods[*]}" \
	"$(dd_sites "${mods[@]}" | classd | enabled | count)" "$(dd_sites "${mods[@]}" | classd | in_mask 0x4 | count)"
drm_debug_write 0
check_dmesg "$out/builtin-dmesg.txt"
ktap_finish
