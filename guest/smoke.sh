#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: a short boot test for any patch of the series (used to
# check that each patch boots on its own): load drm and i915, switch every
# category on and off, check the enabled counts and a clean dmesg.
# Booted with a built-in module's classmap param on the command line
# (make bisect: test_dynamic_debug.p_disjoint_bits=...), also check that
# it survived boot: it is parsed as early as a built-in drm.debug=.
# KTAP on stdout and in $DRMDBG_OUT/smoke.ktap.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
mods=("${DRM_CORE[@]}" i915)
KTAP_FILE=$out/smoke.ktap
ktap_begin

check "modprobe ${mods[*]}" modprobe_all "${mods[@]}"
total=$(dd_sites "${mods[@]}" | classd | count)
if [ "$total" = 0 ] && ! grep -q '^CONFIG_DRM_USE_DYNAMIC_DEBUG=y' "${DRMDBG_KOBJ:-}/.config" 2>/dev/null; then
	# a patch before DRM_USE_DYNAMIC_DEBUG is selectable: drm.debug is
	# a plain bitmask, which must still read back what was written
	ktap_diag "DRM_USE_DYNAMIC_DEBUG not set in this build"
	drm_debug_write 0x3ff
	check_eq "drm.debug=0x3ff reads back" "$(cat "$DRM_DEBUG")" 1023
	drm_debug_write 0
	check_eq "drm.debug=0 reads back" "$(cat "$DRM_DEBUG")" 0
else
	check_ge "class'd callsites" "$total" 1000
	drm_debug_write 0x3ff
	check_eq "drm.debug=0x3ff: all enabled" "$(dd_sites "${mods[@]}" | classd | enabled | count)" "$total"
	drm_debug_write 0
	check_eq "drm.debug=0: none enabled" "$(dd_sites "${mods[@]}" | classd | enabled | count)" 0
fi
tdd=/sys/module/test_dynamic_debug
boot=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^test_dynamic_debug\.p_disjoint_bits=//p')
if [ -n "$boot" ] && [ -e "$tdd/parameters/p_disjoint_bits" ] && [ ! -e "$tdd/initstate" ]; then
	check_eq "built-in classmap param from the command line reads back" \
		"$(($(cat "$tdd/parameters/p_disjoint_bits")))" "$((boot))"
	# A kernel that applies classmap params to code registered after them
	# (built-in tables at dynamic_debug_init; the symbol below) must
	# have the callsites of those classes print too.
	if grep -q ' ddebug_apply_class_params$' /proc/kallsyms; then
		want=$(CLASSES="D2_CORE D2_DRIVER D2_KMS D2_PRIME D2_ATOMIC D2_VBL D2_STATE D2_LEASE D2_DP D2_DRMRES" \
			in_mask_of test_dynamic_debug "$boot")
		check_ge "... some of its callsites are in those classes" "$want" 1
		check_eq "... and exactly those print" "$(enabled_of test_dynamic_debug)" "$want"
	fi
fi
check_dmesg "$out/smoke-dmesg.txt"
ktap_finish
