#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: the IGT test alone, the way make test runs it (drm, i915,
# amdgpu and bochs loaded first), as KTAP on stdout and in
# $DRMDBG_OUT/igt-run.ktap, IGT's own output in $DRMDBG_OUT/igt.txt. make
# baseline runs it on the kernel without the series' batching, where its
# toggle-cost subtest must fail.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/igt-run.ktap
igt=$(dirname "$here")/tests/igt/out/core_debug_toggle
ktap_begin
check "modprobe ${DRM_CORE[*]} ${DRM_GPUS[*]} bochs" modprobe_all "${DRM_CORE[@]}" "${DRM_GPUS[@]}" bochs
if [ -x "$igt" ]; then
	ktap_igt "IGT core_debug_toggle" "$igt"
else
	ktap_fail "IGT core_debug_toggle" "missing $igt"
fi
ktap_finish
