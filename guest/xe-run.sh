#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest booted with drm.debug=0x1e (make xe): xe loaded under it has
# exactly the callsites of those classes on; it follows later writes;
# unloaded and loaded again under another value it takes that one; none
# of its class'd callsites lacks a class name (xe declares drm's
# classmap, and has no DRM_UT_CORE callsite: ids with a gap). KTAP on
# stdout and in $DRMDBG_OUT/xe.ktap.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/xe.ktap
ktap_begin
ktap_suite "xe follows drm.debug"
check "modprobe xe" modprobe xe
# drm is a module too: drm.debug=0x1e from the command line is its
# parameter when modprobe xe loads it
check_eq "drm.debug from the command line" "$(cat "$DRM_DEBUG")" 0x1e
n=$(dd_sites xe | classd | count)
ktap_diag "xe: $n class'd callsites, $(dd_sites xe | classd | in_mask 0x1 | count) of class CORE"
check_ge "xe: class'd callsites" "$n" 100
check_eq "xe: no callsite of an unknown class" "$(dd_sites xe | unknown_class | count)" 0
check_eq "xe loaded under 0x1e: enabled = its DRIVER|KMS|PRIME|ATOMIC callsites" \
	"$(enabled_of xe)" "$(in_mask_of xe 0x1e)"
check_ge "... which are some" "$(enabled_of xe)" 1
drm_debug_write 0x3ff
check_eq "xe: drm.debug=0x3ff: all on" "$(enabled_of xe)" "$n"
drm_debug_write 0
check_eq "xe: drm.debug=0: none on" "$(enabled_of xe)" 0
check "rmmod xe" rmmod xe
drm_debug_write 0x4
check "modprobe xe again" modprobe xe
check_eq "xe loaded under 0x4: enabled = its KMS callsites" "$(enabled_of xe)" "$(in_mask_of xe 0x4)"
check_ge "... which are some" "$(enabled_of xe)" 1
drm_debug_write 0
check_eq "xe: drm.debug=0: none on" "$(enabled_of xe)" 0
check_dmesg "$out/xe-dmesg.txt"
ktap_end
ktap_finish
