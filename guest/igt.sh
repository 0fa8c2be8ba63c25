#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: the IGT test alone, the way make test runs it (drm, i915,
# amdgpu and bochs loaded first), as KTAP on stdout and in
# $DRMDBG_OUT/igt-run.ktap, IGT's own output in $DRMDBG_OUT/igt.txt. make
# baseline runs it on the kernel without the series' batching, where its
# toggle-cost subtest must fail. A flag set through the control file
# before it must be back after it.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/igt-run.ktap
igt=$(dirname "$here")/tests/igt/out/core_debug_toggle
ktap_begin
check "modprobe ${DRM_CORE[*]} ${DRM_GPUS[*]} bochs" modprobe_all "${DRM_CORE[@]}" "${DRM_GPUS[@]}" bochs
if [ -x "$igt" ]; then
	# a flag set through the control file, outside any mask, survives
	site=$(dd_sites i915 | classd | head -1 | awk '{ print "module " $1 " file " $3 " line " $4 " class " $2 }')
	control_write "$site +pt"
	ktap_igt "IGT core_debug_toggle" "$igt"
	check_eq "after IGT: the flags set through the control file are back ($site)" \
		"$(dd_sites i915 | classd | head -1 | awk '{ print $5 }')" pt
else
	ktap_fail "IGT core_debug_toggle" "missing $igt"
fi
ktap_finish
