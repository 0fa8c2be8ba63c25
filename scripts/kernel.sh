#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the kernel work tree out of tree into $KOBJ:
# x86_64_defconfig + config/guest.config, bzImage and modules, through
# ccache. Modules are installed (stripped) into $KOBJ/modinst for the
# guest. BUILD_STOP=config stops once the configuration is checked.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -f "$KTREE/Makefile" ] || die "no kernel tree at $KTREE (make tree)"
frag=${GUEST_CONFIG:-$TOP/config/guest.config}
mkdir -p "$KOBJ"

ccache_env
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
export KBUILD_BUILD_USER=drm-dbg KBUILD_BUILD_HOST=guest
mk=(make -s -C "$KTREE" O="$KOBJ" CC="ccache gcc" HOSTCC="ccache gcc")

cfg=$KOBJ/.config
stamp=$KOBJ/.guest-config-stamp
want=$(cat "$frag" "$KTREE/arch/x86/configs/x86_64_defconfig" | sha1sum)
if [ ! -f "$cfg" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	log "configuring: x86_64_defconfig + ${frag#"$TOP"/}"
	"${mk[@]}" x86_64_defconfig
	KCONFIG_CONFIG=$cfg "$KTREE/scripts/kconfig/merge_config.sh" -m -Q \
		-O "$KOBJ" "$cfg" "$frag" >/dev/null
	"${mk[@]}" olddefconfig
	# Every option the fragment asks for must have survived olddefconfig.
	bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$cfg" || { echo "config: $line not set" >&2; bad=1; } ;;
		"# CONFIG_"*" is not set")
			o=${line#\# }; o=${o%% *}
			! grep -q "^$o=" "$cfg" || { echo "config: $o still set" >&2; bad=1; } ;;
		esac
	done <"$frag"
	# BUILD_CONFIG_LAX=1: a fragment that asks for everything it can get
	# (make alldrm); what Kconfig refused is counted, not fatal
	if [ "${BUILD_CONFIG_LAX:-0}" = 1 ]; then
		log "config: $(grep -c '^CONFIG_.*=' "$frag") options asked for; the ones Kconfig refused are listed above"
	else
		[ $bad = 0 ] || die "kernel config does not hold what ${frag#"$TOP"/} asks for"
	fi
	echo "$want" >"$stamp"
fi

[ "${BUILD_STOP:-}" != config ] || exit 0
log "building bzImage and modules (-j$(nproc))"
start=$(date +%s)
"${mk[@]}" -j"$(nproc)" bzImage modules
rm -rf "$KOBJ/modinst"
"${mk[@]}" INSTALL_MOD_PATH="$KOBJ/modinst" INSTALL_MOD_STRIP=1 modules_install >/dev/null
# The workbench's own test modules (tests/kmod), against this kernel; the
# guest loads them from $KOBJ/tests-kmod.
"${mk[@]}" M="$TOP/tests/kmod" MO="$KOBJ/tests-kmod" modules
log "built $(cat "$KOBJ/include/config/kernel.release") in $(( $(date +%s) - start )) s"
