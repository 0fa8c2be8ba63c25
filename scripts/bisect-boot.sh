#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and boot every patch of the series on its own: for each commit of
# the work tree, an incremental build in $KOBJ and guest/smoke.sh in a
# guest. Leaves the tree at its last commit. Slow: a build per patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$KTREE/.git" ] || die "no kernel tree (make tree)"
head=$(git -C "$KTREE" rev-parse HEAD)
frag=$(mktemp)
trap 'git -C "$KTREE" checkout -q "$head"; rm -f "$frag"' EXIT
rc=0
for c in $(git -C "$KTREE" rev-list --reverse base..HEAD); do
	git -C "$KTREE" checkout -q "$c"
	# options the fragment asks for that this commit does not have yet
	cp "$TOP/config/guest.config" "$frag"
	for o in STATIC_KEYS_QUEUED_KUNIT_TEST DYNAMIC_DEBUG_KUNIT_TEST; do
		grep -rqs "^config $o\$" "$KTREE/arch/Kconfig" "$KTREE/lib/Kconfig.debug" ||
			sed -i "/^CONFIG_$o=/d" "$frag"
	done
	subject=$(git -C "$KTREE" log -1 --format=%s "$c")
	if ! GUEST_CONFIG=$frag "$TOP/scripts/build.sh" >"$RESULTS/bisect-build.log" 2>&1; then
		echo "not ok - builds: $subject"
		rc=1
		continue
	fi
	out=$RESULTS/bisect/$(git -C "$KTREE" log -1 --format=%h "$c")
	rm -rf "$out" && mkdir -p "$out"
	if "$TOP/scripts/vm.sh" -o "$out" -t 600 -- "$TOP/guest/smoke.sh" >"$out/console.log" 2>&1; then
		echo "ok - builds and boots: $subject ($(cat "$out/smoke.counts"))"
	else
		echo "not ok - boots: $subject (see $out/console.log)"
		rc=1
	fi
done
exit $rc
