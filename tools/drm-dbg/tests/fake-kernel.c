// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel of the unit tests; see fake-kernel.h.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "category.h"
#include "control.h"
#include "fake-kernel.h"
#include "kernel.h"

struct fake *fk;

static const char flag_chars[] = "pmfslt";

static unsigned int flags_bits(const char *s)
{
	unsigned int b = 0;
	const char *c;

	for (; *s; s++)
		if ((c = strchr(flag_chars, *s)))
			b |= 1U << (c - flag_chars);
	return b;
}

static void flags_str(unsigned int b, char *out)
{
	size_t i, n = 0;

	for (i = 0; flag_chars[i]; i++)
		if (b & (1U << i))
			out[n++] = flag_chars[i];
	if (!n)
		out[n++] = '_';
	out[n] = '\0';
}

/* ---- the control file as lines ---- */

struct lines {
	char **v;
	size_t n;
};

static void lines_read(struct lines *l)
{
	FILE *f = fopen(fk->control, "r");
	char *line = NULL;
	size_t cap = 0;

	l->v = NULL;
	l->n = 0;
	if (!f)
		return;
	while (read_line(f, &line, &cap)) {
		l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = strdup(line);
	}
	free(line);
	fclose(f);
}

static void lines_write_free(struct lines *l, bool write)
{
	FILE *f = write ? fopen(fk->control, "w") : NULL;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (f)
			fprintf(f, "%s\n", l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	if (f)
		fclose(f);
}

/* Replace the flags of control line @line with @flags. */
static char *line_with_flags(const char *line, const char *flags)
{
	const char *eq = strstr(line, " =");
	size_t head, tail;
	char *out;

	head = (size_t)(eq - line) + 2;
	tail = head + strcspn(line + head, " ");
	out = malloc(strlen(line) + 16);
	sprintf(out, "%.*s%s%s", (int)head, line, flags, line + tail);
	return out;
}

/* ---- queries ---- */

struct query {
	const char *module, *file, *func, *class, *format;
	unsigned int lmin, lmax;
	char op;
	unsigned int flags;
};

static int query_parse(char *s, struct query *q)
{
	char *w[16], *save = NULL, *t;
	int n = 0, i;

	memset(q, 0, sizeof(*q));
	for (t = strtok_r(s, " \t", &save); t && n < 16; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	/* lib/dynamic_debug.c: at most MAXWORDS (9) words, pairs and the flags */
	if (n < 1 || n > 9 || n % 2 == 0)
		return -1;
	for (i = 0; i + 1 < n; i += 2) {
		const char *k = w[i], *v = w[i + 1];

		if (!strcmp(k, "module"))
			q->module = v;
		else if (!strcmp(k, "file"))
			q->file = v;
		else if (!strcmp(k, "func"))
			q->func = v;
		else if (!strcmp(k, "class"))
			q->class = v;
		else if (!strcmp(k, "format"))
			q->format = v;
		else if (!strcmp(k, "line")) {
			char *end;

			q->lmin = (unsigned int)strtoul(v, &end, 10);
			q->lmax = *end == '-' ? (unsigned int)strtoul(end + 1, &end, 10) : q->lmin;
			if (*end || !q->lmin)
				return -1;
		} else
			return -1;
	}
	t = w[n - 1];
	if (!strchr("+-=", *t) || !t[1])
		return -1;
	q->op = *t++;
	for (; *t; t++) {
		if (*t == '_')
			continue;
		if (!strchr(flag_chars, *t))
			return -1;
		q->flags |= 1U << (strchr(flag_chars, *t) - flag_chars);
	}
	return 0;
}

static bool query_matches(const struct query *q, const struct callsite *cs)
{
	const char *base = strrchr(cs->file, '/');

	base = base ? base + 1 : cs->file;
	if (q->class) {
		if (!cs->class || cs->class == CLASS_UNKNOWN || strcmp(q->class, cs->class))
			return false;
	} else if (cs->class) {
		return false;	/* a query without a class matches class-less sites only */
	}
	if (q->module && fnmatch(q->module, cs->module, 0))
		return false;
	if (q->file && fnmatch(q->file, cs->file, 0) && fnmatch(q->file, base, 0))
		return false;
	if (q->func && fnmatch(q->func, cs->function, 0))
		return false;
	if (q->lmin && (cs->line < q->lmin || cs->line > q->lmax))
		return false;
	if (q->format && !strstr(cs->format, q->format))
		return false;
	return true;
}

static void log_add(const char *what, const char *buf, size_t len)
{
	char s[8192];

	snprintf(s, sizeof(s), "%s: %.*s", what, (int)len, buf);
	if (s[strlen(s) - 1] == '\n')
		s[strlen(s) - 1] = '\0';
	strlist_add(&fk->log, s);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A write that changed 'p' flags: text-patching syncs on every CPU. */
static void batch_done(void)
{
	char buf[256];
	int syncs = fk->plan_next < 16 && fk->sync_plan[fk->plan_next] ?
		    fk->sync_plan[fk->plan_next] : 3;

	fk->plan_next++;
	fk->batches++;
	fk->hits += (unsigned long long)syncs * (unsigned long long)fk->ncpu;
	fk->cal += (unsigned long long)syncs * (unsigned long long)(fk->ncpu - 1);
	if (fk->profile[0] && !access(fk->profile, F_OK)) {
		snprintf(buf, sizeof(buf), "  drm_dbg_sync   %llu   0\n", fk->hits);
		write_text(fk->profile, buf);
	}
	snprintf(buf, sizeof(buf),
		 "           CPU0       CPU1\n  0:   42   0   IO-APIC  timer\n%s%llu 0  Function call interrupts\n",
		 fk->cal_row ? " CAL: " : " LOC: ", fk->cal);
	write_text(fk->interrupts, buf);
}

static void kmsg_record(const char *msg)
{
	char rec[512];
	int n;

	if (fk->kmsg_w < 0)
		return;
	fk->kmsg_seq += fk->kmsg_gap;	/* overwritten before anyone read them */
	n = snprintf(rec, sizeof(rec), "7,%lu,%lu,-;%s\n SUBSYSTEM=drm\n", fk->kmsg_seq,
		     1000000 + fk->kmsg_seq * 1000, msg);
	fk->kmsg_seq++;
	/* when full, dropped, as the kernel's ring would drop it */
	(void)!send(fk->kmsg_w, rec, (size_t)n, MSG_DONTWAIT);
}

/* Apply parsed queries to the control file; the number of 'p' changes. */
static unsigned long apply(struct query *qs, size_t nq)
{
	struct lines l;
	unsigned long changed = 0;
	size_t i, k;

	if (access(fk->control, F_OK))
		return 0;
	lines_read(&l);
	for (i = 0; i < l.n; i++) {
		struct callsite cs;
		unsigned int before, now;
		char fl[16], *nl;

		if (callsite_parse(l.v[i], &cs))
			continue;
		before = now = flags_bits(cs.flags);
		for (k = 0; k < nq; k++) {
			if (!query_matches(&qs[k], &cs))
				continue;
			if (qs[k].op == '+')
				now |= qs[k].flags;
			else if (qs[k].op == '-')
				now &= ~qs[k].flags;
			else
				now = qs[k].flags;
		}
		if (now == before)
			continue;
		changed += (now ^ before) & 1;
		flags_str(now, fl);
		nl = line_with_flags(l.v[i], fl);
		free(l.v[i]);
		l.v[i] = nl;
	}
	lines_write_free(&l, true);
	if (changed)
		batch_done();
	return changed;
}

int fake_control_apply(const char *text)
{
	char *copy = strdup(text), *save = NULL, *s;
	struct query qs[256];
	size_t nq = 0;

	if (strlen(text) > 4095) {
		free(copy);
		errno = E2BIG;
		return -1;
	}
	for (s = strtok_r(copy, ";\n", &save); s; s = strtok_r(NULL, ";\n", &save)) {
		if (!s[strspn(s, " \t")])
			continue;
		if (nq == 256 || query_parse(s, &qs[nq])) {
			free(copy);
			errno = EINVAL;	/* all or nothing */
			return -1;
		}
		nq++;
	}
	apply(qs, nq);
	free(copy);
	return 0;
}

static int param_write(const char *buf)
{
	struct query qs[16];
	char *end, cur[64] = "", names[16][32];
	unsigned long old, new, changed;
	size_t i, nq = 0;
	FILE *f;

	errno = 0;
	new = strtoul(buf, &end, 0);
	if (errno || end == buf || (*end && *end != '\n')) {
		errno = EINVAL;
		return -1;
	}
	f = fopen(fk->param, "r");
	if (f) {
		if (!fgets(cur, sizeof(cur), f))
			cur[0] = '\0';
		fclose(f);
	}
	old = strtoul(cur, NULL, 0);
	changed = old ^ new;
	for (i = 0; i < n_categories; i++) {
		if (!(changed & (1UL << categories[i].bit)))
			continue;
		memset(&qs[nq], 0, sizeof(qs[nq]));
		snprintf(names[nq], sizeof(names[nq]), "DRM_UT_%s", categories[i].name);
		qs[nq].class = names[nq];
		qs[nq].op = new & (1UL << categories[i].bit) ? '+' : '-';
		qs[nq].flags = 1;
		nq++;
	}
	if (nq && !fk->plain_param)
		apply(qs, nq);
	/* with dynamic debug the param reads back in hex, else in decimal */
	snprintf(cur, sizeof(cur), fk->plain_param ? "%lu\n" : "0x%lx\n", new);
	write_text(fk->param, cur);
	snprintf(cur, sizeof(cur), "[drm:fake_param_set] drm.debug 0x%lx", new);
	kmsg_record(cur);
	return 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

static int fake_write(const char *path, const char *buf, size_t len, bool append)
{
	char data[8192];

	if (fk->fail_write && strstr(path, fk->fail_write)) {
		if (fk->fail_write_after) {
			fk->fail_write_after--;
		} else {
			if (fk->fail_write_times && !--fk->fail_write_times)
				fk->fail_write = NULL;	/* that many failed */
			errno = fk->fail_errno;
			return -1;
		}
	}
	snprintf(data, sizeof(data), "%.*s", (int)len, buf);
	if (ends_with(path, "dynamic_debug/control")) {
		log_add("control", buf, len);
		return fake_control_apply(data);
	}
	if (ends_with(path, "parameters/debug")) {
		log_add("debug", buf, len);
		return param_write(data);
	}
	if (ends_with(path, "kprobe_events")) {
		log_add("kprobe_events", buf, len);
		if (!strncmp(data, "p:", 2) && fk->profile[0]) {
			char s[128];

			snprintf(s, sizeof(s), "  drm_dbg_sync   %llu   0\n", fk->hits);
			write_text(fk->profile, s);
		} else if (!strncmp(data, "-:", 2) && fk->profile[0]) {
			unlink(fk->profile);
		}
	}
	return sysio_real.write(path, buf, len, append);
}

static int fake_writable(const char *path)
{
	if (fk->fail_access && strstr(path, fk->fail_access)) {
		errno = fk->fail_errno;
		return -1;
	}
	return sysio_real.writable(path);
}

static FILE *fake_open_read(const char *path)
{
	if (fk->fail_read && strstr(path, fk->fail_read)) {
		errno = fk->fail_errno;
		return NULL;
	}
	return sysio_real.open_read(path);
}

static int fake_kmsg_open(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -1;
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	if (fk->kmsg_w >= 0)
		close(fk->kmsg_w);
	fk->kmsg_w = sv[1];
	kmsg_record("OLD record from before the capture");
	kmsg_record("OLD record two");
	return sv[0];
}

static void fake_kmsg_skip_old(int fd)
{
	char buf[1024];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* The kprobe PMU: one counter per CPU, each CPU runs every sync once. */
static int fake_perf_kprobe_open(int type, const char *func, int cpu)
{
	int fd;

	if (type != FAKE_KPROBE_PMU || strcmp(func, "do_sync_core")) {
		errno = EINVAL;
		return -1;
	}
	if (cpu < 0 || cpu >= fk->ncpu) {
		errno = ENODEV;
		return -1;
	}
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		fk->perf_open++;
	return fd;
}

static int fake_perf_read(int fd, unsigned long long *count)
{
	if (fd < 0 || (fk->perf_fail && !fk->perf_fail_after)) {
		errno = EIO;
		return -1;
	}
	if (fk->perf_fail)
		fk->perf_fail_after--;
	*count = fk->hits / (unsigned long long)fk->ncpu;
	return 0;
}

static void mkdirs(const char *path)
{
	char p[256], *s;

	snprintf(p, sizeof(p), "%s", path);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

struct fake *fake_new(const char *debug, const char *control, bool tracing)
{
	struct fake *f = calloc(1, sizeof(*f));
	char p[256];

	strcpy(f->dir, "/tmp/drm-dbg-test-XXXXXX");
	if (!mkdtemp(f->dir))
		abort();
	f->ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	f->cal_row = true;
	f->kmsg_w = -1;
	f->plain_param = strncmp(debug, "0x", 2) != 0;
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->dir);
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->dir);
	snprintf(f->run, sizeof(f->run), "%s/run", f->dir);
	mkdirs(f->run);
	snprintf(p, sizeof(p), "%s/module/drm/parameters", f->sys);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/dynamic_debug", f->proc);
	mkdirs(p);
	snprintf(f->param, sizeof(f->param), "%s/module/drm/parameters/debug", f->sys);
	write_text(f->param, debug);
	snprintf(f->control, sizeof(f->control), "%s/dynamic_debug/control", f->proc);
	if (control) {
		FILE *in = fopen(control, "r"), *out = fopen(f->control, "w");
		char buf[4096];
		size_t n;

		if (!in || !out)
			abort();
		while ((n = fread(buf, 1, sizeof(buf), in)))
			fwrite(buf, 1, n, out);
		fclose(in);
		fclose(out);
	}
	snprintf(f->interrupts, sizeof(f->interrupts), "%s/interrupts", f->proc);
	write_text(f->interrupts, "           CPU0       CPU1\n CAL: 0 0  Function call interrupts\n");
	if (tracing) {
		snprintf(p, sizeof(p), "%s/bus/event_source/devices/kprobe", f->sys);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/bus/event_source/devices/kprobe/type", f->sys);
		write_text(p, FAKE_KPROBE_PMU_STR "\n");
		snprintf(f->tracing, sizeof(f->tracing), "%s/kernel/tracing", f->sys);
		snprintf(p, sizeof(p), "%s/events/drm_dbg/drm_dbg_sync", f->tracing);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/events/drm_dbg/drm_dbg_sync/enable", f->tracing);
		write_text(p, "0\n");
		snprintf(p, sizeof(p), "%s/kprobe_events", f->tracing);
		write_text(p, "");
		snprintf(f->profile, sizeof(f->profile), "%s/kprobe_profile", f->tracing);
		snprintf(p, sizeof(p), "%s/sys/debug", f->proc);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/sys/debug/kprobes-optimization", f->proc);
		write_text(p, "1\n");
	}
	fk = f;
	sysio.open_read = fake_open_read;
	sysio.write = fake_write;
	sysio.writable = fake_writable;
	sysio.kmsg_open = fake_kmsg_open;
	sysio.kmsg_skip_old = fake_kmsg_skip_old;
	sysio.perf_kprobe_open = fake_perf_kprobe_open;
	sysio.perf_read = fake_perf_read;
	return f;
}

void fake_free(struct fake *f)
{
	char p[128];

	snprintf(p, sizeof(p), "rm -rf %s", f->dir);
	if (system(p))
		abort();
	if (f->kmsg_w >= 0)
		close(f->kmsg_w);
	strlist_free(&f->log);
	sysio = sysio_real;
	fk = NULL;
	free(f);
}

const char *fake_flags(const char *site)
{
	static char flags[16];
	struct lines l;
	size_t i;

	flags[0] = '\0';
	lines_read(&l);
	for (i = 0; i < l.n; i++) {
		struct callsite cs;
		char key[600];

		if (callsite_parse(l.v[i], &cs))
			continue;
		snprintf(key, sizeof(key), "%s:%u", cs.file, cs.line);
		if (!strcmp(key, site) || ends_with(key, site))
			snprintf(flags, sizeof(flags), "%s", cs.flags);
	}
	lines_write_free(&l, false);
	return flags;
}

unsigned int fake_enabled(const char *module, const char *class)
{
	struct lines l;
	unsigned int n = 0;
	size_t i;

	lines_read(&l);
	for (i = 0; i < l.n; i++) {
		struct callsite cs;

		if (callsite_parse(l.v[i], &cs) || !callsite_category(&cs) || !cs.enabled)
			continue;
		if ((!module || !strcmp(module, cs.module)) && (!class || !strcmp(class, cs.class)))
			n++;
	}
	lines_write_free(&l, false);
	return n;
}

const char *fake_log(void)
{
	static char buf[1 << 16];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < fk->log.n && len < sizeof(buf) - 1; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s\n", fk->log.v[i]);
	return buf;
}
