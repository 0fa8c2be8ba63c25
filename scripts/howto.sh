#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make howto: every example query of the base's dynamic-debug-howto.rst
# (scripts/howto-queries.py) run by guest/howto.py on the baseline kernel
# (make baseline: the base with only the Kconfig patch) and on the
# series, before and after the DRM modules are loaded and as a modprobe
# dyndbg= parameter, then compared (scripts/howto-compare.py): a query
# documented before the series must have the same outcome and leave the
# same callsites with the same flags. KTAP in results/howto/howto.ktap;
# exit 0 iff all match.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$RESULTS/howto
base_obj=${BASELINE_KOBJ:-$TOP/build/obj-baseline}
[ -f "$base_obj/arch/x86/boot/bzImage" ] || die "no baseline kernel in $base_obj (make baseline)"
mods=(drm drm_kms_helper drm_display_helper ttm bochs test_dynamic_debug)
rm -rf "$out"
mkdir -p "$out/series" "$out/baseline"
git --git-dir="$BASE_GIT" show base:Documentation/admin-guide/dynamic-debug-howto.rst |
	"$TOP/scripts/howto-queries.py" - >"$out/queries.json"
log "howto: $(jq length "$out/queries.json") example queries of the base's howto"
log "howto: the series"
"$TOP/scripts/vm.sh" -o "$out/series" -- "$TOP/guest/howto.py" \
	"$out/queries.json" "$out/series/howto.json" "${mods[@]}" >"$out/series/guest.log" 2>&1 ||
	{ tail -20 "$out/series/guest.log"; die "the series guest failed"; }
log "howto: the baseline"
KOBJ=$base_obj KTREE=${BASELINE_KTREE:-$TOP/build/linux-baseline} \
	"$TOP/scripts/vm.sh" -o "$out/baseline" -- "$TOP/guest/howto.py" \
	"$out/queries.json" "$out/baseline/howto.json" "${mods[@]}" >"$out/baseline/guest.log" 2>&1 ||
	{ tail -20 "$out/baseline/guest.log"; die "the baseline guest failed"; }
rc=0
"$TOP/scripts/howto-compare.py" "$out/baseline/howto.json" "$out/series/howto.json" \
	>"$out/howto.ktap" || rc=$?
grep -E '^(not ok|# )' "$out/howto.ktap" | head -40
tail -1 "$out/howto.ktap"
exit $rc
