#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The build-time guard of DRM_CLASSMAP_USE(), tested on a planted driver
# (tests/kmod-planted, a module with one drm_dbg_kms() callsite) built
# against $KOBJ: without the USE line the build must fail, with modpost
# naming the module and the line to add; with it (PLANTED_USE=y) the
# module must build. For built-in code, on a stand-in vmlinux.o, a warning.
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

# Built in: modpost reads vmlinux.o. An object with the reference a
# drm_dbg() callsite of built-in module "drm_planted" leaves, and no mark,
# stands in for a vmlinux.o: modpost warns (in vmlinux.o it checks names,
# and kbuild builds some objects under another module's name); with the
# mark (DRM_CLASSMAP_USE()) it is silent.
v=$mo/vmlinux
mkdir -p "$v"
cat >"$v/ref.c" <<'EOC'
extern const char __drm_classmap_use_drm_planted;
static const char *ref __attribute__((used, section(".discard.drm_classmap_use"))) =
	&__drm_classmap_use_drm_planted;
#ifdef MARK
const char __drm_classmap_use_drm_planted
	__attribute__((weak, used, section(".discard.drm_classmap_mark"))) = 0;
#endif
EOC
want_b="WARNING: modpost: drm_planted (built in): drm_dbg() callsites without DRM_CLASSMAP_USE(drm_debug_classes)"
gcc -c "$v/ref.c" -o "$v/vmlinux.o"
(cd "$v" && "$KOBJ/scripts/mod/modpost" -o Module.symvers vmlinux.o) >"$log" 2>&1 || true
grep -qF "$want_b" "$log" || { cat "$log" >&2; die "modpost did not say: $want_b"; }
log "built in, without DRM_CLASSMAP_USE(): $(grep -F "$want_b" "$log" | head -1)"
gcc -DMARK -c "$v/ref.c" -o "$v/vmlinux.o"
(cd "$v" && "$KOBJ/scripts/mod/modpost" -o Module.symvers vmlinux.o) >"$log" 2>&1 ||
	{ cat "$log" >&2; die "modpost failed on a vmlinux.o with DRM_CLASSMAP_USE()"; }
! grep -q "drm_dbg() callsites" "$log" || { cat "$log" >&2; die "modpost warned about a vmlinux.o with DRM_CLASSMAP_USE()"; }
log "built in, with DRM_CLASSMAP_USE(): modpost passes"
