#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The test job: host checks (series, checkpatch), a fresh kernel tree
# from the series and its build, then the assertions in a guest booted
# from it. Ends with "N passed, N failed"; exits non-zero on a failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/guest/tap.sh"

mkdir -p "$RESULTS/test"
start=$(date +%s)
"$TOP/scripts/setup.sh" || die "setup failed"

echo "# kernel tree from patches/series"
if [ -e "$KTREE/.git" ] && [ -z "${CI:-}" ]; then
	check "kernel tree matches patches/ (make tree)" "$TOP/scripts/tree.sh"
else
	check "series applies to the base" env FORCE=1 "$TOP/scripts/tree.sh"
fi
tmp=$(mktemp -d)
"$TOP/scripts/export.sh" "$tmp" 2>/dev/null
check "re-exporting the tree reproduces patches/ byte for byte" diff -r "$tmp" "$TOP/patches"
rm -rf "$tmp"
for p in $(grep '\.patch$' "$TOP/patches/series"); do
	check "checkpatch --strict: $p" \
		"$KTREE/scripts/checkpatch.pl" --strict --quiet --no-tree --root="$KTREE" "$TOP/patches/$p"
done

echo "# kernel build"
bstart=$(date +%s)
if "$TOP/scripts/build.sh" >"$RESULTS/test/build.log" 2>&1; then
	tap_ok "kernel builds ($(( $(date +%s) - bstart )) s)"
else
	tail -30 "$RESULTS/test/build.log"
	tap_fail "kernel builds (log: $RESULTS/test/build.log)"
fi

echo "# guest (${VM_CPUS:-4} vCPUs)"
gout=$RESULTS/test/guest
rm -rf "$gout" && mkdir -p "$gout"
gstart=$(date +%s)
"$TOP/scripts/vm.sh" -o "$gout" -t "${GUEST_TIMEOUT:-900}" -- "$TOP/guest/test.sh" 2>&1 |
	tee "$gout/console.log" | grep -E '^(not )?ok|^#' || true
if [ -f "$gout/guest.counts" ]; then
	read -r gp gf <"$gout/guest.counts"
	TAP_PASS=$((TAP_PASS + gp)) TAP_FAIL=$((TAP_FAIL + gf))
else
	grep -vE '^(not )?ok|^#' "$gout/console.log" | tail -30
	tap_fail "guest test run finished (console: $gout/console.log)"
fi
echo "# guest phase $(( $(date +%s) - gstart )) s, all $(( $(date +%s) - start )) s"
echo "$TAP_PASS passed, $TAP_FAIL failed"
[ "$TAP_FAIL" = 0 ]
