/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers every command shares: messages, exit codes, time, the signals
 * that end a capture or a benchmark, reading whole lines, string lists.
 */
#ifndef DRM_DBG_UTIL_H
#define DRM_DBG_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes: distinct for the errors scripts may want to tell apart. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* runtime failure */
	EXIT_USAGE = 2,		/* bad command line or spec */
	EXIT_NOT_LOADED = 3,	/* drm not loaded */
	EXIT_NO_DYNDBG = 4,	/* kernel lacks what the command needs */
	EXIT_PERM = 5,		/* not allowed: not root */
	EXIT_BUSY = 6,		/* another drm-dbg runs, or left a state to restore */
};

extern bool json_output;	/* -j */
extern bool pretty_output;	/* -p */

/*
 * One-line error: "drm-dbg: <message>" on stderr, or with -j the JSON
 * object {"error":"<message>"} on stdout (only the first one: stdout
 * stays one JSON document).
 */
void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "drm-dbg: warning: <message>" on stderr, also with -j. */
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "drm-dbg: <message>" on stderr: progress a user should see. */
void pr_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether pr_err() printed (with -j: the one JSON document is written). */
bool pr_err_printed(void);
/* Forget that an error was printed (for each run of drm_dbg_main()). */
void pr_reset(void);

/* EXIT_PERM for EACCES and EPERM, else EXIT_FAIL. */
int exit_for_errno(int err);

long long now_ns(void);

/*
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT set stop_signal (the last one) and
 * count in stop_count instead of killing drm-dbg, so that a command can
 * restore what it changed; SIGPIPE is ignored meanwhile (a write to a
 * closed pipe fails instead). stop_signals_release() puts the previous
 * handlers back.
 */
extern volatile sig_atomic_t stop_signal, stop_count;
void stop_signals_catch(void);
void stop_signals_release(void);
/* Block or unblock them; in a forked child, reset them to the default. */
void stop_signals_block(bool block);
void stop_signals_default(void);

/* The next line of @f without its '\n', of any length; NULL at the end. */
char *read_line(FILE *f, char **buf, size_t *cap);

/* A growing list of strings. */
struct strlist {
	char **v;
	size_t n, max;
};
int strlist_add(struct strlist *l, const char *s);	/* 0, or -1 out of memory */
void strlist_free(struct strlist *l);

/* strtod over the whole of @s, finite and in (0, max]; 0 or -1. */
int parse_seconds(const char *s, double max, double *out);
/* A decimal int over the whole of @s in [min, max]; 0 or -1. */
int parse_int(const char *s, int min, int max, int *out);

#endif
