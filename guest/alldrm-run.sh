#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest of make alldrm (every DRM and accel module that builds on
# x86-64, COMPILE_TEST included): all of them loaded, 0 callsites of a
# class id that no classmap names, and each module's class'd callsites
# follow drm.debug exactly. KTAP on stdout and in $DRMDBG_OUT/alldrm.ktap.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/alldrm.ktap
ktap_begin
every_drm_module_follows
n=$(find "/lib/modules/$(uname -r)/kernel/drivers/gpu/drm" "/lib/modules/$(uname -r)/kernel/drivers/accel" \
	-name '*.ko*' | wc -l)
ktap_diag "$n DRM and accel modules built, $(lsmod | wc -l) modules loaded"
check_dmesg "$out/alldrm-dmesg.txt"
ktap_end
ktap_finish
