// SPDX-License-Identifier: GPL-2.0
/*
 * The dynamic debug control file (lib/dynamic_debug.c): parsing what
 * ddebug_proc_show() prints, writing queries, saving and restoring flags.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "json.h"
#include "kernel.h"

const char CLASS_UNKNOWN[] = "unknown";

/* Copy the token at *p up to a char in @stop (or the end) into @dst. */
static int take(const char **p, const char *stop, char *dst, size_t len)
{
	size_t n = strcspn(*p, stop);

	if (!n || n >= len)
		return -1;
	memcpy(dst, *p, n);
	dst[n] = '\0';
	*p += n;
	return 0;
}

/* The last occurrence of @needle in @s, or NULL. */
static const char *last_of(const char *s, const char *needle)
{
	const char *q, *last = NULL;

	for (q = strstr(s, needle); q; q = strstr(q + 1, needle))
		last = q;
	return last;
}

int callsite_parse(const char *line, struct callsite *cs)
{
	const char *p = line, *colon, *fend, *unknown;
	size_t n = 0;
	bool cut = false;
	char *end;

	memset(cs, 0, sizeof(*cs));
	if (*p == '#')
		return -1;
	fend = p + strcspn(p, " ");
	colon = fend;
	while (colon > p && colon[-1] != ':')
		colon--;
	if (colon <= p + 1 || colon == fend || (size_t)(colon - 1 - p) >= sizeof(cs->file))
		return -1;
	memcpy(cs->file, p, (size_t)(colon - 1 - p));
	if (*colon < '0' || *colon > '9')
		return -1;
	errno = 0;
	cs->line = (unsigned int)strtoul(colon, &end, 10);
	if (errno || end != fend)
		return -1;
	p = fend;

	if (strncmp(p, " [", 2))
		return -1;
	p += 2;
	if (take(&p, "] ", cs->module, sizeof(cs->module)) || *p++ != ']')
		return -1;
	if (take(&p, " ", cs->function, sizeof(cs->function)))
		return -1;
	if (strncmp(p, " =", 2))
		return -1;
	p += 2;
	if (take(&p, " ", cs->flags, sizeof(cs->flags)))
		return -1;
	cs->enabled = strchr(cs->flags, 'p') != NULL;

	/*
	 * The format is quoted, but the kernel escapes only whitespace in it
	 * (seq_escape_str(..., ESCAPE_SPACE, ...)): a '"' inside stays as it
	 * is. So the format runs to the last '"' before the class suffix.
	 */
	if (strncmp(p, " \"", 2))
		return -1;
	p += 2;
	fend = last_of(p, "\" class:");
	unknown = last_of(p, "\" class unknown, _id:");
	if (unknown && (!fend || unknown > fend))
		fend = unknown;
	if (!fend) {
		fend = strrchr(p, '"');
		if (!fend)
			return -1;
		if (fend[1 + strspn(fend + 1, " \n")] != '\0')
			return -1;
	}
	for (; p < fend; p++) {
		char c = *p;

		if (c == '\\' && p + 1 < fend && strchr("ntrvf", p[1])) {
			c = *++p;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' :
			    c == 'v' ? '\v' : '\f';
		}
		if (n + 1 < sizeof(cs->format))
			cs->format[n++] = c;
		else
			cut = true;
	}
	cs->format[n] = '\0';
	/* a cut format must not end in half a UTF-8 character */
	if (cut)
		cs->format[utf8_trim(cs->format, n)] = '\0';
	p = fend + 1;

	if (!strncmp(p, " class:", 7)) {
		p += 7;
		if (take(&p, " \n", cs->class_buf, sizeof(cs->class_buf)))
			return -1;
		cs->class = cs->class_buf;
	} else if (!strncmp(p, " class unknown", 14)) {
		cs->class = CLASS_UNKNOWN;
	} else {
		cs->class = CLASS_NONE;
	}
	return 0;
}

const struct category *callsite_category(const struct callsite *cs)
{
	if (!cs->class || cs->class == CLASS_UNKNOWN)
		return NULL;
	return category_by_class(cs->class);
}

int callsites_each(FILE *f, int (*fn)(const struct callsite *cs, void *arg), void *arg,
		   unsigned long *bad)
{
	struct callsite cs;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	while (read_line(f, &line, &cap)) {
		if (callsite_parse(line, &cs)) {
			if (bad && line[0] != '#' && line[0])
				(*bad)++;
			continue;
		}
		rc = fn(&cs, arg);
		if (rc)
			break;
	}
	free(line);
	return rc;
}

FILE *control_open(int *rc, bool quiet)
{
	char p[512];
	FILE *f = sysio.open_read(proc_path(p, sizeof(p), "dynamic_debug/control"));
	int err = errno;

	if (f)
		return f;
	*rc = err == ENOENT ? EXIT_NO_DYNDBG : exit_for_errno(err);
	if (!quiet)
		pr_err("cannot read %s: %s%s", p, strerror(err),
		       err == ENOENT ? " (kernel without CONFIG_DYNAMIC_DEBUG)" : root_hint(err));
	return NULL;
}

int control_scan(int (*fn)(const struct callsite *cs, void *arg), void *arg, bool quiet)
{
	unsigned long bad = 0;
	int rc = 0;
	FILE *f = control_open(&rc, quiet);

	if (!f)
		return rc;
	rc = callsites_each(f, fn, arg, &bad);
	fclose(f);
	if (bad && !quiet)
		pr_warn("%lu lines of the control file are not callsites as drm-dbg knows them; skipped",
			bad);
	if (rc)
		pr_err("out of memory");
	return rc ? EXIT_FAIL : 0;
}

int control_write(const char *q)
{
	char p[512];
	size_t len = strlen(q);

	if (sysio.write(proc_path(p, sizeof(p), "dynamic_debug/control"), q, len, false)) {
		int err = errno;

		pr_err("writing '%.*s' to the control file failed: %s%s",
		       (int)strcspn(q, "\n"), q, strerror(err), root_hint(err));
		return exit_for_errno(err);
	}
	return 0;
}

/* With @go_on, a failed write does not stop the ones after it. */
static int write_all(const struct strlist *q, bool go_on)
{
	char buf[CONTROL_WRITE_MAX + 1];
	size_t len = 0, i, n;
	int rc, first = 0;

	for (i = 0; i < q->n; i++) {
		n = strlen(q->v[i]);
		if (n > CONTROL_WRITE_MAX) {
			pr_err("query too long for the control file: %.60s...", q->v[i]);
			return EXIT_FAIL;
		}
		if (len + n > CONTROL_WRITE_MAX) {
			rc = control_write(buf);
			if (rc && !go_on)
				return rc;
			if (rc && !first)
				first = rc;
			len = 0;
		}
		memcpy(buf + len, q->v[i], n + 1);
		len += n;
	}
	rc = len ? control_write(buf) : 0;
	return first ? first : rc;
}

int control_write_all(const struct strlist *q)
{
	return write_all(q, false);
}

/*
 * The query that selects a class'd callsite: the kernel takes at most
 * nine words per query (MAXWORDS), four keyword/value pairs and the flags.
 */
static void site_key(const struct callsite *cs, char *buf, size_t len)
{
	snprintf(buf, len, "module %s file %s line %u class %s", cs->module, cs->file,
		 cs->line, cs->class);
}

int flags_snapshot_add(struct flag_snapshot *s, const char *key, const char *flags)
{
	if (strlen(flags) >= sizeof(s->v[0].flags))
		return -1;
	if (s->n == s->max) {
		size_t max = s->max ? s->max * 2 : 1024;
		struct site_flags *v = realloc(s->v, max * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->max = max;
	}
	s->v[s->n].key = strdup(key);
	if (!s->v[s->n].key)
		return -1;
	snprintf(s->v[s->n].flags, sizeof(s->v[s->n].flags), "%s", flags);
	s->n++;
	return 0;
}

static int snap_add(const struct callsite *cs, void *arg)
{
	char key[1024];

	if (!callsite_category(cs))
		return 0;
	site_key(cs, key, sizeof(key));
	return flags_snapshot_add(arg, key, cs->flags);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct site_flags *)a)->key, ((const struct site_flags *)b)->key);
}

void flags_snapshot_sort(struct flag_snapshot *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_key);
}

int flags_snapshot(struct flag_snapshot *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = control_scan(snap_add, s, false);
	if (rc) {
		flags_snapshot_free(s);
		return rc;
	}
	flags_snapshot_sort(s);
	return 0;
}

struct restore_state {
	const struct flag_snapshot *s;
	struct strlist q;
};

static int restore_one(const struct callsite *cs, void *arg)
{
	struct restore_state *r = arg;
	struct site_flags want, *got;
	char key[1024], q[1100];

	if (!callsite_category(cs) || !r->s->n)
		return 0;
	site_key(cs, key, sizeof(key));
	want.key = key;
	got = bsearch(&want, r->s->v, r->s->n, sizeof(want), cmp_key);
	if (!got || !strcmp(got->flags, cs->flags))
		return 0;	/* a module loaded since, or unchanged */
	snprintf(q, sizeof(q), "%s =%s\n", key, got->flags);
	return strlist_add(&r->q, q);
}

/*
 * Every write is tried, also after one fails, and the control file is
 * read back: what the kernel applied is what counts. (With this series a
 * write is applied whole or not at all; a kernel without it applies the
 * queries of a write one by one and may have applied part of a failed
 * one.)
 */
int flags_restore(const struct flag_snapshot *s, unsigned long *changed)
{
	struct restore_state r = { .s = s }, left = { .s = s };
	int rc = control_scan(restore_one, &r, false), wrc = 0;

	if (!rc && r.q.n)
		wrc = write_all(&r.q, true);
	if (!rc && r.q.n)
		rc = control_scan(restore_one, &left, false);
	if (!rc && left.q.n) {
		pr_err("%zu of %zu callsites still differ from their saved flags, first: %.*s", left.q.n,
		       r.q.n, (int)strcspn(left.q.v[0], "\n"), left.q.v[0]);
		rc = wrc ? wrc : EXIT_FAIL;
	} else if (!rc && wrc) {
		pr_warn("a write to the control file failed, but every callsite reads back as saved");
	}
	if (changed)
		*changed = r.q.n - left.q.n;
	strlist_free(&r.q);
	strlist_free(&left.q);
	return rc;
}

void flags_snapshot_free(struct flag_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
