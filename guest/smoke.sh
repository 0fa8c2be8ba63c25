#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: a short boot test for any patch of the series (used to
# check that each patch boots on its own): load drm and i915, switch every
# category on and off, check the enabled counts and a clean dmesg.
set -uo pipefail
here=$(dirname "$0")
. "$here/lib.sh"
. "$here/tap.sh"
out=${DRMDBG_OUT:-/tmp}
TAP_COUNTS=$out/smoke.counts
DRM_MODULES="drm drm_kms_helper drm_display_helper i915"

check "modprobe $DRM_MODULES" load_drm_modules
total=$(classd_sites | wc -l)
check_ge "class'd callsites" "$total" 1000
drm_debug_write 0x3ff
check_eq "drm.debug=0x3ff: all enabled" "$(enabled_classd)" "$total"
drm_debug_write 0
check_eq "drm.debug=0: none enabled" "$(enabled_classd)" 0
check_dmesg "$out/smoke-dmesg.txt"
tap_done
