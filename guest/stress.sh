#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: drm.debug and the control file under load, for
# STRESS_SECONDS (default 30) with a fixed seed (STRESS_SEED, printed so a
# failure can be replayed):
# - 4 writers: random drm.debug masks (written directly, and with
#   drm-dbg set by category names), random control-file writes (multi-
#   query, negation, class queries, and writes that must fail to parse);
# - a loop loading and unloading DRM modules (vkms, bochs, virtio_gpu;
#   i915 and amdgpu every 8th turn) and test_dynamic_debug, so that
#   late-load applies race with writes;
# - a loop taking CPUs 1..n-1 offline and online again;
# - a reader on every CPU running test_dynamic_debug's callsites
#   (do_prints) while they are switched.
# Then: no splat in dmesg; every loaded DRM module's enabled class'd
# callsites are exactly those drm.debug selects; drm.debug=0 leaves none.
# KTAP on stdout; counts in $DRMDBG_OUT/stress.json.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
secs=${STRESS_SECONDS:-30}
seed=${STRESS_SEED:-20261121}
drm_mods=("${DRM_CORE[@]}" ttm "${DRM_GPUS[@]}" "${DRM_VIRTUAL[@]}")
ddtool=${DRMDBG_TOP:-$(dirname "$here")}/tools/drm-dbg/out/drm-dbg
KTAP_FILE=$out/stress.ktap
ktap_begin
ktap_diag "stress: $secs s, seed $seed, $NCPU CPUs"
modprobe_all "${DRM_CORE[@]}" "${DRM_GPUS[@]}" test_dynamic_debug
dmesg -C
end=$(($(date +%s) + secs))
cnt=$out/stress-counts
rm -rf "$cnt" && mkdir -p "$cnt"

writer() {
	local id=$1 n=0 bad=0 q np=0 nt=0 nc=0 ni=0
	RANDOM=$((seed + id))
	# DRM's classes only through drm.debug, so that its value says
	# what must be on at the end; everything else through the control file
	local queries=(
		"module !test_dynamic_debug format zz_no_such_format +p"
		"module i915 +p; module i915 -p" "module amdgpu format ^dc +p; module amdgpu -p"
		"module test_dynamic_debug +p" "module test_dynamic_debug -p" "module test_dynamic_debug func !do_cats +p"
		"class D2_KMS +p" "class D2_KMS -p; class D2_DP +p" "module test_dynamic_debug class D2_CORE +p"
	)
	local invalid=("module ! +p" "class !DRM_UT_KMS +p" "file '!:1-' +p" "module i915 +x"
		"module i915 line 9-1 +p" ";;;" "\"unterminated +p")
	local specs=("kms,atomic" "+dp -vbl" "0x1e" "all" "none" "+core" "-kms" "driver,prime,state")
	while [ "$(date +%s)" -lt "$end" ]; do
		case $((RANDOM % 5)) in
		0) echo "$((RANDOM % 1024))" >"$DRM_DEBUG" 2>/dev/null; np=$((np + 1)) ;;
		1) if [ -x "$ddtool" ]; then
			"$ddtool" set "${specs[RANDOM % ${#specs[@]}]}" >/dev/null 2>&1; nt=$((nt + 1))
		   else
			echo "$((RANDOM % 1024))" >"$DRM_DEBUG" 2>/dev/null; np=$((np + 1))
		   fi ;;
		2|3) q=${queries[RANDOM % ${#queries[@]}]}
		   echo "$q" >"$CONTROL" 2>/dev/null; nc=$((nc + 1)) ;;
		4) q=${invalid[RANDOM % ${#invalid[@]}]}
		   ni=$((ni + 1))
		   if echo "$q" >"$CONTROL" 2>/dev/null; then [ "$q" = ";;;" ] || bad=$((bad + 1)); fi ;;
		esac
		n=$((n + 1))
	done
	echo "$n $bad $np $nt $nc $ni" >"$cnt/writer$id"
}

loader() {
	local n=0 m big=0
	RANDOM=$((seed + 100))
	local mods=("${DRM_VIRTUAL[@]}" test_dynamic_debug) gpus=("${DRM_GPUS[@]}")
	while [ "$(date +%s)" -lt "$end" ]; do
		m=${mods[RANDOM % ${#mods[@]}]}
		# the big drivers at a slower rate: every 8th turn
		if [ $((n % 8)) = 7 ]; then m=${gpus[big % 2]}; big=$((big + 1)); fi
		if [ -d "/sys/module/$m" ]; then rmmod "$m" 2>/dev/null; else modprobe "$m" 2>/dev/null; fi
		n=$((n + 1))
	done
	echo "$n $big" >"$cnt/loader"
}

hotplug() {
	local n=0 c
	RANDOM=$((seed + 200))
	[ "$NCPU" -gt 1 ] || { echo 0 >"$cnt/hotplug"; return; }
	while [ "$(date +%s)" -lt "$end" ]; do
		c=$((1 + RANDOM % (NCPU - 1)))
		f=/sys/devices/system/cpu/cpu$c/online
		[ -w "$f" ] || break
		echo 0 >"$f" 2>/dev/null && echo 1 >"$f" 2>/dev/null && n=$((n + 1))
	done
	for c in $(seq 1 $((NCPU - 1))); do echo 1 >"/sys/devices/system/cpu/cpu$c/online" 2>/dev/null; done
	echo "$n" >"$cnt/hotplug"
}

runner() {
	local n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		cat /sys/module/test_dynamic_debug/parameters/do_prints >/dev/null 2>&1
		n=$((n + 1))
	done
	echo "$n" >"$cnt/runner$1"
}

pids=()
for i in 1 2 3 4; do writer "$i" & pids+=($!); done
loader & pids+=($!)
hotplug & pids+=($!)
for c in $(seq 0 $((NCPU - 1))); do taskset -c "$c" bash -c "$(declare -f runner); end=$end cnt=$cnt; runner $c" & pids+=($!); done
wait "${pids[@]}"

ktap_suite "after $secs s of concurrent writes, module loads and CPU hotplug"
writes=$(cat "$cnt"/writer* | awk '{ s += $1 } END { print s + 0 }')
accepted_bad=$(cat "$cnt"/writer* | awk '{ s += $2 } END { print s + 0 }')
sum() { cat "$cnt"/writer* | awk -v f="$1" '{ s += $f } END { print s + 0 }'; }
read -r loads bigloads <"$cnt/loader" || { loads=0 bigloads=0; }
plugs=$(cat "$cnt/hotplug" 2>/dev/null || echo 0)
runs=$(cat "$cnt"/runner* 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
ktap_diag "writes $writes (drm.debug $(sum 3), drm-dbg set $(sum 4), control $(sum 5), malformed $(sum 6)), module load/unload $loads (i915/amdgpu $bigloads), hotplug cycles $plugs, do_prints runs $runs"
check_ge "writes done" "$writes" 1
check_eq "malformed writes accepted" "$accepted_bad" 0
check "the kernel still answers" cat "$CONTROL" >/dev/null
mask=$(cat "$DRM_DEBUG")
loaded=()
for m in "${drm_mods[@]}"; do [ -d "/sys/module/$m" ] && loaded+=("$m"); done
check_eq "drm.debug=$mask: enabled class'd callsites of ${loaded[*]} = those it selects" \
	"$(dd_sites "${loaded[@]}" | classd | enabled | count)" \
	"$(dd_sites "${loaded[@]}" | classd | in_mask "$mask" | count)"
drm_debug_write 0
check_eq "drm.debug=0 after it: none enabled" "$(dd_sites "${loaded[@]}" | classd | enabled | count)" 0
printf '{"seconds":%d,"seed":%d,"writes":%d,"writes_param":%d,"writes_drm_dbg":%d,"writes_control":%d,"writes_malformed":%d,"module_cycles":%d,"gpu_module_cycles":%d,"hotplug_cycles":%d,"do_prints":%d,"malformed_accepted":%d}\n' \
	"$secs" "$seed" "$writes" "$(sum 3)" "$(sum 4)" "$(sum 5)" "$(sum 6)" "$loads" "$bigloads" "$plugs" "$runs" "$accepted_bad" >"$out/stress.json"
check_dmesg "$out/stress-dmesg.txt"
ktap_end
ktap_finish
