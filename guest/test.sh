#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: the workbench's assertions on the real kernel. Prints
# one line per check; tallies go to $DRMDBG_OUT/guest.counts.
set -uo pipefail
here=$(dirname "$0")
. "$here/lib.sh"
. "$here/tap.sh"
out=${DRMDBG_OUT:-/tmp}
TAP_COUNTS=$out/guest.counts

echo "# loading $DRM_MODULES"
check "modprobe $DRM_MODULES" load_drm_modules
for m in i915 amdgpu; do
	check "$m is loaded" test -d "/sys/module/$m"
	n=$(classd_sites | awk -v m=$m '$1 == m' | wc -l)
	check_ge "$m class'd callsites" "$n" 1000
done
sync_probe_start

total=$(classd_sites | wc -l)
drm_debug_write 0x3ff
check_eq "drm.debug=0x3ff reads back" "$(cat "$DRM_DEBUG")" 1023
check_eq "enabled class'd callsites after drm.debug=0x3ff" "$(enabled_classd)" "$(classd_in_mask 0x3ff)"
check_eq "... which is every class'd callsite" "$(enabled_classd)" "$total"
drm_debug_write 0
check_eq "enabled class'd callsites after drm.debug=0" "$(enabled_classd)" 0
drm_debug_write 0x14
check_eq "enabled class'd callsites after drm.debug=0x14 (KMS, ATOMIC)" \
	"$(enabled_classd)" "$(classd_in_mask 0x14)"
drm_debug_write 0

dmesg >"$out/guest-dmesg.txt"
splats=$(grep -cE 'WARNING:|BUG:|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|Oops|Call Trace' "$out/guest-dmesg.txt")
check_eq "guest dmesg has no WARNING/BUG/lockdep splat" "$splats" 0
[ "$splats" = 0 ] || grep -E -A3 'WARNING:|BUG:|locking|lock state|RCU usage|Oops' "$out/guest-dmesg.txt" | head -40

tap_done
