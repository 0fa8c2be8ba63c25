// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg set SPEC: change drm.debug by category names; with -m, one
 * module's callsites through the control file; with --decorate, the
 * decoration flags of the enabled categories' callsites.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drm-dbg.h"
#include "state.h"

struct set_args {
	char spec[512];
	const char *module;
	const char *decorate;	/* "mfl", "" for none, NULL: leave alone */
	char decorate_buf[16];
	bool dry_run;
};

/* "mfslt" letters (any order, each once) or "none"/"_"; 0 or -1. */
static int parse_decorate(const char *s, char *out, size_t len)
{
	size_t n = 0;

	if (!strcmp(s, "none") || !strcmp(s, "_")) {
		out[0] = '\0';
		return 0;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!strchr("mfslt", *s) || memchr(out, *s, n) || n + 1 >= len)
			return -1;
		out[n++] = *s;
	}
	out[n] = '\0';
	return 0;
}

static int add_spec_word(struct set_args *a, const char *w)
{
	size_t len = strlen(a->spec);
	int n = snprintf(a->spec + len, sizeof(a->spec) - len, "%s%s", len ? " " : "", w);

	if (n < 0 || (size_t)n >= sizeof(a->spec) - len) {
		pr_err("category spec too long");
		return -1;
	}
	return 0;
}

/*
 * 0, EXIT_USAGE after printing why, or -1 for --help.
 * By hand rather than getopt: "-vbl" and "-dp" are spec words. An
 * argument is an option only if it is one exactly.
 */
static int parse_set_args(int argc, char **argv, struct set_args *a)
{
	bool opts = true;
	int i, g;

	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *val = NULL;

		if (opts && !strcmp(w, "--")) {
			opts = false;
			continue;
		}
		if (opts && (g = global_option(argc, argv, &i)) != 0) {
			if (g < 0)
				return EXIT_USAGE;
			if (g == 2)
				return -1;	/* --help */
			continue;
		}
		if (opts && (!strcmp(w, "-n") || !strcmp(w, "--dry-run"))) {
			a->dry_run = true;
			continue;
		}
		if (opts && (!strcmp(w, "-m") || !strcmp(w, "--module") ||
			     !strncmp(w, "--module=", 9))) {
			val = w[1] == '-' && w[8] == '=' ? w + 9 : i + 1 < argc ? argv[++i] : NULL;
			if (!val || !*val) {
				pr_err("set: missing argument to '-m' (see drm-dbg help set)");
				return EXIT_USAGE;
			}
			a->module = val;
			continue;
		}
		if (opts && (!strcmp(w, "--decorate") || !strncmp(w, "--decorate=", 11))) {
			val = w[10] == '=' ? w + 11 : i + 1 < argc ? argv[++i] : NULL;
			if (!val || parse_decorate(val, a->decorate_buf, sizeof(a->decorate_buf))) {
				pr_err("set: --decorate takes letters of mfslt (module, function, source file, line, thread) or none");
				return EXIT_USAGE;
			}
			a->decorate = a->decorate_buf;
			continue;
		}
		if (opts && w[0] == '-' && w[1] == '-') {
			pr_err("set: unknown option '%s' (see drm-dbg help set)", w);
			return EXIT_USAGE;
		}
		if (add_spec_word(a, w))
			return EXIT_USAGE;
	}
	if (!a->spec[0]) {
		pr_err("set needs a SPEC: kms,atomic  +dp -vbl  0x1e  all  none");
		return EXIT_USAGE;
	}
	return 0;
}

/* The queries that decorate the categories of @mask ("=p" plus the flags). */
static int decorate_queries(struct strlist *q, const char *module, unsigned long mask,
			    const unsigned int *per_cat, const char *flags)
{
	char buf[160];
	size_t k;

	for (k = 0; k < n_categories; k++) {
		if (!(mask & (1UL << categories[k].bit)) || (per_cat && !per_cat[categories[k].bit]))
			continue;
		snprintf(buf, sizeof(buf), "%s%s%sclass DRM_UT_%s =p%s\n", module ? "module " : "",
			 module ? module : "", module ? " " : "", categories[k].name, flags);
		if (strlist_add(q, buf)) {
			pr_err("out of memory");
			return EXIT_FAIL;
		}
	}
	return 0;
}

static int control_writable(void)
{
	char p[512];

	if (sysio.writable(proc_path(p, sizeof(p), "dynamic_debug/control"))) {
		int err = errno;

		pr_err("cannot write %s: %s%s", p, strerror(err),
		       err == ENOENT ? " (kernel without CONFIG_DYNAMIC_DEBUG)" : root_hint(err));
		return err == ENOENT ? EXIT_NO_DYNDBG : exit_for_errno(err);
	}
	return 0;
}

static void print_result(const char *what, unsigned long old, unsigned long new,
			 const struct strlist *q, bool param, const struct set_args *a)
{
	char x[160], y[160];
	size_t i;

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		if (a->module)
			json_str(&j, "module", a->module);
		json_u64(&j, "old", old);
		json_u64(&j, "new", new);
		json_categories(&j, "old_names", old);
		json_categories(&j, "new_names", new);
		if (a->dry_run)
			json_bool(&j, "dry_run", true);
		if (param)
			json_u64(&j, "debug_written", new);
		json_open(&j, "queries", '[');
		for (i = 0; i < q->n; i++) {
			char s[1100];

			snprintf(s, sizeof(s), "%.*s", (int)strcspn(q->v[i], "\n"), q->v[i]);
			json_str(&j, NULL, s);
		}
		json_close(&j, ']');
		json_close(&j, '}');
		json_end(&j);
		return;
	}
	printf("%s 0x%lx (%s) -> 0x%lx (%s)%s\n", what, old,
	       category_mask_names(old, x, sizeof(x)), new, category_mask_names(new, y, sizeof(y)),
	       a->dry_run ? " (dry run: nothing written)" : "");
	if (a->dry_run && param)
		printf("would write 0x%lx to drm.debug\n", new);
	for (i = 0; i < q->n; i++)
		printf("%s%.*s\n", a->dry_run ? "would write to the control file: " : "control: ",
		       (int)strcspn(q->v[i], "\n"), q->v[i]);
}

/* set -m MODULE: that module's class'd callsites, per category, through the control file. */
static int set_module(struct set_args *a)
{
	struct dbg_stats st;
	const struct module_stats *m;
	struct strlist q = { 0 };
	unsigned long old = 0, new;
	char err[200], buf[160];
	size_t k;
	int rc;

	if (drm_loaded() && !drm_uses_dyndbg()) {
		pr_err("-m needs drm.debug implemented with dynamic debug; here it is a plain bitmask (CONFIG_DRM_USE_DYNAMIC_DEBUG=n): every module follows drm.debug");
		return EXIT_NO_DYNDBG;
	}
	dbg_stats_read(&st);
	if (!st.available) {
		FILE *f = control_open(&rc, false);	/* to say why */

		if (f) {
			fclose(f);
			rc = EXIT_FAIL;
		}
		return rc;
	}
	m = dbg_stats_module(&st, a->module);
	if (!m) {
		pr_err("module %s has no DRM debug callsites (not loaded, or no DRM classmap; see drm-dbg status)",
		       a->module);
		return EXIT_USAGE;
	}
	/* a category is on for the module when all its callsites are */
	for (k = 0; k < n_categories; k++) {
		unsigned int b = categories[k].bit;

		if (m->per_cat[b] && m->per_cat_enabled[b] == m->per_cat[b])
			old |= 1UL << b;
	}
	if (category_parse_spec(a->spec, old, &new, err, sizeof(err))) {
		pr_err("%s; nothing changed", err);
		return EXIT_USAGE;
	}
	for (k = 0; k < n_categories; k++) {
		unsigned int b = categories[k].bit;
		bool want = new & (1UL << b);

		if (!m->per_cat[b] || (want && a->decorate))
			continue;	/* none here; or written with its decoration below */
		if (want ? m->per_cat_enabled[b] == m->per_cat[b] : !m->per_cat_enabled[b])
			continue;	/* already so */
		snprintf(buf, sizeof(buf), "module %s class DRM_UT_%s %cp\n", a->module,
			 categories[k].name, want ? '+' : '-');
		if (strlist_add(&q, buf)) {
			pr_err("out of memory");
			strlist_free(&q);
			return EXIT_FAIL;
		}
	}
	rc = a->decorate ? decorate_queries(&q, a->module, new, m->per_cat, a->decorate) : 0;
	if (!rc && !a->dry_run) {
		rc = control_writable();
		if (!rc)
			rc = state_lock("set", false);
		/* short queries: one write, which the kernel applies whole or not at all */
		if (!rc)
			rc = control_write_all(&q);
		state_unlock();
	}
	if (!rc) {
		snprintf(buf, sizeof(buf), "%s", a->module);
		print_result(buf, old, new, &q, false, a);
	}
	strlist_free(&q);
	return rc;
}

int do_set(int argc, char **argv)
{
	struct set_args a = { .spec = "" };
	struct strlist q = { 0 };
	unsigned long old, new;
	int rc = parse_set_args(argc, argv, &a);

	if (rc < 0)
		return cmd_help("set");
	if (rc)
		return rc;
	if (a.module)
		return set_module(&a);
	rc = spec_against_current(a.spec, &old, &new);
	if (rc)
		return rc;
	if (a.decorate) {
		if (!drm_uses_dyndbg()) {
			pr_err("--decorate needs drm.debug implemented with dynamic debug (see drm-dbg status)");
			return EXIT_NO_DYNDBG;
		}
		rc = decorate_queries(&q, NULL, new, NULL, a.decorate);
	}
	if (!rc && !a.dry_run) {
		rc = debug_writable();
		if (!rc && q.n)
			rc = control_writable();
		if (!rc)
			rc = state_lock("set", false);
		if (!rc && new != old)
			rc = debug_write(new);
		if (!rc && q.n) {
			rc = control_write_all(&q);
			/* nothing half-changed: the mask goes back if the flags failed */
			if (rc && new != old && debug_write(old))
				pr_err("drm.debug left at 0x%lx", new);
		}
		state_unlock();
	}
	if (!rc)
		print_result("drm.debug", old, new, &q, new != old, &a);
	strlist_free(&q);
	return rc;
}
