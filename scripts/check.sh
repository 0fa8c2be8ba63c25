#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything that runs on the host in a few minutes, no
# kernel build, no guest. The series applies to the base and exports
# back byte for byte, every patch is checkpatch --strict clean, drm-dbg
# builds with -Werror and passes its unit tests (ASan + UBSan), a short
# libFuzzer run and its mutants (tests/mutants.sh), the IGT test builds and lists its subtests, no
# shell script in scripts/, guest/ and lib/ has a shellcheck finding, and the
# workbench's own helpers give known answers (scripts/selftest.sh).
#
# One KTAP document on stdout (and results/check.ktap), then the totals
# kunit.py parses from it: "N passed, N failed". make test nests this
# document in its own (KTAP_NESTED=1: the document only).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/lib/ktap.sh"

logs=$RESULTS/check
mkdir -p "$logs"
[ "${KTAP_NESTED:-0}" = 1 ] || KTAP_FILE=$RESULTS/check.ktap

# The series, applied to the base in build/linux if it is there (it must
# then match patches/), else in a sparse temporary tree; the tree is
# $tree for the sections after this one (selftest.sh's audit test).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tree=$KTREE
check_series() {
	local p
	ktap_suite "series: patches/ on Linux $BASE_VERSION"
	if [ -e "$KTREE/.git" ]; then
		ktap_diag "using $KTREE"
		check "build/linux matches patches/ (scripts/tree.sh)" "$TOP/scripts/tree.sh"
	else
		tree=$tmp/linux
		ktap_diag "no $KTREE: applying to a sparse checkout of the base"
		check "the series applies to the base (git am)" \
			env KTREE="$tree" SPARSE=1 FORCE=1 "$TOP/scripts/tree.sh"
	fi
	mkdir -p "$tmp/export"
	KTREE=$tree "$TOP/scripts/export.sh" "$tmp/export" >/dev/null 2>&1
	check "re-exporting reproduces patches/ byte for byte" diff -r "$tmp/export" "$TOP/patches"
	# The base is a source tarball without upstream history, so checkpatch
	# cannot resolve the upstream commit ids that commit messages cite.
	while read -r p; do
		case $p in *.patch) ;; *) continue ;; esac
		check "checkpatch --strict $p" \
			"$tree/scripts/checkpatch.pl" --strict --quiet --no-tree --ignore UNKNOWN_COMMIT_ID \
			"$TOP/patches/$p"
	done <"$TOP/patches/series"
	# every DRM and accel module with class'd drm_dbg() callsites declares
	# DRM_CLASSMAP_USE() in a file it always builds (read from the Makefiles)
	check "classmap audit: every module with drm_dbg() callsites is reached" \
		"$TOP/scripts/classmap-audit.py" --tree "$tree"
	ktap_end
}

check_drm_dbg() {
	local dd=$TOP/tools/drm-dbg rc=0
	ktap_suite "tools/drm-dbg"
	check "builds with -Wall -Wextra -Werror" make -s -C "$dd"
	# cmocka prints TAP (a plan, numbered results) when asked to
	CMOCKA_MESSAGE_OUTPUT=TAP make -s -C "$dd" check >"$logs/drm-dbg-check.log" 2>&1 || rc=$?
	if grep -qE '^1\.\.[0-9]+$' "$logs/drm-dbg-check.log"; then
		awk '!on && /^1\.\.[0-9]+$/ { on = 1; print "KTAP version 1" } on' \
			"$logs/drm-dbg-check.log" >"$logs/drm-dbg-check.ktap"
		ktap_embed "unit tests, ASan + UBSan" "$logs/drm-dbg-check.ktap" "$rc"
	else
		[ "$rc" = 0 ] || ktap_diag "$(tail -20 "$logs/drm-dbg-check.log")"
		check "unit tests, ASan + UBSan (exit status)" test "$rc" = 0
	fi
	check "parsers survive ${FUZZ_SECONDS:-10} s of libFuzzer" \
		make -s -C "$dd" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}"
	# each mutant plants a bug the unit tests must catch
	rc=0
	"$dd/tests/mutants.sh" >"$logs/drm-dbg-mutants.ktap" 2>&1 || rc=$?
	ktap_embed "mutants: the unit tests fail on each planted bug" "$logs/drm-dbg-mutants.ktap" "$rc"
	ktap_end
}

check_igt() {
	local igt=$TOP/tests/igt list rc=0
	ktap_suite "tests/igt"
	check "core_debug_toggle builds against libigt.so.0" make -s -C "$igt"
	check "tests/igt/patches hold core_debug_toggle.c as it is" "$TOP/scripts/igt-patch.py" --check
	list=$("$igt/out/core_debug_toggle" --list-subtests 2>"$logs/igt-list.err") || rc=$?
	ktap_diag "subtests: $(echo "$list" | paste -sd ' ')"
	[ "$rc" = 0 ] || ktap_diag "$(tail -5 "$logs/igt-list.err")"
	check "lists its subtests without root or hardware (exit $rc)" \
		test "$rc" = 0 -a -n "$list"
	ktap_end
}

# Every shell script of the workbench (scripts/, guest/, lib/) and of
# drm-dbg's tests, sourced files followed.
check_shellcheck() {
	local f
	ktap_suite "shellcheck scripts/ guest/ lib/ tools/drm-dbg/tests/"
	for f in "$TOP"/scripts/* "$TOP"/guest/* "$TOP"/lib/* "$TOP"/tools/drm-dbg/tests/*; do
		case $f in
		*.sh) ;;
		*) head -1 "$f" | grep -q '^#!.*sh' || continue ;;
		esac
		check "${f#"$TOP"/}" shellcheck -x -P SCRIPTDIR -P "$TOP/scripts" -P "$TOP/guest" -P "$TOP/lib" "$f"
	done
	ktap_end
}

# the workbench's own helpers against known answers
check_selftest() {
	local rc=0
	KTREE=$tree "$TOP/scripts/selftest.sh" >"$logs/selftest.ktap" 2>/dev/null || rc=$?
	ktap_embed "workbench helpers (scripts/selftest.sh)" "$logs/selftest.ktap" "$rc"
}

sections=(check_series check_drm_dbg check_igt check_shellcheck check_selftest)
start=$(date +%s)
ktap_begin ${#sections[@]}
for s in "${sections[@]}"; do "$s"; done
ktap_diag "make check took $(( $(date +%s) - start )) s"
ktap_finish
rc=$?
[ "${KTAP_NESTED:-0}" = 1 ] && exit $rc
ktap_totals "$KTAP_FILE"
