#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest with drm built in, booted with drm.debug=0x1e: the param,
# parsed before dynamic debug's tables existed, reaches built-in drm's
# callsites and those of the drivers loaded later.
set -uo pipefail
here=$(dirname "$0")
. "$here/lib.sh"
. "$here/tap.sh"
out=${DRMDBG_OUT:-/tmp}
TAP_COUNTS=$out/builtin.counts

mods() { awk -v m="[$1]" 'index($2, m) == 1 && $NF ~ /^class:DRM_UT_/ {
	print $1, substr($NF, 7), ($3 ~ /p/) ? 1 : 0 }' "$CONTROL"; }
# enabled and expected (class in DRIVER|KMS|PRIME|ATOMIC) of module $1
enabled_of() { mods "$1" | awk '$3' | wc -l; }
want_of() { mods "$1" | awk '$2 ~ /^DRM_UT_(DRIVER|KMS|PRIME|ATOMIC)$/' | wc -l; }

check "drm is built in" test ! -e "/sys/module/drm/initstate"
check_eq "drm.debug at boot" "$(cat "$DRM_DEBUG")" 0x1e
check_ge "built-in drm has class'd callsites" "$(mods drm | wc -l)" 100
check_eq "built-in drm: enabled = DRIVER|KMS|PRIME|ATOMIC callsites" \
	"$(enabled_of drm)" "$(want_of drm)"
for m in drm_kms_helper i915 amdgpu; do
	modprobe "$m"
	check_eq "$m loaded later: enabled = DRIVER|KMS|PRIME|ATOMIC callsites" \
		"$(enabled_of "$m")" "$(want_of "$m")"
done
check_ge "... which are some" "$(enabled_of i915)" 1000
check_dmesg "$out/builtin-dmesg.txt"
tap_done
