/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting text-patching syncs exactly: do_sync_core() runs once on every
 * online CPU per sync round (x86). drm-dbg counts its runs with one
 * counting perf event per CPU from the kprobe PMU: no tracefs event, no
 * change to tracing_on, kprobe_events or kprobes-optimization, and the
 * counters end with the process however it ends.
 */
#ifndef DRM_DBG_KPROBE_H
#define DRM_DBG_KPROBE_H

#include <stdbool.h>

/*
 * Open a counter on every online CPU; false (nothing left open) where the
 * kprobe PMU or the probe point is missing, or kprobes are disabled.
 */
bool sync_probe_start(void);
/* Close them. */
void sync_probe_stop(void);
/* do_sync_core() runs so far over all CPUs, or -1 (not started, read error). */
long long sync_probe_hits(void);
/* The CPUs counted. */
int sync_probe_cpus(void);

#endif
