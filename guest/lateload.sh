#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a guest booted with drm.debug=0x1e on the kernel command line:
# drm.debug reaches drivers loaded after it was set, and every DRM
# module with class'd callsites, with exact counts. KTAP on stdout and
# in $DRMDBG_OUT/lateload.ktap; each group of checks is a section
# (ktap_suite ... ktap_end).
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
# every DRM module with class'd callsites that this guest loads
mods=("${DRM_CORE[@]}" ttm "${DRM_GPUS[@]}" bochs virtio_gpu)
KTAP_FILE=$out/lateload.ktap
ktap_begin

ktap_suite "drm.debug=0x1e from the command line"
check "kernel command line has drm.debug=0x1e" grep -q 'drm.debug=0x1e' /proc/cmdline
sync_probe_start
modprobe drm
check_eq "drm.debug after modprobe drm" "$(cat "$DRM_DEBUG")" 0x1e
check_eq "drm: enabled class'd callsites = DRIVER|KMS|PRIME|ATOMIC ones" \
	"$(enabled_of drm)" "$(in_mask_of drm 0x1e)"
modprobe_all "${DRM_CORE[@]:1}" ttm
ktap_end

# scripts/test.sh also boots this guest with a dyndbg= string whose
# second query names a class no loaded module knows (drm is a module)
# and whose third is invalid: the first must be applied all the same.
ktap_suite "dyndbg= on the command line"
if grep -q 'dyndbg=' /proc/cmdline; then
	n=$(dd_sites main | awk '$6 == "run_init_process"' | count)
	check_ge "init/main.c: run_init_process() callsites" "$n" 1
	check_eq "func run_init_process +p applied beside class DRM_UT_NOPE and an invalid query" \
		"$(dd_sites main | awk '$6 == "run_init_process"' | enabled | count)" "$n"
else
	ktap_skip "dyndbg= from the command line" "not on this guest's command line"
fi
ktap_end

# A kernel tracepoint that i915 calls inline, enabled: loading i915 must
# patch its sites too, in the load's one batch (the guest also runs with
# nohz_full=, which switches context_tracking_key on).
tp=$TRACING/events/dma_fence/dma_fence_signaled/enable
[ -w "$tp" ] || mount -t tracefs tracefs "$TRACING" 2>/dev/null
for m in "${DRM_GPUS[@]}"; do
	ktap_suite "$m loaded later"
	modprobe "$m"
	check "$m loaded" test -d "/sys/module/$m"
	check_ge "$m: class'd callsites" "$(dd_sites "$m" | classd | count)" 1000
	check_eq "$m: enabled = its DRIVER|KMS|PRIME|ATOMIC callsites, others off" \
		"$(enabled_of "$m")" "$(in_mask_of "$m" 0x1e)"
	# Reload it (rmmod keeps its dependencies loaded, so both loads do
	# the same) with drm.debug=0, then 0x1e: applying drm.debug to its
	# debug callsites goes into the load's one batch.
	rmmod "$m"
	drm_debug_write 0
	off=$(syncs_of modprobe "$m")
	check_eq "$m reloaded with drm.debug=0: none enabled" "$(enabled_of "$m")" 0
	# Its static call sites and the sites of kernel keys out of their
	# initial state: one batch at most (3 rounds per call site and per key
	# without the coming module's batch)
	check_le "$m: a load under drm.debug=0 costs one batch at most (syncs)" "$off" 3
	check_eq "$m: an unload costs no text-poke sync" "$(syncs_of rmmod "$m")" 0
	drm_debug_write 0x1e
	if [ -w "$tp" ]; then
		echo 1 >"$tp"
		check_eq "tracepoint dma_fence_signaled enabled" "$(cat "$tp")" 1
	else
		ktap_skip "tracepoint dma_fence_signaled enabled" "no $tp"
	fi
	on=$(syncs_of modprobe "$m")
	check_eq "$m reloaded with drm.debug=0x1e: its DRIVER|KMS|PRIME|ATOMIC callsites" \
		"$(enabled_of "$m")" "$(in_mask_of "$m" 0x1e)"
	check_eq "$m: a load under drm.debug=0x1e${tp:+, dma_fence_signaled on}, nohz_full: one batch in all (3 syncs)" "$on" 3
	[ ! -w "$tp" ] || echo 0 >"$tp"
	ktap_end
done

ktap_suite "modules without a classmap of their own"
# (loaded and unloaded first, so that its dependencies stay and the load
# measured is bochs's alone)
modprobe bochs && rmmod bochs
drm_debug_write 0x1e
check_eq "bochs: a load under drm.debug=0x1e costs one batch in all (3 syncs)" "$(syncs_of modprobe bochs)" 3
check_eq "bochs: its DRIVER|KMS|PRIME|ATOMIC callsites on" "$(enabled_of bochs)" "$(in_mask_of bochs 0x1e)"
check_eq "bochs: an unload costs no text-poke sync" "$(syncs_of rmmod bochs)" 0
drm_debug_write 0x3ff
for m in bochs virtio_gpu; do
	modprobe "$m"
	check "$m loaded" test -d "/sys/module/$m"
	check_eq "$m: no callsite of an unknown class" "$(dd_sites "$m" | unknown_class | count)" 0
	check_ge "$m: class'd callsites" "$(dd_sites "$m" | classd | count)" 1
done
check_eq "drm.debug=0x3ff: every class'd callsite of every DRM module enabled" \
	"$(dd_sites "${mods[@]}" | classd | enabled | count)" "$(dd_sites "${mods[@]}" | classd | count)"
drm_debug_write 0
check_eq "drm.debug=0: none enabled" "$(dd_sites "${mods[@]}" | classd | enabled | count)" 0
rmmod virtio_gpu
modprobe virtio_gpu
check_eq "virtio_gpu reloaded under drm.debug=0: none enabled" "$(enabled_of virtio_gpu)" 0
drm_debug_write 0x3ff
rmmod virtio_gpu
modprobe virtio_gpu
check_eq "virtio_gpu reloaded under drm.debug=0x3ff: all its class'd callsites" \
	"$(enabled_of virtio_gpu)" "$(dd_sites virtio_gpu | classd | count)"
drm_debug_write 0
ktap_end

ktap_suite "vkms: class ids with gaps (DRIVER and KMS only)"
# vkms's drm_dbg*() callsites use class ids 1 and 2, not 0: a name lookup
# that stops at the first unnamed id would leave them unreachable.
drm_debug_write 0x1e
modprobe vkms
check "vkms loaded" test -d /sys/module/vkms
check_ge "vkms: class'd callsites" "$(dd_sites vkms | classd | count)" 1
check_eq "vkms: no callsite of class CORE (id 0)" "$(dd_sites vkms | classd | in_mask 0x1 | count)" 0
check_eq "vkms: no callsite of an unknown class" "$(dd_sites vkms | unknown_class | count)" 0
check_eq "vkms loaded under 0x1e: its DRIVER|KMS callsites on, exactly" \
	"$(enabled_of vkms)" "$(in_mask_of vkms 0x1e)"
drm_debug_write 0
check_eq "vkms: drm.debug=0: none enabled" "$(enabled_of vkms)" 0
drm_debug_write 0x4
check_eq "vkms: drm.debug=0x4: its KMS callsites, exactly" \
	"$(enabled_of vkms)" "$(in_mask_of vkms 0x4)"
drm_debug_write 0
rmmod vkms
ktap_end

ktap_suite "load order: test_dynamic_debug's own classmap beside drm's"
# test_dynamic_debug names class ids 0-9 D2_CORE... where drm has
# DRM_UT_CORE...: each module sees only the classmaps it defines or
# declares it uses, so loading it before or after a DRM driver changes
# nothing for either.
drm_debug_write 0x1e
rmmod bochs 2>/dev/null
modprobe test_dynamic_debug
modprobe bochs
check_eq "test_dynamic_debug loaded first: bochs has no unknown class" \
	"$(dd_sites bochs | unknown_class | count)" 0
check_eq "... and bochs's DRIVER|KMS|PRIME|ATOMIC callsites are on, exactly" \
	"$(enabled_of bochs)" "$(in_mask_of bochs 0x1e)"
check_eq "... and drm.debug reached none of test_dynamic_debug's" \
	"$(dd_sites test_dynamic_debug | enabled | count)" 0
check_eq "no classmap conflict warned about" "$(dmesg | grep -c 'both claim class ids')" 0
rmmod bochs test_dynamic_debug
modprobe bochs
modprobe test_dynamic_debug
check_eq "test_dynamic_debug loaded after: bochs the same" \
	"$(enabled_of bochs)" "$(in_mask_of bochs 0x1e)"
check_eq "... and drm.debug reached none of test_dynamic_debug's" \
	"$(dd_sites test_dynamic_debug | enabled | count)" 0
echo 0x1f >/sys/module/test_dynamic_debug/parameters/p_disjoint_bits
check_eq "test_dynamic_debug's own param does not touch bochs" \
	"$(enabled_of bochs)" "$(in_mask_of bochs 0x1e)"
echo 0 >/sys/module/test_dynamic_debug/parameters/p_disjoint_bits
drm_debug_write 0
check_eq "drm.debug=0 after both: bochs none" "$(enabled_of bochs)" 0
rmmod test_dynamic_debug
ktap_end

ktap_suite "drm_dbg_printer() output follows drm.debug"
# Not a dynamic debug callsite: its category is tested at run time.
printer=${DRMDBG_KOBJ:-}/tests-kmod/drm_printer_test.ko
printer_lines() {
	local mark="drm-dbg printer test $1 $$"
	echo "$mark" >/dev/kmsg
	drm_debug_write "$1"
	insmod "$printer" && rmmod drm_printer_test
	dmesg | sed -n "/$mark/,\$p" | grep -c 'KMS line through drm_dbg_printer'
}
if [ -f "$printer" ]; then
	check_eq "drm.debug=0: no drm_dbg_printer() KMS line" "$(printer_lines 0)" 0
	check_eq "drm.debug=0x3fb (all but KMS): none" "$(printer_lines 0x3fb)" 0
	check_eq "drm.debug=0x4 (KMS): the line" "$(printer_lines 0x4)" 1
	drm_debug_write 0
else
	check "test module $printer built" false
fi
ktap_end

ktap_suite "a module notifier calls into a coming module while it is patched"
# tests/kmod/coming_notifier.c: a priority-10 module notifier sets threads
# on the other CPUs calling into coming_target (its static call sites and
# a KMS debug callsite) from its MODULE_STATE_COMING on; the kernel's
# patching of those sites must never show them a torn instruction.
kmod=${DRMDBG_KOBJ:-}/tests-kmod
if [ -f "$kmod/coming_notifier.ko" ] && [ -f "$kmod/coming_target.ko" ]; then
	drm_debug_write 0x1e
	insmod "$kmod/coming_notifier.ko"
	# The count is of every sync round while insmod runs, whoever pokes
	# text meanwhile: the fewest of up to three loads is the load's own.
	all="" fewest=""
	for i in 1 2 3; do
		[ "$i" = 1 ] || rmmod coming_target
		syncs=$(syncs_of insmod "$kmod/coming_target.ko")
		all="$all $syncs"
		[ -n "$fewest" ] && [ "$fewest" -le "$syncs" ] || fewest=$syncs
		[ "$syncs" != 3 ] || break
	done
	ktap_diag "coming_target's loads: sync rounds$all"
	check "coming_target loaded" test -d /sys/module/coming_target
	check_ge "calls into coming_target from the other CPUs while it was coming" \
		"$(cat /sys/module/coming_notifier/parameters/calls)" 100
	check_eq "... that did not read 1111" "$(cat /sys/module/coming_notifier/parameters/bad)" 0
	check_eq "coming_target's load: one batch (3 syncs)" "$fewest" 3
	check_eq "its KMS debug callsite on" "$(enabled_of coming_target)" 1
	check_eq "probe reads 1111 afterwards" "$(cat /sys/module/coming_target/parameters/probe)" 1111
	rmmod coming_target
	rmmod coming_notifier
	drm_debug_write 0
else
	check "test modules coming_notifier and coming_target built in $kmod" false
fi
ktap_end

ktap_suite "every class'd callsite has a classmap"
# A DRM module whose drm_dbg*() callsites are not covered by a classmap it
# defines or declares it uses is out of drm.debug's reach: list them.
missing=$(dd_sites | unknown_class | awk '{ print $1 }' | sort -u | tr '\n' ' ')
[ -z "$missing" ] || ktap_diag "modules with class'd callsites and no classmap: $missing"
check_eq "loaded modules with class'd callsites and no classmap" "$(dd_sites | unknown_class | count)" 0
ktap_end

check_dmesg "$out/lateload-dmesg.txt"
ktap_finish
