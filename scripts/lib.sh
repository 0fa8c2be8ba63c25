# SPDX-License-Identifier: GPL-2.0
# Shared settings for the host-side scripts. Sourced, not run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything downloaded or built once per machine lives outside the clone.
CACHE=${DRMDBG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drm-dbg}
BASE_VERSION=7.2.13
BASE_DEB_VERSION=7.2.13-1
BASE_PKG=linux-source-7.2
# The git repository holding the pristine base as one commit.
BASE_GIT=$CACHE/linux-$BASE_VERSION.git
# Work tree (base + series) and out-of-tree build, ignored by git.
KTREE=${KTREE:-$TOP/build/linux}
KOBJ=${KOBJ:-$TOP/build/obj}
RESULTS=${RESULTS:-$TOP/results}

die() { echo "error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }
