// SPDX-License-Identifier: MIT
/*
 * Copyright © 2026 The drm-dbg authors
 *
 * What IGT master has and Debian's libigt.so.0 (1.27.1) lacks, for building
 * tests written against master with the binding in lib/: the drm.debug
 * helpers of lib/igt_sysfs.c, drm_close_driver(), igt_kmod_unload()
 * without the flags argument it had in 1.27, and the kprobe counter opener
 * that tests/igt/patches adds to lib/igt_perf.c. Linked only into that build;
 * in IGT's tree the library's own versions are used.
 *
 * The helpers keep master's behaviour -- the first igt_drm_debug_mask_update()
 * saves the mask, igt_drm_debug_mask_get() returns the saved mask once there
 * is one, igt_drm_debug_mask_reset() writes it back -- with the parsing fix of
 * tests/igt/patches: the mask is read with base 0, so the "0x1e" that a
 * dynamic debug class parameter prints is 0x1e, not 0.
 */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drmtest.h"
#include "igt_core.h"
#include "igt_kmod.h"
#include "igt_perf.h"
#include "igt_sysfs.h"

#define DRM_PARAMS "/sys/module/drm/parameters"

static int saved_mask = -1;

int igt_sysfs_drm_module_params_open(void)
{
	return open(DRM_PARAMS, O_RDONLY | O_DIRECTORY);
}

int igt_drm_debug_mask_get(int dir)
{
	unsigned long mask;
	char *value, *end;

	if (saved_mask >= 0)
		return saved_mask;

	value = igt_sysfs_get(dir, "debug");
	if (!value)
		return -1;

	mask = strtoul(value, &end, 0);
	if (end == value || mask > INT32_MAX)
		mask = -1;
	free(value);

	return mask;
}

void igt_drm_debug_mask_update(unsigned int mask)
{
	static bool read_once;
	char value[16];
	int dir;

	dir = igt_sysfs_drm_module_params_open();
	if (dir < 0)
		return;

	if (!read_once) {
		read_once = true;
		saved_mask = igt_drm_debug_mask_get(dir);
		if (saved_mask < 0) {
			close(dir);
			return;
		}
	}

	igt_debug("Setting DRM debug mask to %#x\n", mask);
	snprintf(value, sizeof(value), "%u", mask);
	igt_assert(igt_sysfs_set(dir, "debug", value));
	close(dir);
}

void igt_drm_debug_mask_reset(void)
{
	char value[16];
	int dir;

	if (saved_mask < 0)
		return;

	dir = igt_sysfs_drm_module_params_open();
	if (dir < 0)
		return;

	igt_debug("Restoring DRM debug mask to %#x\n", saved_mask);
	snprintf(value, sizeof(value), "%d", saved_mask);
	igt_assert(igt_sysfs_set(dir, "debug", value));
	close(dir);
}

void igt_drm_debug_mask_reset_exit_handler(int sig)
{
	igt_drm_debug_mask_reset();
}

int drm_close_driver(int fd)
{
	struct stat st;

	if (fd < 3 || fstat(fd, &st)) {
		igt_warn("Don't attempt to close standard/invalid file descriptor: %d\n", fd);
		return -1;
	}

	return close(fd);
}

/*
 * Master's igt_kmod_unload(name) is 1.27's igt_kmod_unload(name, 0): this
 * definition takes the name for callers in the test, and calls the
 * library's, found behind it, with no flags.
 */
int igt_kmod_unload(const char *mod_name)
{
	static int (*unload_1_27)(const char *mod_name, unsigned int flags);

	if (!unload_1_27) {
		*(void **)&unload_1_27 = dlsym(RTLD_NEXT, "igt_kmod_unload");
		igt_assert_f(unload_1_27, "no igt_kmod_unload in libigt: %s\n", dlerror());
	}

	return unload_1_27(mod_name, 0);
}

int igt_perf_open_kprobe(const char *func, pid_t pid, int cpu)
{
	struct perf_event_attr attr = {};
	uint64_t type = igt_perf_type_id("kprobe");
	int fd;

	if (!type)
		return -ENODEV;

	attr.type = type;
	attr.config1 = (uintptr_t)func;	/* kprobe_func */
	attr.config2 = 0;		/* probe_offset */
	fd = perf_event_open(&attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}
