#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make xe: the series with xe (Intel's newer DRM driver) built too, in a
# build directory of its own (build/obj-xe, a copy of build/obj when there
# is one, so only xe and what it selects are built), booted with
# drm.debug=0x1e: xe's class'd callsites follow drm.debug when it is
# loaded and after, and every one of them has a class name. Not part of
# make test: xe and the i915 display code it builds again are a second,
# long build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant xe "$TOP/config/xe.config" drm.debug=0x1e "$TOP/guest/xe-run.sh"
