#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make plain: the series with CONFIG_DRM_USE_DYNAMIC_DEBUG=n, drm.debug a
# plain bitmask as distro kernels have it, in build/obj-plain (a copy of
# build/obj at first: the DRM objects are built again), and in its guest
# drm-dbg and the IGT test: every IGT subtest skips and none fails,
# drm-dbg's plain-bitmask paths say so and exit 4 where they need
# dynamic debug (guest/plain-run.sh). Not part of make test: a second
# build of all of DRM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant plain "$TOP/config/plain.config" "" "$TOP/guest/plain-run.sh"
