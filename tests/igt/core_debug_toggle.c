// SPDX-License-Identifier: GPL-2.0
/*
 * What switching drm.debug costs when it is implemented with dynamic debug.
 */

/**
 * TEST: core debug toggle
 * Description: What switching drm.debug categories costs in IPIs, and that
 *		every debug callsite of the driver follows the switch
 * Category: Core
 * Mega feature: General Core features
 * Sub-category: debugging
 * Functionality: drm.debug categories
 * Test category: performance test
 *
 * SUBTEST: toggle-cost
 * Description: Switch every drm.debug category on and off, and check per
 *		driver that every debug callsite follows and that each write
 *		costs at most one text-patching round (3 syncs, so
 *		3 * (CPUs - 1) IPIs); report the time per write
 *
 * SUBTEST: noop-write
 * Description: Write the value drm.debug already has, and check per driver
 *		that it patches nothing (no IPI)
 */

#include "igt.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

IGT_TEST_DESCRIPTION("What switching drm.debug categories costs, per driver");

#define DEBUG_PARAM "/sys/module/drm/parameters/debug"
#define CONTROL "/proc/dynamic_debug/control"
#define TRACING "/sys/kernel/tracing"
#define PROBE "core_debug_toggle/core_debug_toggle_sync"
#define ALL_CATEGORIES 0x3ff
#define ROUNDS 5

static const char * const drivers[] = { "i915", "amdgpu" };
static unsigned long saved_debug;
static bool probe_on;
static int ncpu;

static bool write_str(const char *path, const char *s, int flags)
{
	int fd = open(path, O_WRONLY | flags);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	return !close(fd) && ok;
}

static bool read_ulong(const char *path, unsigned long *val)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	bool ok = f && fgets(buf, sizeof(buf), f);

	if (f)
		fclose(f);
	if (ok)
		*val = strtoul(buf, NULL, 0);
	return ok;
}

static void debug_write(unsigned long mask)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%lx", mask);
	igt_assert_f(write_str(DEBUG_PARAM, buf, 0), "cannot write %s\n", DEBUG_PARAM);
}

/* Executions of do_sync_core(): every text-poke sync runs it on every CPU. */
static long long sync_hits(void)
{
	char line[256], name[128];
	unsigned long long hits;
	long long n = -1;
	FILE *f = fopen(TRACING "/kprobe_profile", "r");

	igt_assert(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %llu", name, &hits) == 2 && !strcmp(name, "core_debug_toggle_sync"))
			n = (long long)hits;
	fclose(f);
	igt_assert(n >= 0);
	return n;
}

static void probe_start(void)
{
	write_str("/proc/sys/debug/kprobes-optimization", "0", O_TRUNC);
	write_str(TRACING "/tracing_on", "0", O_TRUNC);
	probe_on = write_str(TRACING "/kprobe_events", "p:" PROBE " do_sync_core\n", O_APPEND) &&
		   write_str(TRACING "/events/" PROBE "/enable", "1", O_TRUNC);
}

static void restore(int sig)
{
	char buf[32];

	(void)sig;
	snprintf(buf, sizeof(buf), "0x%lx", saved_debug);
	write_str(DEBUG_PARAM, "0", 0);
	write_str(DEBUG_PARAM, buf, 0);
	if (probe_on) {
		write_str(TRACING "/events/" PROBE "/enable", "0", O_TRUNC);
		write_str(TRACING "/kprobe_events", "-:" PROBE "\n", O_APPEND);
	}
}

/* Class'd DRM callsites of @module, and how many of them are enabled. */
static void count_callsites(const char *module, int *total, int *enabled)
{
	char line[1024], tag[80];
	FILE *f = fopen(CONTROL, "r");

	igt_assert(f);
	snprintf(tag, sizeof(tag), " [%s]", module);
	*total = *enabled = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, tag), *flags;

		if (!p || !strstr(line, " class:DRM_UT_"))
			continue;
		flags = strstr(p + 1, " =");
		(*total)++;
		if (flags && strchr(strtok(flags + 2, " "), 'p'))
			(*enabled)++;
	}
	fclose(f);
}

struct cost {
	long long ipis;
	double ms;
};

static struct cost timed_write(unsigned long mask)
{
	struct timespec t0, t1;
	long long h0 = sync_hits();
	struct cost c;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	debug_write(mask);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	c.ipis = (sync_hits() - h0) / ncpu * (ncpu - 1);
	c.ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	return c;
}

static void require_driver(const char *drv, int *total)
{
	int enabled;

	igt_require_f(igt_kmod_is_loaded(drv) || igt_kmod_load(drv, NULL) == 0,
		      "cannot load %s\n", drv);
	count_callsites(drv, total, &enabled);
	igt_require_f(*total > 0, "%s has no drm.debug callsites\n", drv);
}

static void toggle_cost(const char *drv)
{
	const long long budget = 3LL * (ncpu - 1);
	double on_ms = 0, off_ms = 0;
	int total, enabled, r;

	require_driver(drv, &total);
	debug_write(0);
	for (r = 0; r < ROUNDS; r++) {
		struct cost on = timed_write(ALL_CATEGORIES), off;

		count_callsites(drv, &total, &enabled);
		igt_assert_eq(enabled, total);
		igt_assert_lte(on.ipis, budget);

		off = timed_write(0);
		count_callsites(drv, &total, &enabled);
		igt_assert_eq(enabled, 0);
		igt_assert_lte(off.ipis, budget);

		on_ms += on.ms;
		off_ms += off.ms;
		igt_debug("round %d: on %lld IPIs %.2f ms, off %lld IPIs %.2f ms\n",
			  r, on.ipis, on.ms, off.ipis, off.ms);
	}
	igt_info("%s: %d callsites; a write costs at most %lld IPIs on %d CPUs; "
		 "on %.2f ms, off %.2f ms (mean of %d)\n", drv, total, budget, ncpu,
		 on_ms / ROUNDS, off_ms / ROUNDS, ROUNDS);
}

static void noop_write(const char *drv)
{
	int total, enabled;

	require_driver(drv, &total);
	debug_write(ALL_CATEGORIES);
	igt_assert_eq(timed_write(ALL_CATEGORIES).ipis, 0);
	count_callsites(drv, &total, &enabled);
	igt_assert_eq(enabled, total);
	debug_write(0);
	igt_assert_eq(timed_write(0).ipis, 0);
}

igt_main
{
	unsigned int i;

	igt_fixture {
		char buf[16] = "";
		FILE *f;

		igt_require_f(igt_kmod_is_loaded("drm") || igt_kmod_load("drm", NULL) == 0,
			      "drm is not loaded\n");
		f = fopen(DEBUG_PARAM, "r");
		igt_require_f(f && fgets(buf, sizeof(buf), f), "cannot read %s\n", DEBUG_PARAM);
		fclose(f);
		igt_require_f(!strncmp(buf, "0x", 2),
			      "drm.debug is not implemented with dynamic debug\n");
		igt_require_f(!access(CONTROL, R_OK), "no %s\n", CONTROL);
		igt_assert(read_ulong(DEBUG_PARAM, &saved_debug));
		ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
		probe_start();
		igt_require_f(probe_on, "no kprobe on do_sync_core: cannot count IPIs exactly\n");
		igt_install_exit_handler(restore);
	}

	igt_describe("Switch every category on and off: every debug callsite of "
		     "the driver follows, and each write costs at most one "
		     "text-patching round, 3 * (CPUs - 1) IPIs.");
	igt_subtest_with_dynamic("toggle-cost") {
		for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
			igt_dynamic_f("%s", drivers[i])
				toggle_cost(drivers[i]);
	}

	igt_describe("Writing the value drm.debug already has patches nothing.");
	igt_subtest_with_dynamic("noop-write") {
		for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
			igt_dynamic_f("%s", drivers[i])
				noop_write(drivers[i]);
	}
}
