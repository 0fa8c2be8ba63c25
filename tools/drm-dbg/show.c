// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg status, list, callsites: what is set, and where.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "drm-dbg.h"

static int stats_add(const struct callsite *cs, void *arg)
{
	struct dbg_stats *st = arg;
	const struct category *c;
	struct module_stats *m = NULL;
	unsigned int i;

	if (cs->class == CLASS_UNKNOWN) {
		st->unknown_class++;
		return 0;
	}
	if (!cs->class || !(c = category_by_class(cs->class)))
		return 0;
	for (i = 0; i < st->n; i++)
		if (!strcmp(st->mod[i].name, cs->module))
			m = &st->mod[i];
	if (!m) {
		if (st->n == MAX_MODULES)
			return 0;
		m = &st->mod[st->n++];
		snprintf(m->name, sizeof(m->name), "%s", cs->module);
	}
	m->total++;
	m->per_cat[c->bit]++;
	if (cs->enabled) {
		m->enabled++;
		m->per_cat_enabled[c->bit]++;
	}
	return 0;
}

void dbg_stats_read(struct dbg_stats *st)
{
	char p[512];
	FILE *f;

	memset(st, 0, sizeof(*st));
	f = fopen(proc_path(p, sizeof(p), "dynamic_debug/control"), "r");
	if (!f)
		return;
	st->available = true;
	callsites_each(f, stats_add, st);
	fclose(f);
}

int do_status(int argc, char **argv)
{
	struct dbg_stats st;
	unsigned long mask;
	char names[128];
	bool dyndbg, via_dyndbg;
	unsigned int i;
	size_t k;
	int rc;

	if (argc > 1) {
		error("status takes no arguments");
		return EXIT_USAGE;
	}
	(void)argv;
	rc = debug_read(&mask);
	if (rc)
		return rc;
	dyndbg = have_dyndbg();
	via_dyndbg = drm_uses_dyndbg();
	dbg_stats_read(&st);

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		json_u64(&j, "debug", mask);
		json_str(&j, "names", category_mask_names(mask, names, sizeof(names)));
		json_open(&j, "kernel", '{');
		json_bool(&j, "dynamic_debug", dyndbg);
		json_bool(&j, "drm_uses_dynamic_debug", via_dyndbg);
		json_bool(&j, "classmaps", st.n > 0);
		json_bool(&j, "callsites_available", st.available && st.n > 0);
		json_close(&j, '}');
		json_open(&j, "categories", '[');
		for (k = 0; k < n_categories; k++) {
			json_open(&j, NULL, '{');
			json_str(&j, "name", categories[k].name);
			json_u64(&j, "bit", categories[k].bit);
			json_bool(&j, "enabled", mask & (1UL << categories[k].bit));
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_open(&j, "modules", '[');
		for (i = 0; i < st.n; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "name", st.mod[i].name);
			json_u64(&j, "enabled", st.mod[i].enabled);
			json_u64(&j, "callsites", st.mod[i].total);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_u64(&j, "unknown_class", st.unknown_class);
		json_close(&j, '}');
		json_end(&j);
		return EXIT_OK;
	}

	printf("drm.debug  0x%lx (%s)\n", mask, category_mask_names(mask, names, sizeof(names)));
	for (k = 0; k < n_categories; k++)
		printf("  %-7s %-3s  bit %u\n", categories[k].name,
		       mask & (1UL << categories[k].bit) ? "on" : "off", categories[k].bit);
	printf("kernel     dynamic debug %s, drm.debug %s, DRM classmaps %s\n",
	       dyndbg ? "yes" : "no",
	       via_dyndbg ? "via dynamic debug (CONFIG_DRM_USE_DYNAMIC_DEBUG)" :
			    "a plain bitmask (switching costs no IPIs)",
	       st.n ? "yes" : "no");
	if (!st.available || !st.n) {
		printf("callsites  unavailable%s\n",
		       via_dyndbg ? "" : " (drm.debug is not implemented with dynamic debug)");
		return EXIT_OK;
	}
	printf("callsites  enabled/class'd per module\n");
	for (i = 0; i < st.n; i++)
		printf("  %-20s %5u/%u\n", st.mod[i].name, st.mod[i].enabled, st.mod[i].total);
	if (st.unknown_class)
		printf("  (%u callsites of an unknown class: not reachable by drm.debug)\n",
		       st.unknown_class);
	return EXIT_OK;
}

int do_list(int argc, char **argv)
{
	struct dbg_stats st;
	unsigned int i;
	size_t k;

	if (argc > 1) {
		error("list takes no arguments");
		return EXIT_USAGE;
	}
	(void)argv;
	dbg_stats_read(&st);

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '[');
		for (k = 0; k < n_categories; k++) {
			const struct category *c = &categories[k];

			json_open(&j, NULL, '{');
			json_str(&j, "name", c->name);
			json_u64(&j, "bit", c->bit);
			json_u64(&j, "mask", 1UL << c->bit);
			json_str(&j, "meaning", c->meaning);
			json_open(&j, "callsites", '{');
			for (i = 0; i < st.n; i++)
				if (st.mod[i].per_cat[c->bit])
					json_u64(&j, st.mod[i].name, st.mod[i].per_cat[c->bit]);
			json_close(&j, '}');
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_end(&j);
		return EXIT_OK;
	}

	printf("%-7s %3s %6s  %s\n", "NAME", "BIT", "MASK", "MEANING / CALLSITES");
	for (k = 0; k < n_categories; k++) {
		const struct category *c = &categories[k];
		const char *sep = "    ";

		printf("%-7s %3u %#6lx  %s\n", c->name, c->bit, 1UL << c->bit, c->meaning);
		if (!st.available || !st.n)
			continue;
		printf("%19s", "");
		for (i = 0; i < st.n; i++) {
			if (!st.mod[i].per_cat[c->bit])
				continue;
			printf("%s%s %u", sep, st.mod[i].name, st.mod[i].per_cat[c->bit]);
			sep = ", ";
		}
		printf("%s\n", strcmp(sep, "    ") ? "" : "    (no callsites)");
	}
	if (!st.available)
		printf("(callsite counts unavailable: no dynamic debug control file)\n");
	return EXIT_OK;
}

struct callsite_filter {
	const struct category *cat;
	const char *module;
	bool enabled;
	unsigned int count;
	struct json *j;
};

static int callsite_show(const struct callsite *cs, void *arg)
{
	struct callsite_filter *f = arg;
	const struct category *c;

	if (!cs->class || cs->class == CLASS_UNKNOWN || !(c = category_by_class(cs->class)))
		return 0;
	if ((f->cat && c != f->cat) || (f->module && strcmp(f->module, cs->module)) ||
	    (f->enabled && !cs->enabled))
		return 0;
	f->count++;
	if (f->j) {
		json_open(f->j, NULL, '{');
		json_str(f->j, "file", cs->file);
		json_u64(f->j, "line", cs->line);
		json_str(f->j, "module", cs->module);
		json_str(f->j, "function", cs->function);
		json_str(f->j, "category", c->name);
		json_bool(f->j, "enabled", cs->enabled);
		json_str(f->j, "format", cs->format);
		json_close(f->j, '}');
	} else {
		printf("%s:%u [%s]%s %s %s \"%.*s\"\n", cs->file, cs->line, cs->module,
		       cs->function, c->name, cs->enabled ? "on" : "off",
		       (int)strcspn(cs->format, "\n"), cs->format);
	}
	return 0;
}

int do_callsites(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "module",   required_argument, NULL, 'm' },
		{ "enabled",  no_argument,       NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	struct callsite_filter f = { 0 };
	struct json j;
	FILE *ctl;
	int opt;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "c:m:e", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			f.cat = category_by_name(optarg);
			if (!f.cat) {
				char msg[160];

				error("%s", category_unknown(optarg, msg, sizeof(msg)));
				return EXIT_USAGE;
			}
			break;
		case 'm':
			f.module = optarg;
			break;
		case 'e':
			f.enabled = true;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		error("callsites: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	ctl = control_open();
	if (!ctl)
		return have_dyndbg() ? EXIT_PERM : EXIT_NO_DYNDBG;
	if (json_output) {
		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '[');
		f.j = &j;
	}
	callsites_each(ctl, callsite_show, &f);
	fclose(ctl);
	if (json_output) {
		json_close(&j, ']');
		json_end(&j);
	} else if (!f.count) {
		fprintf(stderr, "drm-dbg: no matching callsites\n");
	}
	return EXIT_OK;
}
