/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel offers: the drm.debug param, dynamic debug's
 * control file, /proc/interrupts. Paths are below --sysfs-root and
 * --proc-root, so tests can point them at fake trees.
 */
#ifndef DRM_DBG_KERNEL_H
#define DRM_DBG_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

extern char sysfs_root[256];
extern char proc_root[256];

/* Exit codes: distinct for the errors scripts may want to tell apart. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* runtime failure */
	EXIT_USAGE = 2,		/* bad command line or spec */
	EXIT_NOT_LOADED = 3,	/* drm not loaded */
	EXIT_NO_DYNDBG = 4,	/* kernel lacks what the command needs */
	EXIT_PERM = 5,		/* not allowed: not root */
};

/* Print "drm-dbg: <message>" to stderr. */
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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
/* May this process write drm.debug? (0, or EXIT_PERM after printing why.) */
int debug_writable(void);

/* Sum over CPUs of the "CAL" row (function call interrupts); -1 if none. */
long long interrupts_cal(FILE *f);
long long read_cal(void);

#endif
