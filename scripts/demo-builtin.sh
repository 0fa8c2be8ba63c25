#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo-builtin: build the series with drm built in (a second build
# tree, build/obj-builtin), boot it with drm.debug=0x1e on the command
# line, and check that built-in drm and the drivers loaded later follow
# it. Not part of make test: a second kernel build. It starts as a copy
# of build/obj when there is one, so only what drm built in changes is
# rebuilt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant builtin "$TOP/config/builtin-drm.config" drm.debug=0x1e "$TOP/guest/builtin-run.sh"
