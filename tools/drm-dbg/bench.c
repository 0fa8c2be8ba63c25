// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg bench: what switching every DRM debug category on and off costs,
 * in IPIs and time, for three ways of writing it:
 *
 *   one-write  drm.debug 0 -> 0x3ff -> 0
 *   per-class  one "class DRM_UT_X +p" control query per category
 *   per-site   one control query per class'd callsite
 *
 * IPIs come from the CAL row of /proc/interrupts (noisy: timers and this
 * process's own reads add a few) and, where a kprobe can be put on
 * do_sync_core(), exactly: every text-poke sync runs it once on every
 * online CPU, so a write's IPIs are syncs * (ncpu - 1). The previous
 * state is restored at the end, also on SIGINT/SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drm-dbg.h"

#define PROBE_GROUP "drm_dbg"
#define PROBE_NAME "drm_dbg_sync"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- the do_sync_core kprobe ---- */

static char tracing[300];
static char optimize_before[16];

static int write_file(const char *path, const char *s, bool append)
{
	int fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC));
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static bool probe_start(void)
{
	static const char *dirs[] = { "kernel/tracing", "kernel/debug/tracing" };
	char p[512], d[300];
	FILE *f;
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(d, sizeof(d), "%s/%s", sysfs_root, dirs[i]);
		snprintf(p, sizeof(p), "%s/kprobe_events", d);
		if (!access(p, W_OK))
			break;
	}
	if (i == 2)
		return false;
	snprintf(tracing, sizeof(tracing), "%s", d);
	/* an optimized kprobe is patched in later, with syncs of its own */
	f = fopen(proc_path(p, sizeof(p), "sys/debug/kprobes-optimization"), "r");
	if (f) {
		if (!fgets(optimize_before, sizeof(optimize_before), f))
			optimize_before[0] = '\0';
		fclose(f);
		write_file(p, "0\n", false);
	}
	snprintf(p, sizeof(p), "%s/kprobe_events", tracing);
	write_file(p, "p:" PROBE_GROUP "/" PROBE_NAME " do_sync_core\n", true);
	snprintf(p, sizeof(p), "%s/events/" PROBE_GROUP "/" PROBE_NAME "/enable", tracing);
	return !write_file(p, "1\n", false);
}

static void probe_stop(void)
{
	char p[512];

	if (!tracing[0])
		return;
	snprintf(p, sizeof(p), "%s/events/" PROBE_GROUP "/" PROBE_NAME "/enable", tracing);
	write_file(p, "0\n", false);
	snprintf(p, sizeof(p), "%s/kprobe_events", tracing);
	write_file(p, "-:" PROBE_GROUP "/" PROBE_NAME "\n", true);
	if (optimize_before[0])
		write_file(proc_path(p, sizeof(p), "sys/debug/kprobes-optimization"),
			   optimize_before, false);
}

static long long probe_hits(void)
{
	char p[512], line[512], name[128];
	unsigned long long hits;
	long long n = -1;
	FILE *f;

	snprintf(p, sizeof(p), "%s/kprobe_profile", tracing);
	f = fopen(p, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %llu", name, &hits) == 2 && !strcmp(name, PROBE_NAME))
			n = (long long)hits;
	fclose(f);
	return n;
}

/* ---- write patterns ---- */

struct pattern {
	const char *name;
	char **on, **off;	/* control queries, or NULL: drm.debug */
	size_t n;
};

static int control_write(const char *q)
{
	char p[512];

	if (write_file(proc_path(p, sizeof(p), "dynamic_debug/control"), q, false)) {
		error("control write '%s' failed: %s", q, strerror(errno));
		return -1;
	}
	return 0;
}

static int run_writes(char **qs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (control_write(qs[i]))
			return -1;
	return 0;
}

struct site_list {
	char **on, **off;
	size_t n, max;
};

static int collect_site(const struct callsite *cs, void *arg)
{
	struct site_list *l = arg;
	char q[512];

	if (!cs->class || cs->class == CLASS_UNKNOWN || !category_by_class(cs->class))
		return 0;
	if (l->n == l->max) {
		size_t max = l->max ? l->max * 2 : 1024;
		char **on = realloc(l->on, max * sizeof(*on));

		if (!on)
			return -1;
		l->on = on;
		char **off = realloc(l->off, max * sizeof(*off));

		if (!off)
			return -1;
		l->off = off;
		l->max = max;
	}
	snprintf(q, sizeof(q), "module %s file %s line %u class %s +p\n", cs->module,
		 cs->file, cs->line, cs->class);
	l->on[l->n] = strdup(q);
	q[strlen(q) - 2] = '-';
	l->off[l->n] = strdup(q);
	if (!l->on[l->n] || !l->off[l->n])
		return -1;
	l->n++;
	return 0;
}

static void free_list(char **qs, size_t n)
{
	size_t i;

	for (i = 0; qs && i < n; i++)
		free(qs[i]);
	free(qs);
}

/* ---- statistics ---- */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

struct stat3 {
	long long min, median, max;
};

static struct stat3 stat3(long long *v, int n)
{
	struct stat3 s = { 0, 0, 0 };

	if (n <= 0)
		return s;
	qsort(v, (size_t)n, sizeof(*v), cmp_ll);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return s;
}

static void json_stat3(struct json *j, const char *key, struct stat3 s)
{
	json_open(j, key, '{');
	json_i64(j, "min", s.min);
	json_i64(j, "median", s.median);
	json_i64(j, "max", s.max);
	json_close(j, '}');
}

#define MAX_ROUNDS 1000

struct samples {
	long long ipis[MAX_ROUNDS], cal[MAX_ROUNDS], ns[MAX_ROUNDS];
};

/* One switch: run it, record its cost. */
static int measure(const struct pattern *pt, bool on, unsigned long mask, bool exact,
		   int ncpu, struct samples *s, int round)
{
	long long h0 = exact ? probe_hits() : 0, c0 = read_cal(), t0 = now_ns(), t1;
	int rc;

	if (pt->on)
		rc = run_writes(on ? pt->on : pt->off, pt->n) ? EXIT_FAIL : 0;
	else
		rc = debug_write(on ? mask : 0);
	t1 = now_ns();
	s->ns[round] = t1 - t0;
	s->cal[round] = read_cal() - c0;
	s->ipis[round] = exact ? (probe_hits() - h0) / ncpu * (ncpu - 1) : s->cal[round];
	return rc;
}

int do_bench(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rounds",  required_argument, NULL, 'r' },
		{ "pattern", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	static struct samples son, soff;
	struct sigaction sa = { .sa_handler = on_signal };
	struct site_list sites = { 0 };
	struct pattern pt = { .name = "one-write" };
	char *class_on[16], *class_off[16];
	unsigned long old;
	int opt, rounds = 5, r, done = 0, rc, ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	bool exact;
	size_t i;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "r:P:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			rounds = atoi(optarg);
			if (rounds < 1 || rounds > MAX_ROUNDS) {
				error("-r takes 1 to %d rounds", MAX_ROUNDS);
				return EXIT_USAGE;
			}
			break;
		case 'P':
			if (strcmp(optarg, "one-write") && strcmp(optarg, "per-class") &&
			    strcmp(optarg, "per-site")) {
				error("unknown pattern '%s': one-write, per-class or per-site", optarg);
				return EXIT_USAGE;
			}
			pt.name = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	rc = debug_read(&old);
	if (!rc)
		rc = debug_writable();
	if (rc)
		return rc;
	if (strcmp(pt.name, "one-write")) {
		FILE *ctl;

		if (!have_dyndbg() || !drm_uses_dyndbg()) {
			error("pattern %s needs drm.debug implemented with dynamic debug", pt.name);
			return EXIT_NO_DYNDBG;
		}
		if (!strcmp(pt.name, "per-class")) {
			for (i = 0; i < n_categories; i++) {
				char q[64];

				snprintf(q, sizeof(q), "class DRM_UT_%s +p\n", categories[i].name);
				class_on[i] = strdup(q);
				q[strlen(q) - 2] = '-';
				class_off[i] = strdup(q);
			}
			pt.on = class_on;
			pt.off = class_off;
			pt.n = n_categories;
		} else {
			ctl = control_open();
			if (!ctl)
				return EXIT_PERM;
			rc = callsites_each(ctl, collect_site, &sites);
			fclose(ctl);
			if (rc) {
				error("out of memory");
				rc = EXIT_FAIL;
				goto out_free;
			}
			pt.on = sites.on;
			pt.off = sites.off;
			pt.n = sites.n;
		}
	}

	exact = probe_start();
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* start from all off */
	rc = debug_write(0);
	if (!rc && pt.on)
		rc = run_writes(pt.off, pt.n) ? EXIT_FAIL : 0;
	for (r = 0; !rc && r < rounds && !stop_signal; r++) {
		rc = measure(&pt, true, CATEGORY_ALL_MASK, exact, ncpu, &son, r);
		if (!rc)
			rc = measure(&pt, false, CATEGORY_ALL_MASK, exact, ncpu, &soff, r);
		if (!rc)
			done++;
	}

	/* restore: everything off by both paths, then the old mask */
	if (pt.on)
		run_writes(pt.off, pt.n);
	if (debug_write(0) || debug_write(old))
		rc = EXIT_FAIL;
	probe_stop();
	if (stop_signal)
		fprintf(stderr, "drm-dbg: interrupted after %d rounds; drm.debug restored to 0x%lx\n",
			done, old);

	if (done) {
		struct stat3 ion = stat3(son.ipis, done), ioff = stat3(soff.ipis, done);
		struct stat3 con = stat3(son.cal, done), coff = stat3(soff.cal, done);
		struct stat3 non = stat3(son.ns, done), noff = stat3(soff.ns, done);

		if (json_output) {
			struct json j;

			json_init(&j, stdout, pretty_output);
			json_open(&j, NULL, '{');
			json_str(&j, "pattern", pt.name);
			json_i64(&j, "rounds", done);
			json_i64(&j, "ncpu", ncpu);
			json_u64(&j, "writes", pt.on ? pt.n : 1);
			json_bool(&j, "exact_ipis", exact);
			json_open(&j, "on", '{');
			json_stat3(&j, "ipis", ion);
			json_stat3(&j, "cal", con);
			json_stat3(&j, "ns", non);
			json_close(&j, '}');
			json_open(&j, "off", '{');
			json_stat3(&j, "ipis", ioff);
			json_stat3(&j, "cal", coff);
			json_stat3(&j, "ns", noff);
			json_close(&j, '}');
			json_close(&j, '}');
			json_end(&j);
		} else {
			printf("pattern %s, %d rounds, %d CPUs, %zu writes per switch, IPIs %s\n",
			       pt.name, done, ncpu, pt.on ? pt.n : (size_t)1,
			       exact ? "exact (kprobe on do_sync_core)" : "from the CAL row (noisy)");
			printf("%-6s %23s %23s\n", "", "IPIs min/median/max", "ms min/median/max");
			printf("%-6s %7lld %7lld %7lld %7.2f %7.2f %7.2f\n", "on", ion.min, ion.median,
			       ion.max, non.min / 1e6, non.median / 1e6, non.max / 1e6);
			printf("%-6s %7lld %7lld %7lld %7.2f %7.2f %7.2f\n", "off", ioff.min,
			       ioff.median, ioff.max, noff.min / 1e6, noff.median / 1e6, noff.max / 1e6);
			if (!drm_uses_dyndbg())
				printf("(drm.debug is a plain bitmask here: a switch patches no code and costs no IPIs)\n");
		}
	}
out_free:
	free_list(sites.on, sites.n);
	free_list(sites.off, sites.n);
	if (pt.on == class_on)
		for (i = 0; i < n_categories; i++) {
			free(class_on[i]);
			free(class_off[i]);
		}
	return rc;
}
