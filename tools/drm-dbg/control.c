// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing /proc/dynamic_debug/control (lib/dynamic_debug.c, ddebug_proc_show()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
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

int callsite_parse(const char *line, struct callsite *cs)
{
	const char *p = line, *colon, *fend, *unknown, *q;
	char fileline[320];
	size_t n = 0;
	char *end;

	memset(cs, 0, sizeof(*cs));
	if (*p == '#' || take(&p, " ", fileline, sizeof(fileline)))
		return -1;
	colon = strrchr(fileline, ':');
	if (!colon || colon == fileline || (size_t)(colon - fileline) >= sizeof(cs->file))
		return -1;
	memcpy(cs->file, fileline, (size_t)(colon - fileline));
	errno = 0;
	cs->line = (unsigned int)strtoul(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end)
		return -1;

	if (strncmp(p, " [", 2))
		return -1;
	p += 2;
	if (take(&p, "]", cs->module, sizeof(cs->module)) || *p++ != ']')
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
	fend = strstr(p, "\" class:");
	for (q = fend; q; q = strstr(q + 1, "\" class:"))
		fend = q;
	unknown = strstr(p, "\" class unknown, _id:");
	for (q = unknown; q; q = strstr(q + 1, "\" class unknown, _id:"))
		unknown = q;
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
	}
	cs->format[n] = '\0';
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

int callsites_each(FILE *f, int (*fn)(const struct callsite *cs, void *arg), void *arg)
{
	char line[2048];
	struct callsite cs;
	int rc;

	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		/* a line longer than the buffer: skip the rest of it */
		if (len && line[len - 1] != '\n' && !feof(f)) {
			int c;

			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (callsite_parse(line, &cs))
			continue;
		rc = fn(&cs, arg);
		if (rc)
			return rc;
	}
	return 0;
}

FILE *control_open(void)
{
	char p[512];
	FILE *f = fopen(proc_path(p, sizeof(p), "dynamic_debug/control"), "r");

	if (!f)
		error("cannot read %s: %s%s", p, strerror(errno),
		      errno == ENOENT ? " (kernel without CONFIG_DYNAMIC_DEBUG)" :
		      errno == EACCES ? " (run as root)" : "");
	return f;
}
