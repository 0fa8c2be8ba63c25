// SPDX-License-Identifier: GPL-2.0
/*
 * Access to drm.debug, the dynamic debug control file and /proc/interrupts.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel.h"

char sysfs_root[256] = "/sys";
char proc_root[256] = "/proc";

#define DEBUG_PARAM "module/drm/parameters/debug"

void error(const char *fmt, ...)
{
	va_list ap;

	fputs("drm-dbg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

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

static int read_param(char *buf, size_t len)
{
	char p[512];
	FILE *f;

	if (!drm_loaded()) {
		error("drm is not loaded (no %s)", sys_path(p, sizeof(p), "module/drm"));
		return EXIT_NOT_LOADED;
	}
	f = fopen(sys_path(p, sizeof(p), DEBUG_PARAM), "r");
	if (!f) {
		error("cannot read %s: %s", p, strerror(errno));
		return errno == EACCES ? EXIT_PERM : EXIT_FAIL;
	}
	if (!fgets(buf, (int)len, f)) {
		error("cannot read %s", p);
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

	return !read_param(v, sizeof(v)) && !strncmp(v, "0x", 2);
}

int debug_read(unsigned long *mask)
{
	char v[64], *end;
	int rc = read_param(v, sizeof(v));

	if (rc)
		return rc;
	errno = 0;
	*mask = strtoul(v, &end, 0);
	if (errno || end == v || *end) {
		error("drm.debug reads '%s', not a number", v);
		return EXIT_FAIL;
	}
	return 0;
}

int debug_writable(void)
{
	char p[512];

	if (!drm_loaded()) {
		error("drm is not loaded (no %s)", sys_path(p, sizeof(p), "module/drm"));
		return EXIT_NOT_LOADED;
	}
	if (access(sys_path(p, sizeof(p), DEBUG_PARAM), W_OK)) {
		error("cannot write %s: %s%s", p, strerror(errno),
		      errno == EACCES ? " (run as root)" : "");
		return errno == EACCES ? EXIT_PERM : EXIT_FAIL;
	}
	return 0;
}

int debug_write(unsigned long mask)
{
	char p[512], v[32];
	int fd, len, rc = debug_writable();

	if (rc)
		return rc;
	len = snprintf(v, sizeof(v), "0x%lx\n", mask);
	fd = open(sys_path(p, sizeof(p), DEBUG_PARAM), O_WRONLY);
	if (fd < 0 || write(fd, v, (size_t)len) != len) {
		error("cannot write drm.debug: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return errno == EACCES || errno == EPERM ? EXIT_PERM : EXIT_FAIL;
	}
	if (close(fd)) {
		error("cannot write drm.debug: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return 0;
}

long long interrupts_cal(FILE *f)
{
	char line[4096];

	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		long long sum = 0;

		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "CAL:", 4))
			continue;
		p += 4;
		for (;;) {
			unsigned long long n;

			while (isspace((unsigned char)*p))
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			n = strtoull(p, &end, 10);
			sum += (long long)n;
			p = end;
		}
		return sum;
	}
	return -1;
}

long long read_cal(void)
{
	char p[512];
	FILE *f = fopen(proc_path(p, sizeof(p), "interrupts"), "r");
	long long n;

	if (!f)
		return -1;
	n = interrupts_cal(f);
	fclose(f);
	return n;
}
