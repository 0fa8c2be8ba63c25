// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers: messages, time, signals, lines, string lists, numbers.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "util.h"

bool json_output;
bool pretty_output;

static bool error_printed;

bool pr_err_printed(void)
{
	return error_printed;
}

void pr_reset(void)
{
	error_printed = false;
}

void pr_err(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (json_output && !error_printed) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		json_str(&j, "error", msg);
		json_close(&j, '}');
		json_end(&j);
	} else {
		fprintf(stderr, "drm-dbg: %s\n", msg);
	}
	error_printed = true;
}

static void vnote(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "drm-dbg: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote("warning: ", fmt, ap);
	va_end(ap);
}

void pr_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote("", fmt, ap);
	va_end(ap);
}

int exit_for_errno(int err)
{
	return err == EACCES || err == EPERM ? EXIT_PERM : EXIT_FAIL;
}

long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

volatile sig_atomic_t stop_signal, stop_count;
static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NSTOP (sizeof(stop_sigs) / sizeof(stop_sigs[0]))
static struct sigaction saved[NSTOP], saved_pipe;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
	if (stop_count < 1000)
		stop_count++;
}

void stop_signals_catch(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	size_t i;

	stop_signal = 0;
	stop_count = 0;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&ign.sa_mask);
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_sigs[i], &sa, &saved[i]);
	/* a closed pipe fails the write (EPIPE) instead of killing drm-dbg */
	sigaction(SIGPIPE, &ign, &saved_pipe);
}

/* Block (or unblock) the stop signals of stop_signals_catch(). */
void stop_signals_block(bool block)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NSTOP; i++)
		sigaddset(&set, stop_sigs[i]);
	sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* The default action for the stop signals (in a child about to exec). */
void stop_signals_default(void)
{
	size_t i;

	for (i = 0; i < NSTOP; i++)
		signal(stop_sigs[i], SIG_DFL);
	signal(SIGPIPE, SIG_DFL);	/* exec keeps an ignored signal ignored */
}

void stop_signals_release(void)
{
	size_t i;

	for (i = 0; i < NSTOP; i++)
		sigaction(stop_sigs[i], &saved[i], NULL);
	sigaction(SIGPIPE, &saved_pipe, NULL);
}

char *read_line(FILE *f, char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, f);

	if (n < 0)
		return NULL;
	if (n && (*buf)[n - 1] == '\n')
		(*buf)[n - 1] = '\0';
	return *buf;
}

int strlist_add(struct strlist *l, const char *s)
{
	char *d;

	if (l->n == l->max) {
		size_t max = l->max ? l->max * 2 : 64;
		char **v = realloc(l->v, max * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->max = max;
	}
	d = strdup(s);
	if (!d)
		return -1;
	l->v[l->n++] = d;
	return 0;
}

void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->max = 0;
}

int parse_seconds(const char *s, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || v <= 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}
