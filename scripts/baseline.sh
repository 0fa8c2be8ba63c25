#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make baseline: the "before" of the before/after table. The base kernel
# with only the series' Kconfig patch (the one that lets
# DRM_USE_DYNAMIC_DEBUG be selected: nothing batched, drm.debug one batch
# per callsite) in its own tree and build directory (build/linux-baseline,
# build/obj-baseline; ccache shares the objects), the same guest config
# (less what that tree does not define), the same guest and the same guest/measure.sh, into
# results/baseline/measure.json. make demo then reports both. Then the
# IGT test on the same kernel (results/baseline/igt.txt): its toggle-cost
# subtest is expected to fail there, the IPI budget is the series'.
# BASELINE_STOP=config stops once the kernel is configured.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
first=$(cd "$TOP/patches" && grep -l '^-[[:space:]]*depends on BROKEN' -- *.patch | head -1) ||
	die "no patch of the series makes DRM_USE_DYNAMIC_DEBUG selectable"
export KTREE=${BASELINE_KTREE:-$TOP/build/linux-baseline}
export KOBJ=${BASELINE_KOBJ:-$TOP/build/obj-baseline}
out=$RESULTS/baseline
stamp=$KTREE/.git/drmdbg-baseline
want=$(cat "$BASE_GIT/refs/heads/base" 2>/dev/null || git --git-dir="$BASE_GIT" rev-parse base)
# the patch's change, not its header (renumbering the series changes that)
want="$want $(sed -n '/^diff --git/,$p' "$TOP/patches/$first" | sha1sum)"

# The tree: kept while base and that patch are unchanged, so the build in
# $KOBJ stays incremental.
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	log "baseline tree: base + $first"
	rm -rf "$KTREE"
	mkdir -p "$(dirname "$KTREE")"
	git clone -q --shared -b base "$BASE_GIT" "$KTREE"
	git -C "$KTREE" -c user.name=drm-dbg -c user.email=drm-dbg@localhost \
		am -q --keep-cr --committer-date-is-author-date "$TOP/patches/$first" ||
		die "$first does not apply to the base"
	echo "$want" >"$stamp"
fi

mkdir -p "$KOBJ" "$out"
config_for_tree "$TOP/config/guest.config" "$KTREE" >"$KOBJ/baseline.config"
GUEST_CONFIG=$KOBJ/baseline.config BUILD_STOP=${BASELINE_STOP:-} "$TOP/scripts/kernel.sh"
[ "${BASELINE_STOP:-}" != config ] || exit 0
log "booting the baseline in a ${VM_CPUS:-4}-vCPU guest and measuring"
VM_ICOUNT=${VM_ICOUNT:-1} "$TOP/scripts/vm.sh" -o "$out" -- "$TOP/guest/measure.sh" >"$out/guest.log" 2>&1 ||
	{ tail -30 "$out/guest.log"; die "baseline measurement failed (log: $out/guest.log)"; }
"$TOP/scripts/report.sh" "$out/measure.json"
log "the IGT test on the baseline (its toggle-cost subtest should fail: no batching)"
"$TOP/scripts/vm.sh" -o "$out" -- "$TOP/guest/igt.sh" >"$out/igt-guest.log" 2>&1 || true
if [ -s "$out/igt.txt" ]; then
	grep -E '^(Subtest|Dynamic subtest) .*: (SUCCESS|FAIL|SKIP)' "$out/igt.txt" | sed 's/^/IGT on the baseline: /'
else
	echo "IGT on the baseline: no results (log: ${out#"$TOP"/}/igt-guest.log)"
fi
