// SPDX-License-Identifier: MIT
/*
 * Copyright © 2026 The drm-dbg authors
 */

/**
 * TEST: core debug toggle
 * Description: drm.debug built on dynamic debug: every class'd debug callsite
 *		follows the category mask, and switching categories costs at
 *		most one batch of kernel text patching
 * Category: Core
 * Mega feature: General Core features
 * Sub-category: DRM
 * Functionality: drm.debug categories
 * Feature: core
 * Test category: functionality test
 * Test requirement: CONFIG_DRM_USE_DYNAMIC_DEBUG=y (every subtest skips
 *		without it); toggle-cost also needs the kprobe PMU
 *		(CONFIG_KPROBE_EVENTS) and kprobes enabled
 *
 * SUBTEST: basic
 * Description: Set each drm.debug category on its own and read the mask back
 *
 * SUBTEST: toggle-cost
 * Description: Switch the whole mask, and each category that has callsites,
 *		on and off; every write changes callsites, so it must take at
 *		least one and at most three text-poke sync rounds (one batch),
 *		and its time is reported
 *
 * SUBTEST: callsites-follow
 * Description: Per module with class'd DRM debug callsites, check that
 *		exactly the callsites of the categories in the mask are enabled
 *		after each write
 *
 * SUBTEST: noop-write
 * Description: Write the value drm.debug already has: nothing changes and
 *		no text is patched
 *
 * SUBTEST: late-load
 * Description: Load a DRM module after setting categories: its callsites of
 *		those categories are enabled at load, for one batch of patching
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "igt.h"
#include "igt_kmod.h"
#include "igt_perf.h"
#include "igt_sysfs.h"

IGT_TEST_DESCRIPTION("Switch drm.debug categories built on dynamic debug: the "
		     "callsites follow, and a write costs at most one batch of "
		     "text patching.");

#define CONTROL "/proc/dynamic_debug/control"

/*
 * A text-poke sync round runs do_sync_core() on every online CPU: on the
 * CPU of the task that patches (the one writing drm.debug, or loading the
 * module) in that task, on the others from an IPI. The rounds are counted
 * per task, with a counting kprobe perf event of this process only (pid 0,
 * any CPU), which sees the local run of each of its own rounds once,
 * whatever the number of CPUs and whether a round skips some: text
 * patching by anything else on the machine (BPF, ftrace, another test, a
 * kprobe being optimized) is not counted, unless its IPI happens to land
 * on a CPU while this task runs there. (smp_text_poke_sync_each_cpu(), the
 * entry point, is inlined into its callers in alternative.c: a probe on
 * it misses the rounds of a batch.) A batch of text pokes takes three
 * rounds: after writing the int3s, after the new bytes behind them, and
 * after replacing the int3s.
 */
#define SYNC_FUNCTION "do_sync_core"
#define MAX_ROUNDS 3
#define REPEAT 3

static const struct {
	unsigned int bit;
	const char *class;	/* the class name the control file prints */
	const char *name;	/* its dynamic subtest name */
} categories[] = {
	{ DRM_UT_CORE, "DRM_UT_CORE", "core" },
	{ DRM_UT_DRIVER, "DRM_UT_DRIVER", "driver" },
	{ DRM_UT_KMS, "DRM_UT_KMS", "kms" },
	{ DRM_UT_PRIME, "DRM_UT_PRIME", "prime" },
	{ DRM_UT_ATOMIC, "DRM_UT_ATOMIC", "atomic" },
	{ DRM_UT_VBL, "DRM_UT_VBL", "vbl" },
	{ DRM_UT_STATE, "DRM_UT_STATE", "state" },
	{ DRM_UT_LEASE, "DRM_UT_LEASE", "lease" },
	{ DRM_UT_DP, "DRM_UT_DP", "dp" },
	{ DRM_UT_DRMRES, "DRM_UT_DRMRES", "drmres" },
};

#define NUM_CATEGORIES ARRAY_SIZE(categories)
#define MAX_MODULES 64

/* Modules loaded late, to see categories reach them at load. */
static const char * const late_modules[] = { "vkms", "vgem" };

struct module_sites {
	char name[64];
	int total[NUM_CATEGORIES];
	int enabled[NUM_CATEGORIES];
};

struct callsites {
	struct module_sites module[MAX_MODULES];
	int count;
};

struct cost {
	int64_t rounds;
	double ms;
};

/* The flags of a class'd callsite, to put back what a mask write changed. */
struct site_flags {
	char key[448];		/* "module M file F line N class C" */
	char flags[16];
};

static struct callsites sites;	/* as the fixture found them */
static struct site_flags *saved_flags;
static int n_saved_flags;
static int params = -1;
static int sync_fd = -1;
static const char *loaded_module;
static char modules_before[8192];	/* /proc/modules' names, before late-load */

static unsigned int all_categories(void)
{
	unsigned int mask = 0;

	for (int c = 0; c < NUM_CATEGORIES; c++)
		mask |= categories[c].bit;

	return mask;
}

static int category_of(const char *class)
{
	for (int c = 0; c < NUM_CATEGORIES; c++)
		if (!strcmp(class, categories[c].class))
			return c;

	return -1;
}

static struct module_sites *find_module(struct callsites *s, const char *name)
{
	for (int i = 0; i < s->count; i++)
		if (!strcmp(s->module[i].name, name))
			return &s->module[i];

	return NULL;
}

/*
 * Callsite lines of the control file read
 *	file:line [module]function flags "format" class:DRM_UT_x
 * and only class'd ones end with the class name. "p" in flags: enabled.
 */
static bool parse_callsite(char *line, char *module, size_t len, int *category,
			   bool *enabled)
{
	char name[64], flags[16], *class, *next, *end;

	if (sscanf(line, "%*s [%63[^]]]%*s %15s", name, flags) != 2 || flags[0] != '=')
		return false;

	class = NULL;
	for (next = strstr(line, " class:"); next; next = strstr(next + 1, " class:"))
		class = next;
	if (!class)
		return false;

	class += strlen(" class:");
	end = class + strcspn(class, " \n");
	if (*end && *end != '\n')
		return false;
	*end = '\0';

	*category = category_of(class);
	if (*category < 0)
		return false;

	snprintf(module, len, "%s", name);
	*enabled = strchr(flags, 'p');

	return true;
}

static void read_callsites(struct callsites *s)
{
	char *line = NULL, module[64];
	size_t len = 0;
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen(CONTROL, "r");
	igt_assert_f(f, "cannot read %s: %m\n", CONTROL);

	while (getline(&line, &len, f) > 0) {
		struct module_sites *m;
		bool enabled;
		int c;

		if (!parse_callsite(line, module, sizeof(module), &c, &enabled))
			continue;

		m = find_module(s, module);
		if (!m) {
			igt_assert_f(s->count < MAX_MODULES,
				     "more than %d modules with class'd callsites\n",
				     MAX_MODULES);
			m = &s->module[s->count++];
			snprintf(m->name, sizeof(m->name), "%s", module);
		}
		m->total[c]++;
		m->enabled[c] += enabled;
	}

	free(line);
	fclose(f);
}

static int count_in(const int *count, unsigned int mask)
{
	int n = 0;

	for (int c = 0; c < NUM_CATEGORIES; c++)
		if (mask & categories[c].bit)
			n += count[c];

	return n;
}

static int sites_in(const struct callsites *s, unsigned int mask)
{
	int n = 0;

	for (int i = 0; i < s->count; i++)
		n += count_in(s->module[i].total, mask);

	return n;
}

/*
 * "module M file F line N class C" and the flags of a class'd DRM callsite
 * line; false for other lines.
 */
static bool site_key(const char *line, char *key, size_t len, char *flags, size_t flen)
{
	char file[256], module[64], class[64], fl[16];
	const char *c = strrchr(line, ' ');
	unsigned int lineno;

	if (!c || strncmp(c, " class:", 7) || sscanf(c + 7, "%63s", class) != 1 ||
	    category_of(class) < 0)
		return false;
	if (sscanf(line, "%255[^:]:%u [%63[^]]]%*s =%15s", file, &lineno, module, fl) != 4)
		return false;
	snprintf(key, len, "module %s file %s line %u class %s", module, file, lineno, class);
	snprintf(flags, flen, "%s", fl);

	return true;
}

static int cmp_site(const void *a, const void *b)
{
	return strcmp(((const struct site_flags *)a)->key, ((const struct site_flags *)b)->key);
}

/* The flags of every class'd callsite, sorted by key. */
static void save_flags(void)
{
	char *line = NULL, key[448], flags[16];
	size_t len = 0;
	int max = 0;
	FILE *f = fopen(CONTROL, "r");

	igt_assert_f(f, "cannot read %s: %m\n", CONTROL);
	while (getline(&line, &len, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!site_key(line, key, sizeof(key), flags, sizeof(flags)))
			continue;
		if (n_saved_flags == max) {
			max = max ? 2 * max : 1024;
			saved_flags = realloc(saved_flags, max * sizeof(*saved_flags));
			igt_assert(saved_flags);
		}
		snprintf(saved_flags[n_saved_flags].key, sizeof(saved_flags[0].key), "%s", key);
		snprintf(saved_flags[n_saved_flags].flags, sizeof(saved_flags[0].flags), "%s", flags);
		n_saved_flags++;
	}
	free(line);
	fclose(f);
	if (n_saved_flags)
		qsort(saved_flags, n_saved_flags, sizeof(*saved_flags), cmp_site);
}

/*
 * At exit, after the mask is back: each class'd callsite whose flags
 * differ from the saved ones (set through the control file, not by the
 * mask) gets them back, one query per write; the saved flags are found
 * by binary search.
 */
static void restore_flags(int sig)
{
	char *line = NULL, key[448], flags[16];
	size_t len = 0;
	FILE *f;

	if (!n_saved_flags)
		return;
	f = fopen(CONTROL, "r");
	if (!f)
		return;
	while (getline(&line, &len, f) > 0) {
		struct site_flags want, *got;
		char q[480];
		int fd;

		line[strcspn(line, "\n")] = '\0';
		if (!site_key(line, key, sizeof(key), flags, sizeof(flags)))
			continue;
		snprintf(want.key, sizeof(want.key), "%s", key);
		got = bsearch(&want, saved_flags, n_saved_flags, sizeof(*saved_flags), cmp_site);
		if (!got || !strcmp(got->flags, flags))
			continue;	/* loaded since, or unchanged */
		snprintf(q, sizeof(q), "%s =%s\n", key, got->flags);
		fd = open(CONTROL, O_WRONLY);
		if (fd >= 0) {
			igt_ignore_warn(write(fd, q, strlen(q)));
			close(fd);
		}
	}
	free(line);
	fclose(f);
}

static unsigned int read_mask(void)
{
	int mask;

	igt_assert_eq(igt_sysfs_scanf(params, "debug", "%i", &mask), 1);

	return mask;
}

/*
 * Whether the sync rounds can be counted: the kprobe PMU, the probe point,
 * and kprobes enabled (debug.kprobes-enabled=0 leaves a probe that never
 * fires). Only toggle-cost needs them; the other subtests check the
 * callsites without, and count rounds when they can.
 */
static bool have_counters;

static bool kprobes_enabled(void)
{
	FILE *f = fopen("/proc/sys/debug/kprobes-enabled", "r");
	int on = 1;

	if (f) {
		if (fscanf(f, "%d", &on) != 1)
			on = 1;
		fclose(f);
	}

	return on;
}

/* This task's sync rounds so far. */
static int64_t sync_rounds(void)
{
	uint64_t count;

	if (!have_counters)
		return 0;

	igt_assert_eq(read(sync_fd, &count, sizeof(count)), sizeof(count));

	return count;
}

static struct cost cost_of_write(unsigned int mask)
{
	struct timespec t0 = {};
	struct cost c;
	int64_t r0;

	r0 = sync_rounds();
	igt_nsec_elapsed(&t0);
	igt_drm_debug_mask_update(mask);
	c.ms = igt_nsec_elapsed(&t0) / 1e6;
	c.rounds = sync_rounds() - r0;

	return c;
}

/* A write that changes callsites is one batch: between 1 and 3 rounds. */
static void assert_one_batch(const struct cost *c)
{
	igt_assert_lte_s64(1, c->rounds);
	igt_assert_lte_s64(c->rounds, MAX_ROUNDS);
}

static void toggle_cost(const char *what, unsigned int mask)
{
	double on_ms = 0, off_ms = 0;
	int64_t on_rounds = 0, off_rounds = 0;
	int n = sites_in(&sites, mask);

	igt_drm_debug_mask_update(0);

	for (int r = 0; r < REPEAT; r++) {
		struct cost on, off;

		on = cost_of_write(mask);
		assert_one_batch(&on);
		off = cost_of_write(0);
		assert_one_batch(&off);

		igt_debug("%s: on %lld rounds %.3f ms, off %lld rounds %.3f ms\n",
			  what, (long long)on.rounds, on.ms,
			  (long long)off.rounds, off.ms);
		on_ms += on.ms;
		off_ms += off.ms;
		on_rounds = on.rounds;
		off_rounds = off.rounds;
	}

	igt_info("%s (%#x): %d callsites: on %lld sync rounds %.3f ms, "
		 "off %lld sync rounds %.3f ms (mean of %d)\n",
		 what, mask, n, (long long)on_rounds, on_ms / REPEAT,
		 (long long)off_rounds, off_ms / REPEAT, REPEAT);
}

static void check_follows(const char *module, unsigned int mask)
{
	struct callsites now;
	struct module_sites *m;

	igt_drm_debug_mask_update(mask);
	read_callsites(&now);

	m = find_module(&now, module);
	igt_assert_f(m, "%s has no class'd callsites any more\n", module);

	for (int c = 0; c < NUM_CATEGORIES; c++) {
		int expected = mask & categories[c].bit ? m->total[c] : 0;

		igt_assert_f(m->enabled[c] == expected,
			     "%s: %d of %d %s callsites enabled with drm.debug=%#x, expected %d\n",
			     module, m->enabled[c], m->total[c],
			     categories[c].class, mask, expected);
	}

	igt_debug("%s: drm.debug=%#x: %d of %d class'd callsites enabled\n",
		  module, mask, count_in(m->enabled, ~0u), count_in(m->total, ~0u));
}

static void callsites_follow(const char *module)
{
	const unsigned int all = all_categories();

	check_follows(module, all);
	check_follows(module, 0);

	for (int c = 0; c < NUM_CATEGORIES; c++)
		check_follows(module, categories[c].bit);

	check_follows(module, DRM_UT_CORE | DRM_UT_KMS | DRM_UT_ATOMIC | DRM_UT_DP);
	check_follows(module, all & ~(DRM_UT_CORE | DRM_UT_KMS | DRM_UT_ATOMIC | DRM_UT_DP));
	check_follows(module, 0);
}

static void noop_write(void)
{
	const unsigned int masks[] = {
		0, DRM_UT_DRIVER | DRM_UT_KMS, all_categories(),
	};

	for (int i = 0; i < ARRAY_SIZE(masks); i++) {
		struct callsites before, after;
		struct cost c;

		igt_drm_debug_mask_update(masks[i]);
		read_callsites(&before);

		c = cost_of_write(masks[i]);
		if (have_counters)
			igt_assert_eq_s64(c.rounds, 0);

		read_callsites(&after);
		igt_assert_eq(after.count, before.count);
		for (int m = 0; m < before.count; m++)
			igt_assert_eq(count_in(after.module[m].enabled, ~0u),
				      count_in(before.module[m].enabled, ~0u));

		igt_info("drm.debug=%#x again: %s, %.3f ms\n", masks[i],
			 have_counters ? "0 sync rounds" : "sync rounds not counted", c.ms);
	}
}

/* The names of the loaded modules, " a b c ", from /proc/modules. */
static void loaded_modules(char *buf, size_t len)
{
	char *line = NULL, name[64];
	size_t cap = 0, pos;
	FILE *f = fopen("/proc/modules", "r");

	pos = snprintf(buf, len, " ");
	while (f && getline(&line, &cap, f) > 0 && pos < len)
		if (sscanf(line, "%63s", name) == 1)
			pos += snprintf(buf + pos, len - pos, "%s ", name);
	free(line);
	if (f)
		fclose(f);
}

/*
 * Unload what late-load loaded: the module, and the helpers it brought in
 * that were not loaded before (each unload may free another: retry).
 */
static void unload_loaded_since(void)
{
	char now[8192], *name, *save = NULL;
	bool progress = true;

	while (progress && modules_before[0]) {
		progress = false;
		loaded_modules(now, sizeof(now));
		for (name = strtok_r(now, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
			char word[80];

			snprintf(word, sizeof(word), " %s ", name);
			if (!strstr(modules_before, word) && !igt_kmod_unload(name))
				progress = true;
		}
	}
}

static void unload_late_module(int sig)
{
	if (loaded_module)
		igt_kmod_unload(loaded_module);
	loaded_module = NULL;
	unload_loaded_since();
}

/* The sync rounds of loading @name (in this task: libkmod's init_module()). */
static int64_t rounds_of_load(const char *name)
{
	int64_t r0 = sync_rounds();
	int ret = igt_kmod_load(name, NULL);

	igt_skip_on_f(ret == -ENOENT, "%s: no such module\n", name);
	igt_assert_eq(ret, 0);
	loaded_module = name;

	return sync_rounds() - r0;
}

static void unload(const char *name)
{
	igt_assert_eq(igt_kmod_unload(name), 0);
	loaded_module = NULL;
}

static void late_load(const char *name)
{
	const unsigned int mask = DRM_UT_KMS;
	int64_t plain, debug;
	struct callsites now;
	struct module_sites *m;
	int expected = 0, enabled = 0, total = 0;

	igt_drm_debug_mask_update(0);

	/*
	 * The first load brings in dependencies, which stay loaded until the
	 * subtest ends: the loads counted load the module alone.
	 */
	loaded_modules(modules_before, sizeof(modules_before));
	rounds_of_load(name);
	unload(name);

	plain = rounds_of_load(name);
	unload(name);

	igt_drm_debug_mask_update(mask);
	debug = rounds_of_load(name);

	read_callsites(&now);
	m = find_module(&now, name);
	if (m) {
		expected = count_in(m->total, mask);
		enabled = count_in(m->enabled, ~0u);
		total = count_in(m->total, ~0u);
	}
	unload(name);

	igt_info("%s: %d class'd callsites, %d of them in drm.debug=%#x; "
		 "load: %lld sync rounds, %lld with drm.debug=0\n",
		 name, total, expected, mask, (long long)debug, (long long)plain);

	unload_loaded_since();
	modules_before[0] = '\0';

	igt_assert_eq(enabled, expected);
	if (!have_counters) {
		igt_info("%s: sync rounds not counted\n", name);
	} else if (expected) {
		/*
		 * Enabling its callsites patched something, at most one batch
		 * more than the plain load: none more where the kernel patches
		 * a coming module's text in one batch.
		 */
		igt_assert_lte_s64(1, debug);
		igt_assert_lte_s64(debug - plain, MAX_ROUNDS);
	} else {
		igt_assert_eq_s64(debug - plain, 0);
	}
}

igt_main
{
	int fd = -1;

	igt_fixture {
		int ret;

		/* run last to first: unload, the mask back, then the flags */
		igt_install_exit_handler(restore_flags);
		igt_install_exit_handler(igt_drm_debug_mask_reset_exit_handler);
		igt_install_exit_handler(unload_late_module);

		fd = drm_open_driver(DRIVER_ANY);

		params = igt_sysfs_drm_module_params_open();
		igt_require_f(params >= 0, "no drm module parameters\n");
		igt_require(igt_drm_debug_mask_get(params) >= 0);

		igt_require_f(access(CONTROL, R_OK) == 0,
			      "no %s: the kernel lacks dynamic debug\n", CONTROL);
		read_callsites(&sites);
		igt_require_f(sites_in(&sites, all_categories()) > 0,
			      "no class'd DRM debug callsites: drm.debug does not use dynamic debug\n");
		save_flags();

		ret = igt_perf_open_kprobe(SYNC_FUNCTION, 0, -1);
		sync_fd = ret;
		have_counters = ret >= 0 && kprobes_enabled();
		if (!have_counters)
			igt_info("sync rounds not counted: kprobe perf event on %s: %s, kprobes %s\n",
				 SYNC_FUNCTION, ret < 0 ? strerror(-ret) : "ok",
				 kprobes_enabled() ? "enabled" : "disabled");

		for (int i = 0; i < sites.count; i++)
			igt_debug("%s: %d class'd callsites\n", sites.module[i].name,
				  count_in(sites.module[i].total, ~0u));
	}

	igt_describe("Set each drm.debug category on its own and read the mask back.");
	igt_subtest("basic") {
		for (int c = 0; c < NUM_CATEGORIES; c++) {
			igt_drm_debug_mask_update(categories[c].bit);
			igt_assert_eq_u32(read_mask(), categories[c].bit);
		}
		igt_drm_debug_mask_update(all_categories());
		igt_assert_eq_u32(read_mask(), all_categories());
		igt_drm_debug_mask_update(0);
		igt_assert_eq_u32(read_mask(), 0);
	}

	igt_describe("Switch the whole mask, and each category that has callsites, "
		     "on and off: each write is one batch of text patching, at "
		     "least one and at most three sync rounds.");
	igt_subtest_with_dynamic("toggle-cost") {
		igt_require_f(have_counters, "sync rounds cannot be counted here\n");
		igt_dynamic("all")
			toggle_cost("all", all_categories());

		for (int c = 0; c < NUM_CATEGORIES; c++) {
			if (!sites_in(&sites, categories[c].bit)) {
				igt_debug("%s: no callsites\n", categories[c].class);
				continue;
			}
			igt_dynamic_f("%s", categories[c].name)
				toggle_cost(categories[c].class, categories[c].bit);
		}
	}

	igt_describe("Per module with class'd DRM debug callsites: exactly the "
		     "callsites of the categories in the mask are enabled.");
	igt_subtest_with_dynamic("callsites-follow") {
		for (int i = 0; i < sites.count; i++)
			igt_dynamic_f("%s", sites.module[i].name)
				callsites_follow(sites.module[i].name);
	}

	igt_describe("Writing the value drm.debug already has changes no callsite "
		     "and patches no text.");
	igt_subtest("noop-write")
		noop_write();

	igt_describe("A DRM module loaded after categories are set has their "
		     "callsites enabled at load, for one batch of text patching.");
	igt_subtest_with_dynamic("late-load") {
		for (int i = 0; i < ARRAY_SIZE(late_modules); i++) {
			const char *name = late_modules[i];

			if (igt_kmod_is_loaded(name)) {
				igt_debug("%s: loaded already\n", name);
				continue;
			}
			igt_dynamic_f("%s", name)
				late_load(name);
		}
	}

	igt_fixture {
		if (sync_fd >= 0)
			close(sync_fd);
		close(params);
		drm_close_driver(fd);
	}
}
