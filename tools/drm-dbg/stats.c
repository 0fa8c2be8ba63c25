// SPDX-License-Identifier: GPL-2.0
/*
 * Counting class'd DRM callsites per module and category.
 */
#include <stdio.h>
#include <string.h>

#include "control.h"
#include "stats.h"

static int stats_add(const struct callsite *cs, void *arg)
{
	struct dbg_stats *st = arg;
	const struct category *c;
	struct module_stats *m;

	if (cs->class == CLASS_UNKNOWN) {
		st->unknown_class++;
		return 0;
	}
	c = callsite_category(cs);
	if (!c)
		return 0;
	m = (struct module_stats *)dbg_stats_module(st, cs->module);
	if (!m) {
		if (st->n == MAX_MODULES) {
			st->other_modules++;
			return 0;
		}
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
	memset(st, 0, sizeof(*st));
	st->error = control_scan(stats_add, st, true);
	st->available = !st->error;
}

const struct module_stats *dbg_stats_module(const struct dbg_stats *st, const char *name)
{
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->mod[i].name, name))
			return &st->mod[i];
	return NULL;
}
