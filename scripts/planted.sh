#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The build-time guard of DRM_CLASSMAP_USE(), tested on a planted driver
# (tests/kmod-planted, a module with one drm_dbg_kms() callsite) built
# against $KOBJ: without the USE line the build must fail, with modpost
# naming the module and the line to add; with it (PLANTED_USE=y) the
# module must build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -f "$KOBJ/Module.symvers" ] || die "no kernel build in $KOBJ (make kernel)"
ccache_env
mo=$KOBJ/tests-kmod-planted
log=$mo.log
mk=(make -s -C "$KTREE" O="$KOBJ" CC="ccache gcc" HOSTCC="ccache gcc" M="$TOP/tests/kmod-planted" MO="$mo")
want="drm_planted: drm_dbg() callsites without DRM_CLASSMAP_USE(drm_debug_classes)"

rm -rf "$mo"
if "${mk[@]}" modules >"$log" 2>&1; then
	die "drm_planted without DRM_CLASSMAP_USE() built (log: $log)"
fi
grep -qF "$want" "$log" || { cat "$log" >&2; die "the build failed, but not with: $want"; }
log "without DRM_CLASSMAP_USE(): $(grep -F "$want" "$log" | head -1)"
rm -rf "$mo"
"${mk[@]}" PLANTED_USE=y modules >"$log" 2>&1 || { cat "$log" >&2; die "drm_planted with DRM_CLASSMAP_USE() failed to build"; }
[ -f "$mo/drm_planted.ko" ] || die "no $mo/drm_planted.ko"
log "with DRM_CLASSMAP_USE(): drm_planted.ko builds"
