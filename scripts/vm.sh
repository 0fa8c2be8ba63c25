#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the built kernel in QEMU and run a command in the guest:
#
#   scripts/vm.sh [-c CPUS] [-m MEM] [-a APPEND] [-t SECONDS] [-o OUTDIR] -- CMD...
#
# The guest sees the host's root read-only with a writable tmpfs overlay
# on top, so it runs the host's own programs and this project's built
# files at their host paths. OUTDIR (default $RESULTS/vm) is shared
# read-write. The command's exit status is this script's; a guest that
# does not finish in SECONDS is killed and reported (exit 124).
# VM_ACCEL=tcg (default), kvm or auto; VM_CPUS (4), VM_MEM (2G), VM_TIMEOUT
# (900 s, the one guest timeout; -t overrides it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cpus=${VM_CPUS:-4} mem=${VM_MEM:-2G} append="" tmo=${VM_TIMEOUT:-900} out=$RESULTS/vm
while getopts c:m:a:t:o: opt; do
	case $opt in
	c) cpus=$OPTARG ;; m) mem=$OPTARG ;; a) append=$OPTARG ;;
	t) tmo=$OPTARG ;; o) out=$OPTARG ;; *) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || die "usage: vm.sh [-c CPUS] [-m MEM] [-a APPEND] [-t SECONDS] [-o OUTDIR] -- CMD..."

kernel=$KOBJ/arch/x86/boot/bzImage
release=$(cat "$KOBJ/include/config/kernel.release" 2>/dev/null) || die "no kernel built (make kernel)"
if [ ! -f "$kernel" ] || [ ! -d "$KOBJ/modinst/lib/modules/$release" ]; then
	die "no kernel built (make kernel)"
fi
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make setup)"
bb=$(command -v busybox) || die "busybox missing (make setup)"
file -L "$bb" | grep -q 'statically linked' || die "$bb is not static (install busybox-static)"

# The initramfs: static busybox and our init, nothing else.
initrd=$KOBJ/guest-initramfs.cpio.gz
if [ ! -f "$initrd" ] || [ "$TOP/guest/init" -nt "$initrd" ] || [ "$bb" -nt "$initrd" ]; then
	d=$(mktemp -d)
	mkdir -p "$d"/{bin,proc,sys,dev}
	cp "$bb" "$d/bin/busybox"
	cp "$TOP/guest/init" "$d/init"
	chmod +x "$d/init"
	(cd "$d" && find . | cpio -o -H newc --quiet | gzip -1) >"$initrd"
	rm -rf "$d"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/rc"
{
	echo "cd $(printf %q "$PWD") || exit 1"
	echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb"
	echo "export DRMDBG_TOP=$(printf %q "$TOP") DRMDBG_OUT=$(printf %q "$out") DRMDBG_KTREE=$(printf %q "$KTREE") DRMDBG_KOBJ=$(printf %q "$KOBJ")"
	printf '%q ' "$@"
	echo
} >"$out/guest-cmd"

# TCG, one host thread for all vCPUs (see docs/workbench.md: cross-modifying
# code), unless asked for: a guest under nested KVM can boot and run a
# command, and then hang in text patching. VM_ACCEL=auto uses KVM where a
# probe has seen it boot this kernel and run a command; the probe's
# verdict is kept per machine in $CACHE/accel.
accel=${VM_ACCEL:-tcg}
if [ "$accel" = auto ]; then
	if [ ! -s "$CACHE/accel" ]; then
		verdict=tcg
		if [ -w /dev/kvm ]; then
			log "probing KVM (at most 60 s)"
			d=$(mktemp -d)
			if VM_ACCEL=kvm "$0" -o "$d" -t 60 -c 2 -- /bin/true >"$d/log" 2>&1; then
				verdict=kvm
			fi
			rm -rf "$d"
		fi
		mkdir -p "$CACHE"
		echo "$verdict" >"$CACHE/accel"
		log "accelerator: $verdict"
	fi
	accel=$(cat "$CACHE/accel")
fi
# shellcheck disable=SC2054 # tcg,thread=single is one QEMU argument
case $accel in
kvm) accel_opts=(-accel kvm -cpu host) ;;
tcg) accel_opts=(-accel tcg,thread=single -cpu max) ;;
*) die "VM_ACCEL must be auto, tcg or kvm" ;;
esac
# VM_ICOUNT=1 (TCG): the guest's clock counts instructions (1 ns each) and
# skips idle time, so its times measure work done, not how busy the host
# was. For comparing two kernels' times; slower to run.
if [ "${VM_ICOUNT:-0}" = 1 ]; then
	[ "$accel" = tcg ] || die "VM_ICOUNT=1 needs TCG"
	# shellcheck disable=SC2054 # shift=0,sleep=off is one QEMU argument
	accel_opts+=(-icount shift=0,sleep=off)
fi

rc=0
timeout -k 10 "$tmo" qemu-system-x86_64 "${accel_opts[@]}" -smp "$cpus" -m "$mem" \
	-nographic -no-reboot -nodefaults -serial stdio -display none -device VGA \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=4 drmdbg.out=$out drmdbg.mods=$KOBJ/modinst/lib/modules $append" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs local,path="$out",mount_tag=out,security_model=none,multidevs=remap \
	</dev/null || rc=$?
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "vm: guest did not finish in ${tmo}s: killed" >&2
	exit 124
fi
[ -f "$out/rc" ] || die "guest ended without an exit status (qemu exit $rc; kernel panic or crash above)"
run_record "$out/run-$(basename "$1" | sed 's/\.[a-z]*$//').json" "${1#"$TOP"/}" \
	"$release" "$cpus" "$accel" "$append" "$(cat "$out/rc")" "scripts/vm.sh ${*#"$TOP"/}"
exit "$(cat "$out/rc")"
