#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: FUZZ_COUNT (default 1000) seeded (FUZZ_SEED, printed so a
# failure can be replayed) malformed, overlong, binary, boundary,
# almost-valid and valid writes to the control file and to drm.debug,
# each judged by ddfuzz.py's reference model against the whole control
# file read back after it. Then: 0 mismatches, no splat, the kernel
# still answers, drm.debug 0x3ff then 0 leaves no DRM class'd callsite on. KTAP on
# stdout; counts in $DRMDBG_OUT/fuzz.json.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
count=${FUZZ_COUNT:-1000}
seed=${FUZZ_SEED:-20261121}
# quiet modules: their callsites only print when their code runs, which
# nothing here does; switching printing on elsewhere would flood the log
mods=("${DRM_CORE[@]}" test_dynamic_debug)
KTAP_FILE=$out/fuzz.ktap
ktap_begin
ktap_suite "malformed input: $count writes, seed $seed"
ktap_diag "replay: make fuzz FUZZ_SEED=$seed FUZZ_COUNT=$count"
check "modprobe ${mods[*]}" modprobe_all "${mods[@]}"
drm_debug_write 0
# rejected writes log an error each: keep them off the (slow) console
dmesg -n 1
dmesg -C
rc=0
python3 "$here/ddfuzz.py" "$seed" "$count" "$out/fuzz.json" "${mods[@]}" || rc=$?
j=$out/fuzz.json
if [ -s "$j" ]; then
	ktap_diag "$(jq -c '{writes, callsites, skipped_noisy, errors, by_kind}' "$j")"
	check_eq "writes done" "$(jq .writes "$j")" "$count"
	check_ge "writes rejected" "$(jq '[.by_kind[].rejected] | add' "$j")" $((count / 4))
	check_ge "writes accepted" "$(jq '[.by_kind[].accepted] | add' "$j")" $((count / 10))
	check_eq "mismatches with the model" "$(jq .mismatches "$j")" 0
	[ "$(jq .mismatches "$j")" = 0 ] || ktap_diag "$(jq -c '.first_mismatches[:5][]' "$j")"
else
	ktap_fail "ddfuzz.py left no results (exit $rc)"
fi
check "the kernel still answers" cat "$CONTROL" >/dev/null
# class queries through the control file switch DRM classes too, and a
# param write switches only the classes whose bit changes: all on, then
# all off
drm_debug_write 0x3ff
drm_debug_write 0
check_eq "drm.debug 0x3ff then 0 after it: no DRM class'd callsite on" \
	"$(dd_sites "${mods[@]}" | classd | enabled | in_mask 0x3ff | count)" 0
check_dmesg "$out/fuzz-dmesg.txt"
ktap_end
ktap_finish
