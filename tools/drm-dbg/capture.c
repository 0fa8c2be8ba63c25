// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg capture: the bug-report workflow. Set the categories, follow the
 * kernel log from now on, run a command (or wait), restore the previous
 * categories -- also on SIGINT/SIGTERM -- and write a report: kernel, DRM
 * devices and drivers, the mask used, and the kernel log lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devices.h"
#include "drm-dbg.h"

#define DEFAULT_SPEC "driver,kms,prime,atomic"	/* drm.debug=0x1e */
#define SYSLOG_ACTION_SIZE_BUFFER 10

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct kmsg_state {
	int fd;
	FILE *log;
	unsigned long lines, lost, bytes;
};

/*
 * Copy the records readable from /dev/kmsg into the log as
 * "[seconds] message" lines. A record is "prio,seq,usec,flags;message\n"
 * followed by " KEY=value" lines; EPIPE means records were overwritten
 * before we could read them.
 */
static void kmsg_drain(struct kmsg_state *k)
{
	char rec[8192];

	for (;;) {
		ssize_t n = read(k->fd, rec, sizeof(rec) - 1);
		unsigned long long usec;
		char *msg, *nl;

		if (n < 0) {
			if (errno == EPIPE) {
				k->lost++;
				continue;
			}
			return;	/* EAGAIN: nothing more for now */
		}
		if (n == 0)
			return;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg || sscanf(rec, "%*u,%*u,%llu", &usec) != 1)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		fprintf(k->log, "[%5llu.%06llu] %s\n", usec / 1000000, usec % 1000000, msg);
		k->lines++;
		k->bytes += strlen(msg);
	}
}

static void report_header(FILE *out, unsigned long old, unsigned long used,
			  const char *what, double secs, const struct kmsg_state *k,
			  long logbuf)
{
	struct drm_dev devs[16];
	struct utsname u;
	char a[128], b[128], date[64];
	time_t t = time(NULL);
	int i, n = devices_get(devs, 16);

	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&t));
	fprintf(out, "# drm-dbg %s capture, %s\n", DRM_DBG_VERSION, date);
	if (!uname(&u))
		fprintf(out, "# kernel: %s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
	fprintf(out, "# drm.debug used: 0x%lx (%s); before and after: 0x%lx (%s)\n", used,
		category_mask_names(used, a, sizeof(a)), old, category_mask_names(old, b, sizeof(b)));
	fprintf(out, "# drm.debug via dynamic debug: %s\n", drm_uses_dyndbg() ? "yes" : "no");
	fprintf(out, "# captured: %s, %.1f s, %lu lines\n", what, secs, k->lines);
	if (logbuf > 0)
		fprintf(out, "# kernel log buffer: %ld KiB\n", logbuf / 1024);
	if (k->lost)
		fprintf(out, "# WARNING: %lu log records were lost: the kernel log buffer overflowed\n",
			k->lost);
	if (!n)
		fprintf(out, "# DRM devices: none\n");
	for (i = 0; i < n; i++)
		fprintf(out, "# DRM device: %s %s [%04x:%04x] driver %s %s\n",
			devs[i].primary[0] ? devs[i].primary : devs[i].render, devs[i].bus,
			devs[i].vendor_id, devs[i].device_id,
			devs[i].driver[0] ? devs[i].driver : "?", devs[i].version);
	fprintf(out, "#\n");
}

int do_capture(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "categories", required_argument, NULL, 'c' },
		{ "output",     required_argument, NULL, 'o' },
		{ "time",       required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char *spec = DEFAULT_SPEC, *outname = NULL;
	char defname[64], err[160], what[256] = "until interrupted", a[128];
	struct kmsg_state k = { .fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long old, used;
	double limit = 0, start;
	long logbuf;
	pid_t child = 0;
	FILE *out = NULL;
	int opt, rc, status = 0, c;
	char **cmd = NULL;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "+c:o:t:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			spec = optarg;
			break;
		case 'o':
			outname = optarg;
			break;
		case 't':
			limit = strtod(optarg, NULL);
			if (limit <= 0) {
				error("-t needs a positive number of seconds");
				return EXIT_USAGE;
			}
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		if (limit > 0) {
			error("capture: -t and a command exclude each other");
			return EXIT_USAGE;
		}
		cmd = argv + optind;
	}

	rc = debug_read(&old);
	if (rc)
		return rc;
	if (category_parse_spec(spec, old, &used, err, sizeof(err))) {
		error("%s; nothing changed", err);
		return EXIT_USAGE;
	}
	rc = debug_writable();
	if (rc)
		return rc;
	k.fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k.fd < 0) {
		error("cannot read /dev/kmsg: %s", strerror(errno));
		return errno == EACCES || errno == EPERM ? EXIT_PERM : EXIT_FAIL;
	}
	lseek(k.fd, 0, SEEK_END);	/* only what comes from now on */
	k.log = tmpfile();
	if (!k.log) {
		error("cannot create a temporary file: %s", strerror(errno));
		close(k.fd);
		return EXIT_FAIL;
	}
	if (!outname) {
		time_t t = time(NULL);

		strftime(defname, sizeof(defname), "drm-debug-%Y%m%d-%H%M%S.txt", localtime(&t));
		outname = defname;
	}
	logbuf = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	if (logbuf > 0 && logbuf < 4 << 20)
		fprintf(stderr, "drm-dbg: the kernel log buffer is %ld KiB; debug output may overflow it (boot with log_buf_len=4M)\n",
			logbuf / 1024);

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	rc = debug_write(used);
	if (rc)
		goto out;
	fprintf(stderr, "drm-dbg: drm.debug 0x%lx (%s) while capturing%s\n", used,
		category_mask_names(used, a, sizeof(a)), cmd ? "" : limit > 0 ? "" : "; Ctrl-C ends");
	start = now_s();
	if (cmd) {
		size_t len = 0;

		for (c = 0; cmd[c] && len < sizeof(what) - 1; c++)
			len += (size_t)snprintf(what + len, sizeof(what) - len, "%s%s", c ? " " : "", cmd[c]);
		child = fork();
		if (child == 0) {
			execvp(cmd[0], cmd);
			fprintf(stderr, "drm-dbg: cannot run %s: %s\n", cmd[0], strerror(errno));
			_exit(127);
		}
		if (child < 0) {
			error("fork: %s", strerror(errno));
			rc = EXIT_FAIL;
		}
	} else if (limit > 0) {
		snprintf(what, sizeof(what), "%g seconds", limit);
	}

	while (!rc && !stop_signal) {
		struct pollfd p = { .fd = k.fd, .events = POLLIN };

		poll(&p, 1, 100);
		kmsg_drain(&k);
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			child = 0;
			break;
		}
		if (limit > 0 && now_s() - start >= limit)
			break;
	}
	if (child > 0) {	/* interrupted: the command got the signal too */
		kill(child, SIGTERM);
		waitpid(child, &status, 0);
	}
	if (stop_signal)
		snprintf(what + strlen(what), sizeof(what) - strlen(what), ", ended by signal %d",
			 (int)stop_signal);
	/* restore first, then collect what is left */
	if (debug_write(old))
		rc = EXIT_FAIL;
	kmsg_drain(&k);

	out = !strcmp(outname, "-") ? stdout : fopen(outname, "w");
	if (!out) {
		error("cannot write %s: %s", outname, strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	report_header(out, old, used, what, now_s() - start, &k, logbuf);
	rewind(k.log);
	while ((c = fgetc(k.log)) != EOF)
		fputc(c, out);
	if (out != stdout && fclose(out)) {
		error("cannot write %s: %s", outname, strerror(errno));
		rc = EXIT_FAIL;
	}
	fprintf(stderr, "drm-dbg: %lu kernel log lines in %s; drm.debug restored to 0x%lx\n",
		k.lines, outname, old);
	if (k.lost)
		fprintf(stderr, "drm-dbg: warning: %lu log records were lost to an overflowing log buffer\n",
			k.lost);
	if (!rc && cmd && WIFEXITED(status) && WEXITSTATUS(status))
		rc = EXIT_FAIL;
out:
	fclose(k.log);
	close(k.fd);
	return rc;
}
