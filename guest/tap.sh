# SPDX-License-Identifier: GPL-2.0
# Minimal assertions shared by the host checks and the guest tests
# (sourced). Each check prints "ok"/"not ok" with what it compared; the
# tallies go to $TAP_COUNTS (a file "passed failed") when set.
TAP_PASS=0
TAP_FAIL=0

tap_ok() { TAP_PASS=$((TAP_PASS + 1)); echo "ok - $*"; }
tap_fail() { TAP_FAIL=$((TAP_FAIL + 1)); echo "not ok - $*"; }
# check DESCRIPTION CMD...: passes when CMD succeeds.
check() {
	local d=$1
	shift
	if "$@"; then tap_ok "$d"; else tap_fail "$d"; fi
}
# check_eq DESCRIPTION GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then tap_ok "$1 ($2)"; else tap_fail "$1: got $2, want $3"; fi
}
# check_le DESCRIPTION GOT MAX / check_ge DESCRIPTION GOT MIN
check_le() {
	if [ "$2" -le "$3" ]; then tap_ok "$1 ($2 <= $3)"; else tap_fail "$1: $2 > $3"; fi
}
check_ge() {
	if [ "$2" -ge "$3" ]; then tap_ok "$1 ($2 >= $3)"; else tap_fail "$1: $2 < $3"; fi
}
tap_done() {
	[ -z "${TAP_COUNTS:-}" ] || echo "$TAP_PASS $TAP_FAIL" >"$TAP_COUNTS"
	[ "$TAP_FAIL" = 0 ]
}
