/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting text-patching syncs exactly: a kprobe on do_sync_core(), which
 * every online CPU runs once per sync round (x86). Its hit count in
 * kprobe_profile grows even with tracing off, so nothing is recorded.
 */
#ifndef DRM_DBG_KPROBE_H
#define DRM_DBG_KPROBE_H

#include <stdbool.h>

/* Put the probe in place (below --sysfs-root); false where it cannot be. */
bool sync_probe_start(void);
/* Remove it and put kprobes-optimization back. */
void sync_probe_stop(void);
/* do_sync_core() runs so far (over all CPUs), or -1. */
long long sync_probe_hits(void);

#endif
