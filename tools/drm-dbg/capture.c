// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg capture: the bug-report workflow. Set the categories, follow the
 * kernel log from now on, run a command (or wait), restore the previous
 * state -- the mask and the flags of the class'd callsites, also on
 * SIGINT/SIGTERM/SIGHUP/SIGQUIT, and before waiting for a command that
 * was told to end -- and write a report: kernel, DRM devices and drivers,
 * the mask used, the command's exit status, the kernel log lines.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devices.h"
#include "drm-dbg.h"
#include "state.h"

#define DEFAULT_SPEC "driver,kms,prime,atomic"	/* drm.debug=0x1e */
#define SYSLOG_ACTION_SIZE_BUFFER 10
#define MAX_SECONDS (366.0 * 24 * 3600)
/* how long a command gets to end after SIGTERM, then after SIGKILL */
#define TERM_GRACE_NS 3000000000LL
#define KILL_GRACE_NS 1000000000LL

struct kmsg_state {
	int fd, err;		/* err: a read error that ended the log */
	FILE *log;
	unsigned long lines, lost, bytes;
	unsigned long long next_seq;	/* of the record after the last one read */
	bool have_seq;
};

/*
 * Copy the records readable from /dev/kmsg into the log as
 * "[seconds] message" lines. A record is "prio,seq,usec,flags;message\n"
 * followed by " KEY=value" lines. EPIPE means records were overwritten
 * before they were read: the read after it returns the oldest record
 * left, and the gap in the sequence numbers is the number lost.
 */
static void kmsg_drain(struct kmsg_state *k)
{
	char rec[8192];

	for (;;) {
		ssize_t n = read(k->fd, rec, sizeof(rec) - 1);
		unsigned long long usec, seq;
		char *msg, *nl;

		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				k->err = errno;
			return;	/* EAGAIN: nothing more for now */
		}
		if (n == 0)
			return;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg || sscanf(rec, "%*u,%llu,%llu", &seq, &usec) != 2)
			continue;
		if (k->have_seq && seq > k->next_seq)
			k->lost += seq - k->next_seq;
		k->next_seq = seq + 1;
		k->have_seq = true;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		fprintf(k->log, "[%5llu.%06llu] %s\n", usec / 1000000, usec % 1000000, msg);
		k->lines++;
		k->bytes += strlen(msg);
	}
}

struct capture {
	const char *spec, *outname;
	char **cmd;
	double limit;
	unsigned long old, used;
	char what[256];
	int status;		/* the command's wait status */
	pid_t child;		/* told to end, not reaped yet */
	bool ran, flags_saved, mask_restored, flags_ok;
	unsigned long flags_restored;
};

/* The shell's exit status for a wait status: the code, or 128 + the signal. */
static int shell_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAIL;
}

static void report_header(FILE *out, const struct capture *c, double secs,
			  const struct kmsg_state *k, long logbuf)
{
	struct drm_dev devs[16];
	struct utsname u;
	char a[160], b[160], date[64];
	time_t t = time(NULL);
	int i, n = devices_get(devs, 16);

	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&t));
	fprintf(out, "# drm-dbg %s capture, %s\n", DRM_DBG_VERSION, date);
	if (!uname(&u))
		fprintf(out, "# kernel: %s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
	fprintf(out, "# drm.debug used: 0x%lx (%s); %s: 0x%lx (%s)", c->used,
		category_mask_names(c->used, a, sizeof(a)),
		c->mask_restored ? "before and after" : "before", c->old,
		category_mask_names(c->old, b, sizeof(b)));
	if (!c->mask_restored)
		fprintf(out, "; NOT restored: 'drm-dbg restore' retries");
	fprintf(out, "\n# drm.debug via dynamic debug: %s\n", drm_uses_dyndbg() ? "yes" : "no");
	if (c->flags_ok)
		fprintf(out, "# callsite flags restored: %lu callsites\n", c->flags_restored);
	else if (c->flags_saved)
		fprintf(out, "# callsite flags NOT restored: the control file refused the restore; 'drm-dbg restore' retries\n");
	fprintf(out, "# captured: %s, %.1f s, %lu lines\n", c->what, secs, k->lines);
	if (k->err)
		fprintf(out, "# WARNING: the kernel log could not be read on: %s\n", strerror(k->err));
	if (c->child > 0) {
		fprintf(out, "# command: pid %d had not ended %.0f s after SIGTERM and SIGKILL (in uninterruptible sleep?); left running\n",
			(int)c->child, (double)(TERM_GRACE_NS + KILL_GRACE_NS) / 1e9);
	} else if (c->ran) {
		if (WIFSIGNALED(c->status))
			fprintf(out, "# command status: %d (killed by signal %d, %s)\n",
				shell_status(c->status), WTERMSIG(c->status),
				strsignal(WTERMSIG(c->status)));
		else
			fprintf(out, "# command status: %d\n", shell_status(c->status));
	}
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

static int capture_args(int argc, char **argv, struct capture *c)
{
	static const struct option longopts[] = {
		{ "categories", required_argument, NULL, 'c' },
		{ "output",     required_argument, NULL, 'o' },
		{ "time",       required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	while ((opt = cmd_getopt(argc, argv, "capture", "+c:o:t:", longopts)) != -1) {
		switch (opt) {
		case 'c':
			c->spec = optarg;
			break;
		case 'o':
			c->outname = optarg;
			break;
		case 't':
			if (parse_seconds(optarg, MAX_SECONDS, &c->limit)) {
				pr_err("capture: -t takes a positive number of seconds, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			return -1;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		if (c->limit > 0) {
			pr_err("capture: -t and a command exclude each other");
			return EXIT_USAGE;
		}
		c->cmd = argv + optind;
	}
	return 0;
}

/* Run the command, or wait, copying the log, until it ends or a signal comes. */
static int capture_run(struct capture *c, struct kmsg_state *k, long long start)
{
	pid_t child = 0;
	size_t len = 0;
	int i;

	if (c->cmd) {
		for (i = 0; c->cmd[i] && len < sizeof(c->what) - 1; i++)
			len += (size_t)snprintf(c->what + len, sizeof(c->what) - len, "%s%s",
						i ? " " : "", c->cmd[i]);
		fflush(stdout);
		/*
		 * A stop signal between fork() and exec() would reach the child
		 * while it still has our handler, which only takes note: the
		 * SIGTERM we pass on would be lost and the command would run on.
		 * Keep the stop signals blocked across fork(); the child resets
		 * them to their defaults before it unblocks them.
		 */
		stop_signals_block(true);
		child = fork();
		if (child < 0) {
			stop_signals_block(false);
			pr_err("fork: %s", strerror(errno));
			return EXIT_FAIL;
		}
		if (child == 0) {
			stop_signals_default();
			stop_signals_block(false);
			/* the report may go to stdout: keep the command's output apart */
			if (!strcmp(c->outname, "-"))
				dup2(2, 1);
			execvp(c->cmd[0], c->cmd);
			fprintf(stderr, "drm-dbg: cannot run %s: %s\n", c->cmd[0], strerror(errno));
			_exit(errno == ENOENT ? 127 : 126);
		}
		stop_signals_block(false);
		c->ran = true;
	} else if (c->limit > 0) {
		snprintf(c->what, sizeof(c->what), "%g seconds", c->limit);
	} else {
		snprintf(c->what, sizeof(c->what), "until interrupted");
	}

	while (!stop_signal) {
		struct pollfd p = { .fd = k->fd, .events = POLLIN };

		poll(&p, 1, 100);
		kmsg_drain(k);
		if (child > 0 && waitpid(child, &c->status, WNOHANG) == child) {
			child = 0;
			break;
		}
		if (c->limit > 0 && now_ns() - start >= (long long)(c->limit * 1e9))
			break;
		if (k->err)
			break;
	}
	if (child > 0) {	/* a signal: tell the command to end, reap it later */
		kill(child, SIGTERM);
		c->child = child;
	}
	if (stop_signal)
		snprintf(c->what + strlen(c->what), sizeof(c->what) - strlen(c->what),
			 ", ended by signal %d", (int)stop_signal);
	return 0;
}

/*
 * Reap a command told to end (after the restore): TERM_GRACE_NS for it to
 * end, then SIGKILL -- at once on a second stop signal -- and KILL_GRACE_NS
 * more. A task in uninterruptible sleep (a hung GPU ioctl) may outlive
 * both; it is left running and the report says so.
 */
static void reap(struct capture *c, struct kmsg_state *k)
{
	long long since = now_ns();
	sig_atomic_t signals = stop_count;
	bool killed = false;

	while (c->child > 0) {
		struct pollfd p = { .fd = k->fd, .events = POLLIN };

		if (waitpid(c->child, &c->status, WNOHANG) == c->child) {
			c->child = 0;
			break;
		}
		if (!killed && (stop_count != signals ||
				now_ns() - since >= TERM_GRACE_NS)) {
			kill(c->child, SIGKILL);
			killed = true;
			since = now_ns();
		} else if (killed && now_ns() - since >= KILL_GRACE_NS) {
			break;
		}
		poll(&p, 1, 20);
		kmsg_drain(k);
	}
}

int do_capture(int argc, char **argv)
{
	struct capture c = { .spec = DEFAULT_SPEC };
	struct kmsg_state k = { .fd = -1 };
	struct flag_snapshot snap = { 0 };
	char defname[64], a[160];
	long long start;
	long logbuf;
	FILE *out = NULL;
	struct stat st;
	bool created = false, started = false;
	int rc, ch, sig, fd;

	rc = capture_args(argc, argv, &c);
	if (rc)
		return rc < 0 ? cmd_help("capture") : rc;
	rc = spec_against_current(c.spec, &c.old, &c.used);
	if (!rc)
		rc = debug_writable();
	if (!rc)
		rc = state_lock("capture", true);
	if (rc)
		return rc;
	if (!c.outname) {
		time_t t = time(NULL);

		strftime(defname, sizeof(defname), "drm-debug-%Y%m%d-%H%M%S.txt", localtime(&t));
		c.outname = defname;
	}
	/*
	 * Everything that can fail before the capture fails before it: the
	 * report file is opened now (not truncated yet, and removed again if
	 * drm-dbg created it and fails before capturing).
	 */
	if (!strcmp(c.outname, "-")) {
		out = stdout;
	} else {
		created = stat(c.outname, &st) != 0;
		fd = open(c.outname, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		out = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!out) {
			int err = errno;

			if (fd >= 0)
				close(fd);
			pr_err("cannot write %s: %s; nothing changed", c.outname, strerror(err));
			if (fd >= 0 && created)
				unlink(c.outname);
			state_unlock();
			return exit_for_errno(err);
		}
	}
	k.fd = sysio.kmsg_open();
	if (k.fd < 0) {
		int err = errno;

		pr_err("cannot read /dev/kmsg: %s%s", strerror(err), root_hint(err));
		rc = exit_for_errno(err);
		goto out;
	}
	sysio.kmsg_skip_old(k.fd);	/* only what comes from now on */
	k.log = tmpfile();
	if (!k.log) {
		pr_err("cannot create a temporary file: %s", strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	if (have_dyndbg() && drm_uses_dyndbg()) {
		rc = flags_snapshot(&snap);
		if (rc)
			goto out;
		c.flags_saved = true;
	}
	rc = state_save("capture", c.old, c.flags_saved ? &snap : NULL);
	if (rc)
		goto out;
	logbuf = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	if (logbuf > 0 && logbuf < 4 << 20)
		pr_note("the kernel log buffer is %ld KiB; debug output may overflow it (boot with log_buf_len=4M)",
			logbuf / 1024);

	stop_signals_catch();
	rc = debug_write(c.used);
	if (rc)
		goto out_signals;
	started = true;
	pr_note("drm.debug 0x%lx (%s) while capturing%s", c.used,
		category_mask_names(c.used, a, sizeof(a)),
		c.cmd || c.limit > 0 ? "" : "; Ctrl-C ends");
	start = now_ns();
	rc = capture_run(&c, &k, start);

	/* restore first, then end the command and collect what is left */
	c.mask_restored = !debug_write(c.old);
	if (!c.mask_restored)
		rc = EXIT_FAIL;
	c.flags_ok = c.flags_saved && !flags_restore(&snap, &c.flags_restored);
	if (c.flags_saved && !c.flags_ok)
		rc = EXIT_FAIL;
	if (c.mask_restored && (c.flags_ok || !c.flags_saved))
		state_clear();
	reap(&c, &k);
	kmsg_drain(&k);
	if (k.err) {
		pr_err("cannot read /dev/kmsg: %s; the log ends there", strerror(k.err));
		rc = EXIT_FAIL;
	}

	if (out != stdout && !fstat(fileno(out), &st) && S_ISREG(st.st_mode) &&
	    ftruncate(fileno(out), 0)) {
		pr_err("cannot write %s: %s", c.outname, strerror(errno));
		rc = EXIT_FAIL;
	}
	report_header(out, &c, (double)(now_ns() - start) / 1e9, &k, logbuf);
	rewind(k.log);
	while ((ch = fgetc(k.log)) != EOF)
		fputc(ch, out);
	if (out != stdout) {
		ch = fclose(out);
		out = NULL;
		if (ch) {
			pr_err("cannot write %s: %s", c.outname, strerror(errno));
			rc = EXIT_FAIL;
		}
	} else if (fflush(stdout)) {
		pr_err("cannot write the report: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
	if (c.mask_restored)
		pr_note("%lu kernel log lines in %s; drm.debug restored to 0x%lx", k.lines,
			c.outname, c.old);
	else
		pr_note("%lu kernel log lines in %s", k.lines, c.outname);
	restore_errors(c.mask_restored, c.old, c.flags_ok || !c.flags_saved);
	if (c.child > 0)
		pr_warn("the command (pid %d) did not end after SIGTERM and SIGKILL; left running",
			(int)c.child);
	if (k.lost)
		pr_warn("%lu log records were lost to an overflowing log buffer", k.lost);

	/*
	 * The shell's conventions: drm-dbg's own failure; else 128 + a signal
	 * drm-dbg got (Ctrl-C is the normal end when it waits for one); else
	 * the command's status.
	 */
	sig = stop_signal;
	if (!rc && sig && !(sig == SIGINT && !c.cmd && c.limit <= 0))
		rc = 128 + sig;
	else if (!rc && c.ran)
		rc = shell_status(c.status);
out_signals:
	stop_signals_release();
out:
	if (out && out != stdout) {
		fclose(out);
		if (!started && created)
			unlink(c.outname);
	}
	if (k.log)
		fclose(k.log);
	if (k.fd >= 0)
		close(k.fd);
	if (!started)
		state_clear();	/* saved, but nothing changed */
	state_unlock();
	flags_snapshot_free(&snap);
	return rc;
}
