/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel offers: the drm.debug param, dynamic debug's
 * control file, /proc/interrupts, /dev/kmsg, the kprobe PMU. Paths are below
 * --sysfs-root, --proc-root and --run-root, and every access goes through struct sysio, so tests
 * can put a fake kernel behind them.
 */
#ifndef DRM_DBG_KERNEL_H
#define DRM_DBG_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

extern char sysfs_root[256];
extern char proc_root[256];
extern char run_root[256];	/* the lock and saved state: <run_root>/drm-dbg */

struct sysio {
	/* fopen(@path, "r"); NULL with errno set */
	FILE *(*open_read)(const char *path);
	/* one write(2) of @len bytes to @path (O_TRUNC, or O_APPEND); 0, or -1 with errno */
	int (*write)(const char *path, const char *buf, size_t len, bool append);
	/* access(@path, W_OK) */
	int (*writable)(const char *path);
	/* /dev/kmsg, non-blocking, one record per read(2); -1 with errno */
	int (*kmsg_open)(void);
	/* skip the records already in the log: only new ones are read */
	void (*kmsg_skip_old)(int fd);
	/* a counting perf event of PMU @type probing @func on @cpu; fd, or -1 with errno */
	int (*perf_kprobe_open)(int type, const char *func, int cpu);
	/* the count of such an event; 0, or -1 */
	int (*perf_read)(int fd, unsigned long long *count);
};
extern struct sysio sysio;
extern const struct sysio sysio_real;

/* "<sysfs-root>/module/drm/parameters/debug" and friends, into @buf. */
const char *sys_path(char *buf, size_t len, const char *rel);
const char *proc_path(char *buf, size_t len, const char *rel);

bool drm_loaded(void);
/* The control file of dynamic debug exists. */
bool have_dyndbg(void);
/*
 * drm.debug is implemented with dynamic debug (CONFIG_DRM_USE_DYNAMIC_DEBUG):
 * the param then reads back in hex, a plain ulong param in decimal.
 */
bool drm_uses_dyndbg(void);

/* Read drm.debug; 0, or an EXIT_* code after printing why. */
int debug_read(unsigned long *mask);
/*
 * Write drm.debug; 0, or an EXIT_* code after printing why. The write is a
 * single write(2): the kernel applies all of it or none.
 */
int debug_write(unsigned long mask);
/* Say what a failed restore left changed, and how to put drm.debug back. */
void restore_errors(bool mask_ok, unsigned long old, bool flags_ok);
/* May this process write drm.debug? (0, or EXIT_* after printing why.) */
int debug_writable(void);
/* The hint after "Permission denied" for a file only root may use. */
const char *root_hint(int err);

/*
 * Sum over CPUs of the "CAL" row (function call interrupts) of
 * /proc/interrupts text; -1 if there is no such row (not x86).
 */
long long interrupts_cal(FILE *f);
long long read_cal(void);

#endif
