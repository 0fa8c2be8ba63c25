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
# time of each build is printed and, with the warning counts, kept in
# results/matrix/summary.tsv (for make report). Not part of make test:
# twelve builds.
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
	local tree=$1 obj=$2 frag=$3 start
	local mk=(make -s -C "$tree" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc")
	mkdir -p "$obj"
	"${mk[@]}" x86_64_defconfig
	config_over "$frag" >"$obj/over.config"
	config_for_tree "$obj/over.config" "$tree" >"$obj/matrix.config" 2>/dev/null
	KCONFIG_CONFIG=$obj/.config "$tree/scripts/kconfig/merge_config.sh" -m -Q \
		-O "$obj" "$obj/.config" "$obj/matrix.config" >/dev/null
	"${mk[@]}" olddefconfig
	start=$(date +%s)
	# shellcheck disable=SC2086 # $dirs: several targets
	if ! "${mk[@]}" -j"$(nproc)" W=1 $dirs 2>"$obj/build.log"; then
		tail -30 "$obj/build.log" >&2
		return 1
	fi
	grep -E ': warning: ' "$obj/build.log" |
		sed -E "s#^$tree/##; s#^\\.\\./[^/]+/##; s#:[0-9]+:[0-9]+: warning:#: warning:#" |
		LC_ALL=C sort -u >"$obj/warnings.txt"
	echo $(( $(date +%s) - start )) >"$obj/build-seconds"
	log "  $(basename "$tree"): built in $(cat "$obj/build-seconds") s, $(wc -l <"$obj/warnings.txt") distinct warnings"
}

fail=0
mkdir -p "$RESULTS/matrix"
sum=$RESULTS/matrix/summary.tsv
printf 'config\tseries build s\tbase build s\twarnings series\twarnings base\tnew\n' >"$sum"
for c in $configs; do
	frag=$TOP/config/matrix/$c.config
	[ -f "$frag" ] || die "no $frag"
	log "matrix $c: $dirs"
	s=$TOP/build/obj-matrix-$c-series b=$TOP/build/obj-matrix-$c-base
	if ! build "$KTREE" "$s" "$frag"; then
		log "matrix $c: the series does not build"; fail=1
		printf '%s\tfailed\t-\t-\t-\t-\n' "$c" >>"$sum"; continue
	fi
	if ! build "$base_tree" "$b" "$frag"; then
		log "matrix $c: the base does not build (not counted against the series)"
		printf '%s\t%s\tfailed\t%s\t-\t-\n' "$c" "$(cat "$s/build-seconds")" "$(wc -l <"$s/warnings.txt")" >>"$sum"
		continue
	fi
	new=$(LC_ALL=C comm -23 "$s/warnings.txt" "$b/warnings.txt")
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$(cat "$s/build-seconds")" "$(cat "$b/build-seconds")" \
		"$(wc -l <"$s/warnings.txt")" "$(wc -l <"$b/warnings.txt")" "$(grep -c . <<<"$new")" >>"$sum"
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
