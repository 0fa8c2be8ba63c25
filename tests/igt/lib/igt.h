/* SPDX-License-Identifier: MIT */
/*
 * Copyright © 2026 The drm-dbg authors
 *
 * Binding to libigt.so.0 1.27.1 (see igt_core.h): IGT's umbrella header.
 * Like IGT's own igt.h it does not include igt_kmod.h, igt_sysfs.h or
 * igt_perf.h; a test that uses them includes them itself. Of the many
 * headers IGT's igt.h pulls in, only those with a binding here are.
 */

#ifndef IGT_H
#define IGT_H

#include "drmtest.h"
#include "igt_core.h"

#endif /* IGT_H */
