#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make xe: the series with xe (Intel's newer DRM driver) built too, in a
# build directory of its own (build/obj-xe, a copy of build/obj when there
# is one, so only xe and what it selects are built), booted with
# drm.debug=0x1e: xe's class'd callsites follow drm.debug when it is
# loaded and after, and every one of them has a class name. Not part of
# make test: xe and the i915 display code it builds again would take a
# cold CI build past its budget.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
export KOBJ=$TOP/build/obj-xe
seed_obj "$KOBJ"
mkdir -p "$KOBJ" "$RESULTS/xe"
sed 's/^# CONFIG_DRM_XE is not set$/CONFIG_DRM_XE=m/' "$TOP/config/guest.config" >"$KOBJ/xe.config"
grep -qx 'CONFIG_DRM_XE=m' "$KOBJ/xe.config" || die "config/guest.config no longer says xe is not set"
GUEST_CONFIG=$KOBJ/xe.config "$TOP/scripts/build.sh"
log "booting with drm.debug=0x1e, loading xe"
rc=0
"$TOP/scripts/vm.sh" -o "$RESULTS/xe" -a "drm.debug=0x1e" -- "$TOP/guest/xe.sh" || rc=$?
[ -s "$RESULTS/xe/xe.ktap" ] || die "the guest left no results (exit $rc)"
ktap_totals "$RESULTS/xe/xe.ktap" && [ "$rc" = 0 ]
