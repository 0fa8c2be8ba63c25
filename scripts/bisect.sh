#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and boot every patch of the series on its own: for each commit of
# the work tree, an incremental build in build/obj-bisect (seeded from
# build/obj, so make test's build is left as it is) and guest/smoke.sh in
# a guest. Leaves the tree at its last commit. Slow: a build per patch.
# KTAP on stdout and in results/bisect.ktap, one subtest per patch, then
# the totals.
#
# Built-in classmap params: drm is a module in the guest config, so
# test_dynamic_debug is built in here instead and the guest boots with
# its classmap param on the command line. That param is parsed by the
# same code as a built-in drm.debug=, before mm_core_init() and before
# dynamic debug's tables exist, so every patch is checked for keeping a
# boot-time classmap param (smoke.sh reads it back, and counts the
# callsites it enabled once the series applies it to built-in code).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/lib/ktap.sh"

[ -e "$KTREE/.git" ] || die "no kernel tree (make tree)"
export KOBJ=${BISECT_KOBJ:-$TOP/build/obj-bisect}
seed_obj "$KOBJ"
# the branch to come back to (a bare commit would leave the tree detached)
head=$(git -C "$KTREE" symbolic-ref -q --short HEAD || git -C "$KTREE" rev-parse HEAD)
frag=$(mktemp)
trap 'git -C "$KTREE" checkout -q "$head"; rm -f "$frag"' EXIT
mkdir -p "$RESULTS/bisect"
commits=$(git -C "$KTREE" rev-list --reverse base..HEAD)
KTAP_FILE=$RESULTS/bisect.ktap
ktap_begin "$(echo "$commits" | wc -l)"
# BISECT_FROM=N: start at the Nth patch (the ones before it unchanged since
# a full make bisect; each is listed, skipped).
n=0
for c in $commits; do
	n=$((n + 1))
	if [ "$n" -lt "${BISECT_FROM:-1}" ]; then
		ktap_suite "$(git -C "$KTREE" log -1 --format='%h %s' "$c")"
		ktap_skip "builds and boots" "BISECT_FROM=${BISECT_FROM}"
		ktap_end
		continue
	fi
	git -C "$KTREE" checkout -q "$c"
	ktap_suite "$(git -C "$KTREE" log -1 --format='%h %s' "$c")"
	# the fragment less what this commit does not define yet
	config_for_tree "$TOP/config/guest.config" "$KTREE" 2>/dev/null |
		sed 's/^CONFIG_TEST_DYNAMIC_DEBUG=m$/CONFIG_TEST_DYNAMIC_DEBUG=y/' >"$frag"
	out=$RESULTS/bisect/$(git -C "$KTREE" log -1 --format=%h "$c")
	rm -rf "$out" && mkdir -p "$out"
	if GUEST_CONFIG=$frag "$TOP/scripts/kernel.sh" >"$out/build.log" 2>&1; then
		ktap_ok "builds"
		rc=0
		"$TOP/scripts/vm.sh" -o "$out" -a "test_dynamic_debug.p_disjoint_bits=0x1e" \
			-- "$TOP/guest/smoke.sh" >"$out/console.log" 2>&1 || rc=$?
		ktap_embed "boots: guest/smoke.sh" "$out/smoke.ktap" "$rc"
	else
		ktap_diag "$(tail -20 "$out/build.log")"
		ktap_fail "builds (log: ${out#"$TOP"/}/build.log)"
	fi
	ktap_end
done
ktap_finish || true
ktap_totals "$KTAP_FILE"
