#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make kasan: the series built with KASAN and kmemleak (config/kasan.config
# on top of the guest config, lockdep included) in build/obj-kasan, then
# in one guest: the stress run (KASAN_STRESS_SECONDS, 120), the
# malformed-input run (KASAN_FUZZ_COUNT, 2000 writes) and the memory run
# (KASAN_LEAK_CYCLES, 20), and a kmemleak scan. Not part of make test:
# KASAN instruments every object, a second cold build of its own (its
# time is printed and kept in results/kasan/build-seconds).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
export KOBJ=$TOP/build/obj-kasan
out=$RESULTS/kasan
mkdir -p "$KOBJ" "$out"
config_over "$TOP/config/kasan.config" >"$KOBJ/kasan.config"
start=$(date +%s)
GUEST_CONFIG=$KOBJ/kasan.config "$TOP/scripts/kernel.sh"
echo $(( $(date +%s) - start )) >"$out/build-seconds"
log "KASAN build: $(cat "$out/build-seconds") s; booting"
rc=0
VM_MEM=${VM_MEM:-4G} "$TOP/scripts/vm.sh" -t 7200 -o "$out" -- env \
	STRESS_SECONDS="${KASAN_STRESS_SECONDS:-120}" FUZZ_COUNT="${KASAN_FUZZ_COUNT:-2000}" \
	LEAK_CYCLES="${KASAN_LEAK_CYCLES:-20}" "$TOP/guest/kasan-run.sh" || rc=$?
[ -s "$out/kasan.ktap" ] || die "the guest left no results (exit $rc)"
ktap_totals "$out/kasan.ktap" && [ "$rc" = 0 ]
