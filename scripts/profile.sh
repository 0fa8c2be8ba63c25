#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make profile: where one drm.debug write spends its time (guest/profile.sh),
# in a guest on the instruction clock (VM_ICOUNT=1) booted with profile=2,
# results in results/profile. PROFILE_CONFIG=NAME: the same in a kernel of
# the guest config with config/NAME.config over it, built in
# build/obj-NAME (a copy of build/obj at first), results in
# results/profile-NAME; PROFILE_CONFIG=nolockdep is the guest config
# without lock proving, as distro kernels ship.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$RESULTS/profile
if [ -n "${PROFILE_CONFIG:-}" ]; then
	frag=$TOP/config/$PROFILE_CONFIG.config
	[ -f "$frag" ] || die "no $frag"
	variant_kernel "$PROFILE_CONFIG" "$frag"
	out=$RESULTS/profile-$PROFILE_CONFIG
fi
export VM_ICOUNT=${VM_ICOUNT:-1}
"$TOP/scripts/vm.sh" -t 3600 -a profile=2 -o "$out" -- "$TOP/guest/profile.sh"
