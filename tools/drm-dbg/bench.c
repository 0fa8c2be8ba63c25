// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg bench: what switching every DRM debug category on and off costs,
 * in text-patching syncs, IPIs and time, for three ways of writing it:
 *
 *   one-write  drm.debug 0 -> 0x3ff -> 0
 *   per-class  one "class DRM_UT_X +p" control write per category
 *   per-site   one control write per class'd callsite
 *
 * Syncs are counted with a perf kprobe counter on do_sync_core() on every
 * CPU (kprobe.c): every text-poke sync runs it once on every online CPU,
 * so a write's IPIs are syncs * (ncpu - 1). Nothing of tracefs is touched. Without the kprobe, IPIs come from the CAL row of
 * /proc/interrupts (noisy: timers and this process's own reads add some),
 * and without that row they are not available. The previous state -- the
 * mask and the flags of every class'd callsite -- is restored at the end,
 * also on SIGINT/SIGTERM/SIGHUP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drm-dbg.h"
#include "kprobe.h"
#include "state.h"

/* ---- write patterns ---- */

struct pattern {
	const char *name;
	bool control;			/* control queries, or drm.debug */
	struct strlist on, off;		/* one write each */
};

static const char *const pattern_names[] = { "one-write", "per-class", "per-site" };

static int run_writes(const struct strlist *qs)
{
	size_t i;
	int rc;

	for (i = 0; i < qs->n; i++) {
		rc = control_write(qs->v[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* "QUERY +p\n" and "QUERY -p\n" into the pattern. */
static int add_pair(struct pattern *pt, const char *query)
{
	char q[1100];

	snprintf(q, sizeof(q), "%s +p\n", query);
	if (strlist_add(&pt->on, q))
		return -1;
	snprintf(q, sizeof(q), "%s -p\n", query);
	return strlist_add(&pt->off, q);
}

static int collect_site(const struct callsite *cs, void *arg)
{
	char q[1024];

	if (!callsite_category(cs))
		return 0;
	/* a query must name the class of a class'd site, or it matches none */
	snprintf(q, sizeof(q), "module %s file %s line %u class %s", cs->module, cs->file,
		 cs->line, cs->class);
	return add_pair(arg, q);
}

static int pattern_build(struct pattern *pt)
{
	char q[64];
	size_t i;

	if (!strcmp(pt->name, "per-class")) {
		for (i = 0; i < n_categories; i++) {
			snprintf(q, sizeof(q), "class DRM_UT_%s", categories[i].name);
			if (add_pair(pt, q)) {
				pr_err("out of memory");
				return EXIT_FAIL;
			}
		}
		return 0;
	}
	return control_scan(collect_site, pt, false);
}

/* ---- statistics ---- */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

struct stat3 {
	bool valid;
	long long min, median, max;
};

/* Min, median (the mean of the middle two for an even count) and max. */
static struct stat3 stat3(const long long *in, int n)
{
	struct stat3 s = { 0 };
	long long v[1000];

	if (n <= 0 || n > 1000)
		return s;
	memcpy(v, in, (size_t)n * sizeof(*v));
	qsort(v, (size_t)n, sizeof(*v), cmp_ll);
	s.valid = true;
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return s;
}

static void json_stat3(struct json *j, const char *key, struct stat3 s)
{
	if (!s.valid) {
		json_null(j, key);
		return;
	}
	json_open(j, key, '{');
	json_i64(j, "min", s.min);
	json_i64(j, "median", s.median);
	json_i64(j, "max", s.max);
	json_close(j, '}');
}

#define MAX_ROUNDS 1000

struct samples {
	long long syncs[MAX_ROUNDS], ipis[MAX_ROUNDS], cal[MAX_ROUNDS], ns[MAX_ROUNDS];
};

struct bench {
	struct pattern pt;
	int rounds, done, ncpu;
	bool exact, have_cal;
	unsigned long old;
	struct samples on, off;
};

/* One switch: run it, record its cost. */
static int measure(struct bench *b, bool on, struct samples *s, int round)
{
	long long h0 = b->exact ? sync_probe_hits() : 0, c0 = read_cal(), t0 = now_ns(), t1, h1;
	int rc;

	if (h0 < 0) {
		pr_err("cannot read the do_sync_core counters: %s", strerror(errno));
		return EXIT_FAIL;
	}
	if (b->pt.control)
		rc = run_writes(on ? &b->pt.on : &b->pt.off);
	else
		rc = debug_write(on ? CATEGORY_ALL_MASK : 0);
	t1 = now_ns();
	h1 = b->exact ? sync_probe_hits() : 0;
	if (h1 < 0 || h1 < h0) {
		pr_err("cannot read the do_sync_core counters: %s", h1 < 0 ? strerror(errno) : "they went back");
		return EXIT_FAIL;
	}
	s->ns[round] = t1 - t0;
	s->cal[round] = b->have_cal ? read_cal() - c0 : 0;
	s->syncs[round] = b->exact ? (h1 - h0) / b->ncpu : 0;
	s->ipis[round] = b->exact ? s->syncs[round] * (b->ncpu - 1) : s->cal[round];
	return rc;
}

static void print_stat(struct stat3 s, bool ms)
{
	if (!s.valid)
		printf(" %23s", "not available");
	else if (ms)
		printf(" %7.2f %7.2f %7.2f", s.min / 1e6, s.median / 1e6, s.max / 1e6);
	else
		printf(" %7lld %7lld %7lld", s.min, s.median, s.max);
}

static void bench_report(const struct bench *b)
{
	const struct samples *s[2] = { &b->on, &b->off };
	const char *names[2] = { "on", "off" };
	bool ipis = b->exact || b->have_cal;
	size_t writes = b->pt.control ? b->pt.on.n : 1;
	int i;

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		json_str(&j, "pattern", b->pt.name);
		json_i64(&j, "rounds", b->done);
		json_i64(&j, "ncpu", b->ncpu);
		json_u64(&j, "writes", writes);
		json_bool(&j, "exact_ipis", b->exact);
		json_str(&j, "ipi_source", b->exact ? "kprobe" : b->have_cal ? "cal" : NULL);
		for (i = 0; i < 2; i++) {
			json_open(&j, names[i], '{');
			json_stat3(&j, "syncs", b->exact ? stat3(s[i]->syncs, b->done) : (struct stat3){ 0 });
			json_stat3(&j, "ipis", ipis ? stat3(s[i]->ipis, b->done) : (struct stat3){ 0 });
			json_stat3(&j, "cal", b->have_cal ? stat3(s[i]->cal, b->done) : (struct stat3){ 0 });
			json_stat3(&j, "ns", stat3(s[i]->ns, b->done));
			json_close(&j, '}');
		}
		json_close(&j, '}');
		json_end(&j);
		return;
	}
	printf("pattern %s, %d round%s, %d CPUs, %zu write%s per switch, IPIs %s\n",
	       b->pt.name, b->done, b->done == 1 ? "" : "s", b->ncpu, writes, writes == 1 ? "" : "s",
	       b->exact ? "exact (perf kprobe on do_sync_core)" :
	       b->have_cal ? "from the CAL row (noisy)" :
	       "not available (no kprobe on do_sync_core, no CAL row in /proc/interrupts)");
	printf("%-4s %23s %23s %23s\n", "", "syncs min/median/max", "IPIs min/median/max",
	       "ms min/median/max");
	for (i = 0; i < 2; i++) {
		printf("%-4s", names[i]);
		print_stat(b->exact ? stat3(s[i]->syncs, b->done) : (struct stat3){ 0 }, false);
		print_stat(ipis ? stat3(s[i]->ipis, b->done) : (struct stat3){ 0 }, false);
		print_stat(stat3(s[i]->ns, b->done), true);
		printf("\n");
	}
	if (!drm_uses_dyndbg())
		printf("(drm.debug is a plain bitmask here: a switch patches no code and costs no IPIs)\n");
}

static int bench_args(int argc, char **argv, struct bench *b)
{
	static const struct option longopts[] = {
		{ "rounds",  required_argument, NULL, 'r' },
		{ "pattern", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	size_t i;
	int opt;

	while ((opt = cmd_getopt(argc, argv, "bench", "r:P:", longopts)) != -1) {
		switch (opt) {
		case 'r':
			if (parse_int(optarg, 1, MAX_ROUNDS, &b->rounds)) {
				pr_err("bench: -r takes 1 to %d rounds, not '%s'", MAX_ROUNDS, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'P':
			for (i = 0; i < 3 && strcmp(optarg, pattern_names[i]); i++)
				;
			if (i == 3) {
				pr_err("bench: unknown pattern '%s': one-write, per-class or per-site",
				       optarg);
				return EXIT_USAGE;
			}
			b->pt.name = pattern_names[i];
			b->pt.control = i > 0;
			break;
		case 'h':
			return -1;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		pr_err("bench: unexpected argument '%s' (a pattern is given with -P; see drm-dbg help bench)",
		       argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

int do_bench(int argc, char **argv)
{
	static struct bench b;
	struct flag_snapshot snap = { 0 };
	bool dyndbg, mask_ok, flags_ok;
	int r, rc;

	memset(&b, 0, sizeof(b));
	b.rounds = 5;
	b.pt.name = pattern_names[0];
	b.ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	rc = bench_args(argc, argv, &b);
	if (rc)
		return rc < 0 ? cmd_help("bench") : rc;
	rc = debug_read(&b.old);
	if (!rc)
		rc = debug_writable();
	if (!rc)
		rc = state_lock("bench", true);
	if (rc)
		return rc;
	dyndbg = have_dyndbg() && drm_uses_dyndbg();
	if (b.pt.control && !dyndbg) {
		pr_err("pattern %s needs drm.debug implemented with dynamic debug", b.pt.name);
		return EXIT_NO_DYNDBG;
	}
	if (b.pt.control) {
		rc = pattern_build(&b.pt);
		if (rc)
			goto out;
	}
	if (dyndbg) {
		rc = flags_snapshot(&snap);
		if (rc)
			goto out;
	}
	rc = state_save("bench", b.old, dyndbg ? &snap : NULL);
	if (rc)
		goto out;

	b.exact = sync_probe_start();
	if (b.exact)
		b.ncpu = sync_probe_cpus();
	b.have_cal = read_cal() >= 0;
	stop_signals_catch();

	/* start from all off */
	rc = debug_write(0);
	if (!rc && b.pt.control)
		rc = run_writes(&b.pt.off);
	for (r = 0; !rc && r < b.rounds && !stop_signal; r++) {
		rc = measure(&b, true, &b.on, r);
		if (!rc)
			rc = measure(&b, false, &b.off, r);
		if (!rc)
			b.done++;
	}

	/* restore: everything off by both paths, the old mask, then the flags */
	if (b.pt.control && run_writes(&b.pt.off))
		rc = EXIT_FAIL;
	mask_ok = !debug_write(0) && !debug_write(b.old);
	flags_ok = !dyndbg || !flags_restore(&snap, NULL);
	if (!mask_ok || !flags_ok)
		rc = EXIT_FAIL;
	else
		state_clear();
	sync_probe_stop();
	stop_signals_release();
	restore_errors(mask_ok, b.old, flags_ok);
	if (stop_signal) {
		if (mask_ok)
			pr_note("interrupted after %d rounds; drm.debug restored to 0x%lx",
				b.done, b.old);
		else
			pr_note("interrupted after %d rounds", b.done);
		if (!rc)
			rc = 128 + stop_signal;
	}
	/* with -j, an error is the one JSON document: no report after it */
	if (b.done && (!rc || !json_output))
		bench_report(&b);
out:
	state_unlock();
	strlist_free(&b.pt.on);
	strlist_free(&b.pt.off);
	flags_snapshot_free(&snap);
	return rc;
}
