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
# The base is a source tarball without upstream history, so checkpatch
# cannot resolve the upstream commit ids that commit messages cite.
for p in $(grep '\.patch$' "$TOP/patches/series"); do
	check "checkpatch --strict: $p" \
		"$KTREE/scripts/checkpatch.pl" --strict --quiet --no-tree --ignore UNKNOWN_COMMIT_ID \
		--root="$KTREE" "$TOP/patches/$p"
done

echo "# tools/drm-dbg"
dd=$TOP/tools/drm-dbg
check "drm-dbg builds with -Wall -Wextra -Werror" make -s -C "$dd" >"$RESULTS/test/drm-dbg-build.log" 2>&1
if make -s -C "$dd" check >"$RESULTS/test/drm-dbg-check.log" 2>&1; then
	tap_ok "drm-dbg unit tests, ASan+UBSan: $(grep -o '[0-9]* test(s) run' "$RESULTS/test/drm-dbg-check.log")"
else
	tail -30 "$RESULTS/test/drm-dbg-check.log"
	tap_fail "drm-dbg unit tests (log: $RESULTS/test/drm-dbg-check.log)"
fi
check "drm-dbg parsers survive ${FUZZ_SECONDS:-15} s of libFuzzer" \
	make -s -C "$dd" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-15}" >"$RESULTS/test/drm-dbg-fuzz.log" 2>&1

echo "# tests/igt"
check "IGT test core_debug_toggle builds against libigt.so.0" \
	make -s -C "$TOP/tests/igt" >"$RESULTS/test/igt-build.log" 2>&1
check "IGT test lists its subtests without root or hardware" \
	test "$("$TOP/tests/igt/out/core_debug_toggle" --list-subtests | tr '\n' ' ')" = "toggle-cost noop-write "

echo "# kernel build"
bstart=$(date +%s)
if "$TOP/scripts/build.sh" >"$RESULTS/test/build.log" 2>&1; then
	tap_ok "kernel builds ($(( $(date +%s) - bstart )) s)"
else
	tail -30 "$RESULTS/test/build.log"
	tap_fail "kernel builds (log: $RESULTS/test/build.log)"
fi

# guest_run NAME APPEND SCRIPT: boot, run SCRIPT, add its tallies
guest_run() {
	local name=$1 append=$2 script=$3 gout=$RESULTS/test/$1 gp gf
	rm -rf "$gout" && mkdir -p "$gout"
	echo "# guest: $name (${VM_CPUS:-4} vCPUs${append:+, $append})"
	"$TOP/scripts/vm.sh" -o "$gout" -a "$append" -t "${GUEST_TIMEOUT:-900}" -- "$script" 2>&1 |
		tee "$gout/console.log" | grep -E '^(not )?ok|^#' || true
	if [ -f "$gout/$4" ]; then
		read -r gp gf <"$gout/$4"
		TAP_PASS=$((TAP_PASS + gp)) TAP_FAIL=$((TAP_FAIL + gf))
	else
		grep -vE '^(not )?ok|^#' "$gout/console.log" | tail -30
		tap_fail "$name: guest run finished (console: $gout/console.log)"
	fi
}

gstart=$(date +%s)
guest_run guest "" "$TOP/guest/test.sh" guest.counts
guest_run lateload "drm.debug=0x1e" "$TOP/guest/lateload.sh" lateload.counts
echo "# guest phase $(( $(date +%s) - gstart )) s, all $(( $(date +%s) - start )) s"
echo "$TAP_PASS passed, $TAP_FAIL failed"
[ "$TAP_FAIL" = 0 ]
