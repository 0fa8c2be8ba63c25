#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make matrix: the series in each configuration of config/matrix/ (on top
# of config/guest.config): DYNAMIC_DEBUG=y, DYNAMIC_DEBUG_CORE only,
# MODULES=n, drm built in, JUMP_LABEL=n, PROVE_LOCKING=n. Each builds
# lib/, kernel/, arch/x86/kernel/ and drivers/gpu/drm/ with W=1, once on
# the series and once on the base (a worktree of the base commit), each in
# build/obj-matrix-CONFIG-{series,base}; a warning of the series that the
# base does not have (compared without line numbers) fails the config.
# MATRIX_CONFIGS (names, default all) and MATRIX_DIRS choose a part; the
# time of each build is printed and, with the warning counts and the
# kernel commits built, kept in results/matrix/summary.tsv (for make
# report). A run replaces the rows of the configs it builds and keeps the
# others, so the matrix can be run a part at a time. Not part of make
# test: twelve builds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
base_tree=$TOP/build/linux-base
if [ ! -e "$base_tree/Makefile" ]; then
	git -C "$KTREE" worktree add -f "$base_tree" base >/dev/null
fi
dirs=${MATRIX_DIRS:-lib/ kernel/ arch/x86/kernel/ drivers/gpu/drm/}
configs=${MATRIX_CONFIGS:-$(find "$TOP/config/matrix" -name '*.config' -printf '%f\n' | sed 's/\.config$//' | sort)}
ccache_env
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'

# build TREE OBJ FRAGMENT: configure and build $dirs with W=1; the
# warnings, without line and column, sorted, in OBJ/warnings.txt
build() {
	local tree=$1 obj=$2 frag=$3 start d
	local mk=(make -s -C "$tree" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc")
	mkdir -p "$obj"
	"${mk[@]}" x86_64_defconfig
	config_over "$frag" >"$obj/over.config"
	config_for_tree "$obj/over.config" "$tree" >"$obj/matrix.config" 2>/dev/null
	KCONFIG_CONFIG=$obj/.config "$tree/scripts/kconfig/merge_config.sh" -m -Q \
		-O "$obj" "$obj/.config" "$obj/matrix.config" >/dev/null
	"${mk[@]}" olddefconfig
	# every object of $dirs again, so that the log has all their warnings
	# (ccache replays a cached compiler's output)
	for d in $dirs; do
		[ ! -d "$obj/$d" ] || find "$obj/$d" -name '*.o' -delete
	done
	start=$(date +%s)
	# shellcheck disable=SC2086 # $dirs: several targets
	if ! "${mk[@]}" -j"$(nproc)" W=1 $dirs 2>"$obj/build.log"; then
		tail -30 "$obj/build.log" >&2
		return 1
	fi
	# the compiler's warnings and kernel-doc's (W=1 runs it on every file)
	grep -E ': warning: |^Warning: ' "$obj/build.log" |
		sed -E "s#^(Warning: )?$tree/#\\1#; s#^\\.\\./[^/]+/##; s#:[0-9]+:[0-9]+: warning:#: warning:#; s#^(Warning: [^:]+):[0-9]+ #\\1: #" |
		LC_ALL=C sort -u >"$obj/warnings.txt"
	echo $(( $(date +%s) - start )) >"$obj/build-seconds"
	log "  $(basename "$tree"): built in $(cat "$obj/build-seconds") s, $(wc -l <"$obj/warnings.txt") distinct warnings"
}

fail=0
mkdir -p "$RESULTS/matrix"
sum=$RESULTS/matrix/summary.tsv
head='config\tseries build s\tbase build s\twarnings series\twarnings base\tnew\tseries\tbase'
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
scommit=$(git -C "$KTREE" rev-parse --short=12 HEAD)
bcommit=$(git -C "$base_tree" rev-parse --short=12 HEAD)
# row CONFIG FIELDS...: this run's row for CONFIG, with the commits
# built; the summary is rewritten at once (this run's rows, then the other
# configs' rows of earlier runs), so an interrupted run keeps what it built
row() {
	local IFS=$'\t' line
	printf '%s\t%s\t%s\n' "$*" "$scommit" "$bcommit" >>"$rows"
	{
		printf '%b\n' "$head"
		cat "$rows"
		if [ -f "$sum" ]; then
			tail -n +2 "$sum" | while IFS= read -r line; do
				grep -q "^${line%%$'\t'*}"$'\t' "$rows" || printf '%s\n' "$line"
			done
		fi
	} >"$sum.new"
	mv "$sum.new" "$sum"
}
for c in $configs; do
	frag=$TOP/config/matrix/$c.config
	[ -f "$frag" ] || die "no $frag"
	log "matrix $c: $dirs"
	s=$TOP/build/obj-matrix-$c-series b=$TOP/build/obj-matrix-$c-base
	if ! build "$KTREE" "$s" "$frag"; then
		log "matrix $c: the series does not build"; fail=1
		row "$c" failed - - - -; continue
	fi
	if ! build "$base_tree" "$b" "$frag"; then
		log "matrix $c: the base does not build (not counted against the series)"
		row "$c" "$(cat "$s/build-seconds")" failed "$(wc -l <"$s/warnings.txt")" - -
		continue
	fi
	new=$(LC_ALL=C comm -23 "$s/warnings.txt" "$b/warnings.txt")
	row "$c" "$(cat "$s/build-seconds")" "$(cat "$b/build-seconds")" \
		"$(wc -l <"$s/warnings.txt")" "$(wc -l <"$b/warnings.txt")" "$(grep -c . <<<"$new")"
	if [ -n "$new" ]; then
		log "matrix $c: $(echo "$new" | wc -l) new warnings:"
		echo "$new" >&2
		fail=1
	else
		log "matrix $c: no new warning"
	fi
done
run_record "$RESULTS/matrix/run-matrix.json" "" "$BASE_VERSION" 0 none "" "$fail" \
	"scripts/matrix.sh${MATRIX_CONFIGS:+ (MATRIX_CONFIGS=$MATRIX_CONFIGS)}"
exit $fail
