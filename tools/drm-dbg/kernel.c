// SPDX-License-Identifier: GPL-2.0
/*
 * Access to drm.debug, the dynamic debug control file and /proc/interrupts.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel.h"

char sysfs_root[256] = "/sys";
char proc_root[256] = "/proc";
char run_root[256] = "/run";

#define DEBUG_PARAM "module/drm/parameters/debug"

static FILE *real_open_read(const char *path)
{
	return fopen(path, "r");
}

static int real_write(const char *path, const char *buf, size_t len, bool append)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC));
	ssize_t n;
	int err;

	if (fd < 0)
		return -1;
	n = write(fd, buf, len);
	err = errno;
	if (close(fd) && n == (ssize_t)len)
		return -1;	/* errno from close() */
	if (n != (ssize_t)len) {
		errno = n < 0 ? err : EIO;
		return -1;
	}
	return 0;
}

static int real_writable(const char *path)
{
	return access(path, W_OK);
}

static int real_kmsg_open(void)
{
	return open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

static void real_kmsg_skip_old(int fd)
{
	lseek(fd, 0, SEEK_END);
}

static int real_perf_kprobe_open(int type, const char *func, int cpu)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = (__u32)type;
	attr.config1 = (__u64)(uintptr_t)func;	/* kprobe_func */
	attr.config2 = 0;			/* probe_offset */
	return (int)syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static int real_perf_read(int fd, unsigned long long *count)
{
	__u64 v;

	if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return -1;
	*count = v;
	return 0;
}

const struct sysio sysio_real = {
	.open_read = real_open_read,
	.write = real_write,
	.writable = real_writable,
	.kmsg_open = real_kmsg_open,
	.kmsg_skip_old = real_kmsg_skip_old,
	.perf_kprobe_open = real_perf_kprobe_open,
	.perf_read = real_perf_read,
};
struct sysio sysio = {
	.open_read = real_open_read,
	.write = real_write,
	.writable = real_writable,
	.kmsg_open = real_kmsg_open,
	.kmsg_skip_old = real_kmsg_skip_old,
	.perf_kprobe_open = real_perf_kprobe_open,
	.perf_read = real_perf_read,
};

const char *sys_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", sysfs_root, rel);
	return buf;
}

const char *proc_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", proc_root, rel);
	return buf;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool drm_loaded(void)
{
	char p[512];

	return exists(sys_path(p, sizeof(p), "module/drm"));
}

bool have_dyndbg(void)
{
	char p[512];

	return exists(proc_path(p, sizeof(p), "dynamic_debug/control"));
}

const char *root_hint(int err)
{
	return err == EACCES || err == EPERM ?
	       " (root only: run drm-dbg as root, e.g. with sudo; without root, "
	       "'drm-dbg list', 'callsites' and 'devices' work)" : "";
}

static int read_param(char *buf, size_t len, bool quiet)
{
	char p[512];
	FILE *f;

	if (!drm_loaded()) {
		if (!quiet)
			pr_err("drm is not loaded (no %s)", sys_path(p, sizeof(p), "module/drm"));
		return EXIT_NOT_LOADED;
	}
	f = sysio.open_read(sys_path(p, sizeof(p), DEBUG_PARAM));
	if (!f) {
		int err = errno;

		if (!quiet)
			pr_err("cannot read %s: %s%s", p, strerror(err), root_hint(err));
		return exit_for_errno(err);
	}
	if (!fgets(buf, (int)len, f)) {
		if (!quiet)
			pr_err("cannot read %s", p);
		fclose(f);
		return EXIT_FAIL;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

bool drm_uses_dyndbg(void)
{
	char v[64];

	return !read_param(v, sizeof(v), true) && !strncmp(v, "0x", 2);
}

int debug_read(unsigned long *mask)
{
	char v[64], *end;
	int rc = read_param(v, sizeof(v), false);

	if (rc)
		return rc;
	errno = 0;
	*mask = strtoul(v, &end, 0);
	if (errno || end == v || *end) {
		pr_err("drm.debug reads '%s', not a number", v);
		return EXIT_FAIL;
	}
	return 0;
}

int debug_writable(void)
{
	char p[512];

	if (!drm_loaded()) {
		pr_err("drm is not loaded (no %s)", sys_path(p, sizeof(p), "module/drm"));
		return EXIT_NOT_LOADED;
	}
	if (sysio.writable(sys_path(p, sizeof(p), DEBUG_PARAM))) {
		int err = errno;

		pr_err("cannot write %s: %s%s", p, strerror(err), root_hint(err));
		return exit_for_errno(err);
	}
	return 0;
}

int debug_write(unsigned long mask)
{
	char p[512], v[32];
	int len, rc = debug_writable();

	if (rc)
		return rc;
	len = snprintf(v, sizeof(v), "0x%lx\n", mask);
	if (sysio.write(sys_path(p, sizeof(p), DEBUG_PARAM), v, (size_t)len, false)) {
		int err = errno;

		pr_err("cannot write drm.debug: %s%s", strerror(err), root_hint(err));
		return exit_for_errno(err);
	}
	return 0;
}

long long interrupts_cal(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	long long sum = -1;

	while (read_line(f, &line, &cap)) {
		char *p = line, *end;

		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "CAL:", 4))
			continue;
		p += 4;
		sum = 0;
		for (;;) {
			unsigned long long n;

			while (*p == ' ' || *p == '\t')
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			errno = 0;
			n = strtoull(p, &end, 10);
			if (errno || (*end && !isspace((unsigned char)*end)))
				break;	/* the label, or a number too big */
			if (n > (unsigned long long)(__LONG_LONG_MAX__ - sum))
				break;
			sum += (long long)n;
			p = end;
		}
		break;
	}
	free(line);
	return sum;
}

long long read_cal(void)
{
	char p[512];
	FILE *f = sysio.open_read(proc_path(p, sizeof(p), "interrupts"));
	long long n;

	if (!f)
		return -1;
	n = interrupts_cal(f);
	fclose(f);
	return n;
}

void restore_errors(bool mask_ok, unsigned long old, bool flags_ok)
{
	if (!mask_ok)
		pr_err("drm.debug is NOT restored to 0x%lx ('drm-dbg restore' retries)", old);
	if (!flags_ok)
		pr_err("the flags of the class'd callsites are NOT restored ('drm-dbg restore' retries)");
}
