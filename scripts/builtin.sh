#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo-builtin: build the series with drm built in (a second build
# tree, build/obj-builtin), boot it with drm.debug=0x1e on the command
# line, and check that built-in drm and the drivers loaded later follow
# it. Not part of make test: the second build does not fit CI's budget
# next to the first on a cold cache. It starts as a copy of build/obj
# when there is one, so only what drm built in changes is rebuilt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
export KOBJ=$TOP/build/obj-builtin
seed_obj "$KOBJ"
mkdir -p "$KOBJ" "$RESULTS/builtin"
# guest.config, less the symbols builtin-drm.config sets, then those
over=$(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p' "$TOP/config/builtin-drm.config" | paste -sd '|')
{
	grep -v -E "^($over)=" "$TOP/config/guest.config"
	cat "$TOP/config/builtin-drm.config"
} >"$KOBJ/builtin.config"
GUEST_CONFIG=$KOBJ/builtin.config "$TOP/scripts/build.sh"
grep -qx 'CONFIG_DRM=y' "$KOBJ/.config" || die "drm is not built in"
log "booting with drm.debug=0x1e, drm built in"
rc=0
"$TOP/scripts/vm.sh" -o "$RESULTS/builtin" -a "drm.debug=0x1e" -- "$TOP/guest/builtin.sh" || rc=$?
[ -s "$RESULTS/builtin/builtin.ktap" ] || die "the guest left no results (exit $rc)"
ktap_totals "$RESULTS/builtin/builtin.ktap" && [ "$rc" = 0 ]
