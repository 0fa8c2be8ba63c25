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
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
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
	FILE *log;		/* the report: records go there as they come */
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
		/* on its way to the file at once: a kill -9 keeps what came */
		fflush(k->log);
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
	bool ran, flags_saved, mask_restored, flags_ok, as_root;
	unsigned long flags_restored;
};

/* The shell's exit status for a wait status: the code, or 128 + the signal. */
static int shell_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAIL;
}

/* "# param M.P=V" for drm and each module that uses it. */
static void report_params(FILE *out)
{
	char p[512], mods[64][64];
	struct dirent *e;
	int n = 0, i;
	DIR *d;

	snprintf(mods[n++], sizeof(mods[0]), "drm");
	d = opendir(sys_path(p, sizeof(p), "module/drm/holders"));
	while (d && (e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.')
			snprintf(mods[n++], sizeof(mods[0]), "%.63s", e->d_name);
	if (d)
		closedir(d);
	for (i = 0; i < n; i++) {
		char rel[128];

		snprintf(rel, sizeof(rel), "module/%.63s/parameters", mods[i]);
		d = opendir(sys_path(p, sizeof(p), rel));
		while (d && (e = readdir(d))) {
			char path[800], val[256] = "";
			FILE *f;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", p, e->d_name);
			f = sysio.open_read(path);
			if (!f)
				continue;	/* write-only */
			if (!fgets(val, sizeof(val), f))
				val[0] = '\0';
			fclose(f);
			val[strcspn(val, "\n")] = '\0';
			fprintf(out, "# param %s.%s=%s\n", mods[i], e->d_name, val);
		}
		if (d)
			closedir(d);
	}
}

/* What is known before the capture: the report starts with it. */
static void report_header(FILE *out, const struct capture *c, long logbuf)
{
	struct drm_dev devs[16];
	struct utsname u;
	char a[160], b[160], date[64], p[512], line[4096];
	time_t t = time(NULL);
	int i, n = devices_get(devs, 16), level = -1;
	FILE *f;

	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&t));
	fprintf(out, "# drm-dbg %s capture, %s\n", DRM_DBG_VERSION, date);
	if (!uname(&u))
		fprintf(out, "# kernel: %s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
	f = sysio.open_read(proc_path(p, sizeof(p), "cmdline"));
	if (f) {
		if (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			fprintf(out, "# command line: %s\n", line);
		}
		fclose(f);
	}
	fprintf(out, "# drm.debug used: 0x%lx (%s); before: 0x%lx (%s)\n", c->used,
		category_mask_names(c->used, a, sizeof(a)), c->old,
		category_mask_names(c->old, b, sizeof(b)));
	fprintf(out, "# drm.debug via dynamic debug: %s\n", drm_uses_dyndbg() ? "yes" : "no");
	if (logbuf > 0)
		fprintf(out, "# kernel log buffer: %ld KiB%s\n", logbuf / 1024,
			logbuf < 4 << 20 ? " (debug output may overflow it: boot with log_buf_len=4M)" : "");
	f = sysio.open_read(proc_path(p, sizeof(p), "sys/kernel/printk"));
	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = -1;
		fclose(f);
	}
	if (level >= 0 && level < 8)
		fprintf(out, "# console loglevel: %d: debug messages are in this report, not on the console (to see them there, on a serial console if the machine hangs: dmesg -n 8, or boot with ignore_loglevel)\n",
			level);
	if (!n)
		fprintf(out, "# DRM devices: none\n");
	for (i = 0; i < n; i++)
		fprintf(out, "# DRM device: %s %s [%04x:%04x] driver %s %s\n",
			devs[i].primary[0] ? devs[i].primary : devs[i].render, devs[i].bus,
			devs[i].vendor_id, devs[i].device_id,
			devs[i].driver[0] ? devs[i].driver : "?", devs[i].version);
	report_params(out);
	if (c->cmd && getuid() == 0 && !c->as_root && getenv("SUDO_UID") && strcmp(getenv("SUDO_UID"), "0"))
		fprintf(out, "# command: run as uid %s, gid %s (the sudo user; --as-root keeps root)\n",
			getenv("SUDO_UID"), getenv("SUDO_GID") ? getenv("SUDO_GID") : "?");
	fprintf(out, "# the log follows; the outcome is at its end\n#\n");
}

/* What is known after it: the report ends with it. */
static void report_trailer(FILE *out, const struct capture *c, double secs,
			   const struct kmsg_state *k)
{
	char a[160];

	fprintf(out, "#\n# captured: %s, %.1f s, %lu lines\n", c->what, secs, k->lines);
	if (c->mask_restored)
		fprintf(out, "# drm.debug restored: 0x%lx (%s)\n", c->old,
			category_mask_names(c->old, a, sizeof(a)));
	else
		fprintf(out, "# drm.debug NOT restored to 0x%lx: 'drm-dbg restore' retries\n", c->old);
	if (c->flags_ok)
		fprintf(out, "# callsite flags restored: %lu callsites\n", c->flags_restored);
	else if (c->flags_saved)
		fprintf(out, "# callsite flags NOT restored: the control file refused the restore; 'drm-dbg restore' retries\n");
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
	if (k->lost)
		fprintf(out, "# WARNING: %lu log records were lost: the kernel log buffer overflowed\n",
			k->lost);
}

/*
 * Under sudo, the command runs as the user who ran sudo (SUDO_UID,
 * SUDO_GID, that user's groups and HOME), as it would without drm-dbg;
 * --as-root keeps root. 0, or -1 with errno.
 */
static int drop_to_sudo_user(void)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
	struct passwd *pw;
	unsigned long uid, gid;
	char *end;

	if (getuid() != 0 || !su || !sg)
		return 0;
	uid = strtoul(su, &end, 10);
	if (*end || end == su)
		return errno = EINVAL, -1;
	gid = strtoul(sg, &end, 10);
	if (*end || end == sg)
		return errno = EINVAL, -1;
	if (!uid)
		return 0;
	pw = getpwuid((uid_t)uid);
	if (pw ? initgroups(pw->pw_name, (gid_t)gid) : setgroups(0, NULL))
		return -1;
	if (setgid((gid_t)gid) || setuid((uid_t)uid))
		return -1;
	if (pw) {
		setenv("HOME", pw->pw_dir, 1);
		setenv("USER", pw->pw_name, 1);
		setenv("LOGNAME", pw->pw_name, 1);
	}
	return 0;
}

/* The JSON summary of -j (the report itself is text, in its file). */
static void capture_json(const struct capture *c, const struct kmsg_state *k, double secs)
{
	struct json j;

	json_init(&j, stdout, pretty_output);
	json_open(&j, NULL, '{');
	json_str(&j, "output", c->outname);
	json_u64(&j, "mask_used", c->used);
	json_categories(&j, "categories_used", c->used);
	json_u64(&j, "mask_before", c->old);
	json_bool(&j, "mask_restored", c->mask_restored);
	if (c->flags_saved && c->flags_ok)
		json_u64(&j, "flags_restored", c->flags_restored);
	else
		json_null(&j, "flags_restored");
	json_bool(&j, "flags_ok", c->flags_ok || !c->flags_saved);
	json_str(&j, "captured", c->what);
	json_i64(&j, "ns", (long long)(secs * 1e9));
	json_u64(&j, "lines", k->lines);
	json_u64(&j, "lost", k->lost);
	if (c->ran && c->child <= 0)
		json_i64(&j, "command_status", shell_status(c->status));
	else
		json_null(&j, "command_status");
	json_bool(&j, "command_left_running", c->child > 0);
	json_close(&j, '}');
	json_end(&j);
}

static int capture_args(int argc, char **argv, struct capture *c)
{
	static const struct option longopts[] = {
		{ "categories", required_argument, NULL, 'c' },
		{ "output",     required_argument, NULL, 'o' },
		{ "time",       required_argument, NULL, 't' },
		{ "as-root",    no_argument,       NULL, 'R' },
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
		case 'R':
			c->as_root = true;
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
	if (json_output && c->outname && !strcmp(c->outname, "-")) {
		pr_err("capture: with -j, standard output has the JSON summary: give the report a file (-o FILE)");
		return EXIT_USAGE;
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
			if (!strcmp(c->outname, "-") || json_output)
				dup2(2, 1);
			if (!c->as_root && drop_to_sudo_user()) {
				fprintf(stderr, "drm-dbg: cannot run %s as the sudo user (uid %s): %s\n",
					c->cmd[0], getenv("SUDO_UID"), strerror(errno));
				_exit(126);
			}
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
	double secs;
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
	/*
	 * The report is written as the capture goes: the header now, each
	 * record as it comes, the outcome at the end. A capture killed with
	 * SIGKILL leaves the log it had, and 'drm-dbg restore' the state.
	 */
	if (out != stdout && !fstat(fileno(out), &st) && S_ISREG(st.st_mode) &&
	    ftruncate(fileno(out), 0)) {
		pr_err("cannot write %s: %s", c.outname, strerror(errno));
		rc = EXIT_FAIL;
	}
	k.log = out;
	report_header(out, &c, logbuf);
	fflush(out);
	pr_note("drm.debug 0x%lx (%s) while capturing%s", c.used,
		category_mask_names(c.used, a, sizeof(a)),
		c.cmd || c.limit > 0 ? "" : "; Ctrl-C ends");
	start = now_ns();
	if (!rc)
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

	secs = (double)(now_ns() - start) / 1e9;
	report_trailer(out, &c, secs, &k);
	if (out != stdout) {
		ch = ferror(out);
		ch = fclose(out) || ch;
		out = NULL;
		if (ch) {
			pr_err("cannot write %s: %s", c.outname, strerror(errno));
			rc = EXIT_FAIL;
		}
	} else if (fflush(stdout) || ferror(stdout)) {
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
	if (json_output && !pr_err_printed())
		capture_json(&c, &k, secs);

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
	if (k.fd >= 0)
		close(k.fd);
	if (!started)
		state_clear();	/* saved, but nothing changed */
	state_unlock();
	flags_snapshot_free(&snap);
	return rc;
}
