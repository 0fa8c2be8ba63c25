// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for drm-dbg: parsers, and the commands against a fake kernel
 * (fake-kernel.c: sysfs and procfs trees given with --sysfs-root and
 * --proc-root, a control file that applies the queries written to it, a
 * drm.debug that switches classes, counted syncs, a fake /dev/kmsg) and a
 * fake libdrm (fake-libdrm.c), with control file and /proc/interrupts
 * text captured from the workbench guest in data/ (control-guest.txt:
 * drm and helpers whole, 300 lines each of i915 and amdgpu, 40 of other
 * modules; the same bytes on 7.2 + patch 1 and on 7.2 + the whole
 * series, so it is kept once).
 * Run from this directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drm-dbg.h"
#include "fake-kernel.h"

extern int fake_drm_devices;
extern char fake_drm_node[256];

/* ---- parsers ---- */

static void test_category_names(void **state)
{
	(void)state;
	assert_non_null(category_by_name("kms"));
	assert_int_equal(category_by_name("KMS")->bit, 2);
	assert_int_equal(category_by_name("DRM_UT_KMS")->bit, 2);
	assert_int_equal(category_by_name("drm_ut_atomic")->bit, 4);
	assert_int_equal(category_by_name("drmres")->bit, 9);
	assert_null(category_by_name("kmss"));
	assert_null(category_by_name(""));
	assert_non_null(category_by_class("DRM_UT_DP"));
	assert_null(category_by_class("D2_KMS"));
	assert_null(category_by_class("KMS"));
	assert_string_equal(category_closest("atomc"), "ATOMIC");
	assert_string_equal(category_closest("DRM_UT_KSM"), "KMS");
	assert_string_equal(category_closest("drvier"), "DRIVER");
	assert_null(category_closest("frobnicate"));
	/* short words are not typos of short names */
	assert_null(category_closest("on"));
	assert_null(category_closest("hi"));
	assert_null(category_closest("1e"));
	assert_null(category_closest("08"));
	assert_null(category_closest("h"));
	assert_null(category_closest("j"));
	assert_null(category_closest("dq"));
	assert_string_equal(category_closest("kmz"), "KMS");
	assert_string_equal(category_closest("vbk"), "VBL");
	assert_null(category_closest("kkkk"));
	assert_string_equal(category_closest("prme"), "PRIME");
	assert_null(category_closest("atxmxx"));
}

static unsigned long spec(const char *s, unsigned long cur)
{
	unsigned long out = 0xdead;
	char err[160];

	assert_int_equal(category_parse_spec(s, cur, &out, err, sizeof(err)), 0);
	return out;
}

static void spec_error(const char *s, const char *want)
{
	unsigned long out = 0xdead;
	char err[160] = "";

	assert_int_equal(category_parse_spec(s, 0x20, &out, err, sizeof(err)), -1);
	assert_int_equal(out, 0xdead);
	if (!strstr(err, want))
		fail_msg("spec '%s': error '%s' lacks '%s'", s, err, want);
}

static void test_category_spec(void **state)
{
	(void)state;
	assert_int_equal(spec("kms,atomic", 0x20), 0x14);
	assert_int_equal(spec("KMS ATOMIC", 0x20), 0x14);
	assert_int_equal(spec("drm_ut_kms", 0x3ff), 0x4);
	assert_int_equal(spec("+dp -vbl", 0x20), 0x100);
	assert_int_equal(spec("+dp,+kms", 0x1), 0x105);
	assert_int_equal(spec("-all", 0x3ff), 0);
	assert_int_equal(spec("0x1e", 0), 0x1e);
	assert_int_equal(spec("30", 0), 30);
	assert_int_equal(spec("0", 0x3ff), 0);
	assert_int_equal(spec("all", 0), 0x3ff);
	assert_int_equal(spec("none", 0x3ff), 0);
	assert_int_equal(spec("  kms  ", 0), 0x4);
	spec_error("kmz", "did you mean KMS");
	spec_error("kms,+dp", "mixes exact and relative");
	spec_error("0x400", "bits beyond");
	spec_error("", "empty");
	spec_error("+", "without a category");
	spec_error("0x1g", "unknown category");
	spec_error("frobnicate", "categories: all, none, core");
	spec_error("on", "categories: all");
	spec_error("-h", "categories: all");
	/* blanks around, numbers as words, no octal */
	assert_int_equal(spec("0x1e ", 0), 0x1e);
	assert_int_equal(spec(" 30\t", 0), 30);
	assert_int_equal(spec("+0x10", 0x4), 0x14);
	assert_int_equal(spec("-0x4 +dp", 0x14), 0x110);
	assert_int_equal(spec("kms,0x100", 0x3ff), 0x104);
	assert_int_equal(spec("0", 0x3ff), 0);
	spec_error("010", "octal");
	spec_error("+0x400", "bits beyond");
	spec_error("0x", "unknown category");
}

static void test_mask_names(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(category_mask_names(0, buf, sizeof(buf)), "none");
	assert_string_equal(category_mask_names(0x1e, buf, sizeof(buf)),
			    "DRIVER,KMS,PRIME,ATOMIC");
	assert_string_equal(category_mask_names(0x3ff, buf, sizeof(buf)),
			    "CORE,DRIVER,KMS,PRIME,ATOMIC,VBL,STATE,LEASE,DP,DRMRES");
	/* bits beyond the categories are shown, not hidden */
	assert_string_equal(category_mask_names(0x400, buf, sizeof(buf)), "unknown 0x400");
	assert_string_equal(category_mask_names(0xc04, buf, sizeof(buf)), "KMS,unknown 0xc00");
}

static void test_callsite_parse(void **state)
{
	struct callsite cs;

	(void)state;
	assert_int_equal(callsite_parse("drivers/gpu/drm/i915/display/intel_dp.c:1234 [i915]intel_dp_detect =pmf \"[C:%d] \"q\" tab\\there\\n\" class:DRM_UT_KMS\n", &cs), 0);
	assert_string_equal(cs.file, "drivers/gpu/drm/i915/display/intel_dp.c");
	assert_int_equal(cs.line, 1234);
	assert_string_equal(cs.module, "i915");
	assert_string_equal(cs.function, "intel_dp_detect");
	assert_string_equal(cs.flags, "pmf");
	assert_true(cs.enabled);
	assert_string_equal(cs.format, "[C:%d] \"q\" tab\there\n");
	assert_string_equal(cs.class, "DRM_UT_KMS");

	assert_int_equal(callsite_parse("a/b.c:7 [ttm]f =_ \"x\" class unknown, _id:1\n", &cs), 0);
	assert_ptr_equal(cs.class, CLASS_UNKNOWN);
	assert_false(cs.enabled);

	assert_int_equal(callsite_parse("init/main.c:1 [main]f =_ \"  with spaces \"\n", &cs), 0);
	assert_null(cs.class);
	assert_string_equal(cs.format, "  with spaces ");

	/* the kernel leaves '"' inside a format unescaped */
	assert_int_equal(callsite_parse("drivers/gpu/drm/drm_atomic_uapi.c:150 [drm]drm_atomic_set_mode_prop_for_crtc =_ \"[CRTC:%d:%s] invalid mode (%s, %pe): \"%s\": %d\n\" class:DRM_UT_ATOMIC\n", &cs), 0);
	assert_string_equal(cs.format, "[CRTC:%d:%s] invalid mode (%s, %pe): \"%s\": %d\n");
	assert_string_equal(cs.class, "DRM_UT_ATOMIC");
	assert_int_equal(callsite_parse("a.c:1 [m]f =p \"say \"hi\"\"\n", &cs), 0);
	assert_string_equal(cs.format, "say \"hi\"");
	assert_null(cs.class);

	assert_int_equal(callsite_parse("# filename:lineno [module]function flags format\n", &cs), -1);
	assert_int_equal(callsite_parse("x.c:12x [m]f =_ \"x\"\n", &cs), -1);
	assert_int_equal(callsite_parse("x.c:12 m]f =_ \"x\"\n", &cs), -1);
	assert_int_equal(callsite_parse("x.c:12 [m]f =_ \"unterminated\n", &cs), -1);
	assert_int_equal(callsite_parse("", &cs), -1);
	assert_int_equal(callsite_parse(":12 [m]f =_ \"x\"\n", &cs), -1);
	assert_int_equal(callsite_parse("a.c: [m]f =_ \"x\"\n", &cs), -1);

	/* a long format is cut at a character boundary, never in a UTF-8 sequence */
	{
		char line[800];
		size_t i;

		strcpy(line, "a.c:1 [m]f =_ \"");
		for (i = 0; i < 254; i++)
			strcat(line, "x");
		strcat(line, "\xc3\xa9\xc3\xa9\" class:DRM_UT_KMS");
		assert_int_equal(callsite_parse(line, &cs), 0);
		assert_int_equal(strlen(cs.format), 254);
		assert_int_equal(utf8_trim(cs.format, strlen(cs.format)), 254);
	}
}

static int count_cb(const struct callsite *cs, void *arg)
{
	unsigned int *n = arg;

	(void)cs;
	n[0]++;
	if (cs->class && cs->class != CLASS_UNKNOWN && category_by_class(cs->class))
		n[1]++;
	return 0;
}

static void test_control_file(void **state)
{
	unsigned int n[2] = { 0, 0 };
	FILE *f = fopen("data/control-sample.txt", "r");
	unsigned long bad = 0;

	(void)state;
	assert_non_null(f);

	assert_int_equal(callsites_each(f, count_cb, n, &bad), 0);
	fclose(f);
	assert_int_equal(n[0], 11);	/* the header and 2 bad lines are skipped */
	assert_int_equal(n[1], 7);	/* of DRM_UT_* classes */
	assert_int_equal(bad, 2);	/* and counted, but the header */
}

/* Lines of any length: a 20,000-byte callsite line is read whole. */
static void test_control_long_line(void **state)
{
	size_t len = 20000, i;
	char *text = malloc(len + 200), *p;
	unsigned int n[2] = { 0, 0 };
	unsigned long bad = 0;
	FILE *f;

	(void)state;
	p = text + sprintf(text, "a.c:1 [m]f =p \"");
	for (i = 0; i < len; i++)
		*p++ = 'y';
	p += sprintf(p, "\" class:DRM_UT_KMS\nb.c:2 [m]g =_ \"z\" class:DRM_UT_DP\n");
	f = fmemopen(text, (size_t)(p - text), "r");
	assert_int_equal(callsites_each(f, count_cb, n, &bad), 0);
	fclose(f);
	assert_int_equal(n[1], 2);
	assert_int_equal(bad, 0);
	free(text);
}

static void test_interrupts(void **state)
{
	FILE *f = fopen("data/interrupts-sample.txt", "r");

	(void)state;
	assert_non_null(f);
	assert_int_equal(interrupts_cal(f), 1000);
	fclose(f);
	f = fmemopen((char *)"CPU0\n LOC: 1 2\n", 15, "r");
	assert_int_equal(interrupts_cal(f), -1);
	fclose(f);
}

/* A CAL row of 1,000 CPUs (over 10,000 bytes) is summed whole. */
static void test_interrupts_many_cpus(void **state)
{
	char *text = malloc(64 * 1024), *p = text;
	int i;
	FILE *f;

	(void)state;
	p += sprintf(p, "   ");
	for (i = 0; i < 1000; i++)
		p += sprintf(p, "  CPU%-6d", i);
	p += sprintf(p, "\n LOC: 5 5\n CAL:");
	for (i = 0; i < 1000; i++)
		p += sprintf(p, " %10d", 3);
	p += sprintf(p, "   Function call interrupts\n TLB: 1 1\n");
	assert_true(p - text > 2 * 4096);
	f = fmemopen(text, (size_t)(p - text), "r");
	assert_int_equal(interrupts_cal(f), 3000);
	fclose(f);
	free(text);
}

/* ---- commands against the fake kernel ---- */

static char out_buf[1 << 20], err_buf[1 << 16];

static void slurp(int fd, char *buf, size_t len)
{
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

/* Run drm-dbg with the fake's roots; stdout lands in out_buf, stderr in err_buf. */
static int run(struct fake *t, const char *args)
{
	char *argv[40], line[1024], *save = NULL, *w;
	char sysopt[128], procopt[128], runopt[128];
	char tmp_out[] = "/tmp/drm-dbg-out-XXXXXX", tmp_err[] = "/tmp/drm-dbg-err-XXXXXX";
	int argc = 0, rc, saved_out, saved_err, fo, fe;

	argv[argc++] = (char *)"drm-dbg";
	snprintf(sysopt, sizeof(sysopt), "--sysfs-root=%s", t->sys);
	snprintf(procopt, sizeof(procopt), "--proc-root=%s", t->proc);
	snprintf(runopt, sizeof(runopt), "--run-root=%s", t->run);
	argv[argc++] = sysopt;
	argv[argc++] = procopt;
	argv[argc++] = runopt;
	snprintf(line, sizeof(line), "%s", args);
	/* words split at blanks; '|' inside a word stands for a blank */
	for (w = strtok_r(line, " ", &save); w && argc < 39; w = strtok_r(NULL, " ", &save)) {
		char *c;

		for (c = w; *c; c++)
			if (*c == '|')
				*c = ' ';
		argv[argc++] = w;
	}
	argv[argc] = NULL;

	fo = mkstemp(tmp_out);
	fe = mkstemp(tmp_err);
	assert_true(fo >= 0 && fe >= 0);
	unlink(tmp_out);
	unlink(tmp_err);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(fo, 1);
	dup2(fe, 2);
	rc = drm_dbg_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(fo, out_buf, sizeof(out_buf));
	slurp(fe, err_buf, sizeof(err_buf));
	return rc;
}

static void expect_in(const char *buf, const char *want, const char *what)
{
	if (!strstr(buf, want))
		fail_msg("%s lacks '%s':\n%s", what, want, buf);
}
#define expect_out(w) expect_in(out_buf, (w), "stdout")
#define expect_err(w) expect_in(err_buf, (w), "stderr")

static void expect_not(const char *buf, const char *unwanted)
{
	if (strstr(buf, unwanted))
		fail_msg("'%s' unexpected in:\n%s", unwanted, buf);
}

static const char *param(struct fake *t)
{
	static char buf[64];
	FILE *f = fopen(t->param, "r");

	assert_non_null(f);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *read_file(const char *path)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Every string in stdout is valid JSON text as far as UTF-8 goes. */
static void expect_valid_utf8(const char *s)
{
	size_t len = strlen(s), i = 0, n;

	while (i < len) {
		n = utf8_seq_len((const unsigned char *)s + i, len - i);
		if (!n)
			fail_msg("invalid UTF-8 at byte %zu of:\n%s", i, s);
		i += n;
	}
}

#define SAMPLE "data/control-sample.txt"
#define GUEST "data/control-guest.txt"

static void test_cmd_status(void **state)
{
	struct fake *t = fake_new("0x14\n", SAMPLE, false);

	(void)state;
	assert_int_equal(run(t, "status"), EXIT_OK);
	expect_out("drm.debug  0x14 (KMS,ATOMIC)");
	expect_out("via dynamic debug");
	expect_out("i915                     1/3");
	expect_out("1 callsites of an unknown class");
	assert_int_equal(run(t, "-j"), EXIT_OK);
	expect_out("{\"debug\":20,\"names\":[\"KMS\",\"ATOMIC\"],\"unknown_bits\":0,\"kernel\":{\"dynamic_debug\":true,");
	expect_out("{\"name\":\"amdgpu\",\"enabled\":1,\"callsites\":1}");
	assert_int_equal(run(t, "-p st"), EXIT_OK);
	expect_out("\n  \"debug\": 20,");
	assert_int_equal(run(t, "status extra"), EXIT_USAGE);
	expect_err("drm-dbg: status takes no arguments");
	/* global options after the command */
	assert_int_equal(run(t, "status -j"), EXIT_OK);
	expect_out("{\"debug\":20,");
	assert_int_equal(run(t, "status --pretty"), EXIT_OK);
	expect_out("\n  \"debug\": 20,");
	/* bits beyond the known categories are shown */
	put(t->param, "0x414\n");
	assert_int_equal(run(t, "status"), EXIT_OK);
	expect_out("drm.debug  0x414 (KMS,ATOMIC,unknown 0x400)");
	expect_out("unknown bits 0x400");
	assert_int_equal(run(t, "-j status"), EXIT_OK);
	expect_out("\"unknown_bits\":1024");
	fake_free(t);
}

static void test_cmd_status_plain_param(void **state)
{
	/* a kernel without CONFIG_DRM_USE_DYNAMIC_DEBUG nor dynamic debug */
	struct fake *t = fake_new("30\n", NULL, false);

	(void)state;
	assert_int_equal(run(t, "status"), EXIT_OK);
	expect_out("drm.debug  0x1e (DRIVER,KMS,PRIME,ATOMIC)");
	expect_out("a plain bitmask");
	expect_out("callsites  unavailable");
	assert_int_equal(run(t, "callsites"), EXIT_NO_DYNDBG);
	assert_int_equal(run(t, "set +dp"), EXIT_OK);
	assert_string_equal(param(t), "286\n");	/* a plain ulong param */
	assert_int_equal(run(t, "bench -P per-class"), EXIT_NO_DYNDBG);
	assert_int_equal(run(t, "set kms --decorate mf"), EXIT_NO_DYNDBG);
	if (run(t, "set kms -m i915") != EXIT_NO_DYNDBG)
		fail_msg("%s", err_buf);
	fake_free(t);
	/* dynamic debug, but drm.debug a plain bitmask: -m explains, exit 4 */
	t = fake_new("30\n", SAMPLE, false);
	assert_int_equal(run(t, "set kms -m i915"), EXIT_NO_DYNDBG);
	expect_err("-m needs drm.debug implemented with dynamic debug; here it is a plain bitmask");
	assert_string_equal(fake_log(), "");
	fake_free(t);
}

static void test_cmd_set(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);

	(void)state;
	assert_int_equal(run(t, "set kms,atomic"), EXIT_OK);
	expect_out("drm.debug 0x0 (none) -> 0x14 (KMS,ATOMIC)");
	assert_string_equal(param(t), "0x14\n");
	assert_string_equal(fake_log(), "debug: 0x14\n");
	/* the fake kernel switched the classes */
	assert_int_equal(fake_enabled(NULL, "DRM_UT_KMS"), 2);
	assert_int_equal(run(t, "set +dp -atomic"), EXIT_OK);
	assert_string_equal(param(t), "0x104\n");
	assert_int_equal(run(t, "-j set DRM_UT_CORE"), EXIT_OK);
	expect_out("{\"old\":260,\"new\":1,\"old_names\":[\"KMS\",\"DP\"],\"new_names\":[\"CORE\"],\"debug_written\":1,\"queries\":[]}");
	assert_int_equal(run(t, "set core -j"), EXIT_OK);	/* -j after the command */
	expect_out("{\"old\":1,\"new\":1,");
	/* "-vbl" and "-dp" are spec words, not options */
	assert_int_equal(run(t, "set +vbl +dp"), EXIT_OK);
	assert_int_equal(run(t, "set -vbl -dp"), EXIT_OK);
	assert_string_equal(param(t), "0x1\n");
	/* errors change nothing */
	strlist_free(&t->log);
	assert_int_equal(run(t, "set kms,atomc"), EXIT_USAGE);
	expect_err("did you mean ATOMIC?");
	assert_int_equal(run(t, "set 0xfff"), EXIT_USAGE);
	assert_int_equal(run(t, "set"), EXIT_USAGE);
	assert_int_equal(run(t, "set on"), EXIT_USAGE);
	expect_not(err_buf, "did you mean");
	assert_int_equal(run(t, "set --bogus kms"), EXIT_USAGE);
	assert_int_equal(run(t, "set --decorate xyz kms"), EXIT_USAGE);
	assert_int_equal(run(t, "-j set frob"), EXIT_USAGE);
	expect_out("{\"error\":\"unknown category 'frob'");
	assert_string_equal(err_buf, "");
	assert_string_equal(param(t), "0x1\n");
	assert_string_equal(fake_log(), "");
	fake_free(t);
}

static void test_cmd_set_dry_run(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);

	(void)state;
	assert_int_equal(run(t, "set --dry-run kms,atomic"), EXIT_OK);
	expect_out("drm.debug 0x0 (none) -> 0x14 (KMS,ATOMIC) (dry run: nothing written)");
	expect_out("would write 0x14 to drm.debug");
	assert_int_equal(run(t, "set -n +dp --decorate mfl"), EXIT_OK);
	expect_out("would write to the control file: class DRM_UT_DP =pmfl");
	assert_int_equal(run(t, "-j set -n kms -m i915"), EXIT_OK);
	expect_out("\"dry_run\":true,\"queries\":[\"module i915 class DRM_UT_KMS +p\"]}");
	assert_string_equal(param(t), "0x0\n");
	assert_string_equal(fake_log(), "");
	/* dry run needs no write permission */
	t->fail_access = "parameters/debug";
	t->fail_errno = EACCES;
	assert_int_equal(run(t, "set -n all"), EXIT_OK);
	assert_int_equal(run(t, "set all"), EXIT_PERM);
	fake_free(t);
}

static void test_cmd_set_module(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);

	(void)state;
	/* i915 has KMS 1/2 and DRIVER 0/1 enabled */
	assert_int_equal(run(t, "set kms -m i915"), EXIT_OK);
	assert_string_equal(fake_log(), "control: module i915 class DRM_UT_KMS +p\n");
	expect_out("i915 0x0 (none) -> 0x4 (KMS)");
	assert_int_equal(fake_enabled("i915", "DRM_UT_KMS"), 2);
	assert_int_equal(fake_enabled("drm", NULL), 1);	/* other modules untouched */
	assert_int_equal(fake_enabled("amdgpu", NULL), 1);
	assert_string_equal(param(t), "0x0\n");		/* drm.debug too */
	strlist_free(&t->log);
	/* exact: DRIVER on, KMS off, in one write */
	assert_int_equal(run(t, "set driver --module i915"), EXIT_OK);
	assert_string_equal(fake_log(),
		"control: module i915 class DRM_UT_DRIVER +p\nmodule i915 class DRM_UT_KMS -p\n");
	assert_int_equal(fake_enabled("i915", NULL), 1);
	strlist_free(&t->log);
	/* relative, and nothing to do */
	assert_int_equal(run(t, "set -m i915 +driver"), EXIT_OK);
	assert_string_equal(fake_log(), "");
	/* decoration of the module's enabled categories */
	assert_int_equal(run(t, "set -m i915 +kms --decorate mf"), EXIT_OK);
	assert_string_equal(fake_flags("intel_dp.c:1240"), "pmf");
	assert_string_equal(fake_flags("i915_driver.c:99"), "pmf");
	assert_string_equal(fake_flags("drm_atomic.c:1510"), "p");
	/* errors */
	assert_int_equal(run(t, "set kms -m nosuch"), EXIT_USAGE);
	expect_err("module nosuch has no DRM debug callsites");
	assert_int_equal(run(t, "set kms -m"), EXIT_USAGE);
	t->fail_access = "dynamic_debug/control";
	t->fail_errno = EACCES;
	strlist_free(&t->log);
	assert_int_equal(run(t, "set none -m i915"), EXIT_PERM);
	assert_string_equal(fake_log(), "");
	fake_free(t);
}

static void test_cmd_set_decorate(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);

	(void)state;
	assert_int_equal(run(t, "set kms --decorate mfl"), EXIT_OK);
	assert_string_equal(fake_log(), "debug: 0x4\ncontrol: class DRM_UT_KMS =pmfl\n");
	assert_string_equal(fake_flags("intel_dp.c:1234"), "pmfl");
	assert_string_equal(fake_flags("intel_dp.c:1240"), "pmfl");
	assert_string_equal(fake_flags("drm_vblank.c:700"), "_");
	assert_int_equal(run(t, "set kms --decorate=none"), EXIT_OK);
	assert_string_equal(fake_flags("intel_dp.c:1234"), "p");
	/* the flags write fails: the mask goes back, nothing half-changed */
	t->fail_write = "dynamic_debug/control";
	t->fail_errno = EINVAL;
	assert_int_equal(run(t, "set atomic --decorate t"), EXIT_FAIL);
	assert_string_equal(param(t), "0x4\n");
	fake_free(t);
}

static void test_cmd_permissions(void **state)
{
	struct fake *t = fake_new("0x4\n", SAMPLE, false);

	(void)state;
	/* drm.debug is mode 0600: reading it is root only */
	t->fail_read = "parameters/debug";
	t->fail_errno = EACCES;
	assert_int_equal(run(t, "status"), EXIT_PERM);
	expect_err("Permission denied (root only: run drm-dbg as root");
	assert_int_equal(run(t, "-j status"), EXIT_PERM);
	expect_out("{\"error\":\"cannot read ");
	/* list works without root, and says why it has no counts */
	t->fail_read = "/proc/";
	assert_int_equal(run(t, "list"), EXIT_OK);
	expect_out("callsite counts unavailable: the control file is not readable; run as root");
	t->fail_read = NULL;
	/* writable check: set, capture and bench write nothing */
	t->fail_access = "parameters/debug";
	assert_int_equal(run(t, "set kms,dp"), EXIT_PERM);
	expect_err("run drm-dbg as root");
	assert_int_equal(run(t, "capture -t 1 -o -"), EXIT_PERM);
	assert_int_equal(run(t, "bench -r 1"), EXIT_PERM);
	assert_string_equal(fake_log(), "");
	assert_string_equal(param(t), "0x4\n");
	/* a write refused with EACCES or EPERM is exit 5 */
	t->fail_access = NULL;
	t->fail_write = "parameters/debug";
	assert_int_equal(run(t, "set kms,dp"), EXIT_PERM);
	t->fail_errno = EPERM;
	assert_int_equal(run(t, "set kms,dp"), EXIT_PERM);
	t->fail_errno = EIO;
	assert_int_equal(run(t, "set kms,dp"), EXIT_FAIL);
	assert_string_equal(param(t), "0x4\n");
	fake_free(t);
}

static void test_cmd_errors(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);
	char p[256];

	(void)state;
	assert_int_equal(run(t, "frobnicate"), EXIT_USAGE);
	assert_int_equal(run(t, "s"), EXIT_USAGE);	/* status or set? */
	expect_err("'s' is ambiguous: status or set?");
	assert_int_equal(run(t, "|"), EXIT_USAGE);	/* "" is not a prefix of all */
	expect_err("drm-dbg: unknown command ' '");
	assert_int_equal(run(t, "--bogus"), EXIT_USAGE);
	assert_string_equal(err_buf, "drm-dbg: unknown option '--bogus' (see drm-dbg --help)\n");
	assert_int_equal(run(t, "-x"), EXIT_USAGE);
	assert_string_equal(err_buf, "drm-dbg: unknown option '-x' (see drm-dbg --help)\n");
	assert_int_equal(run(t, "callsites -x"), EXIT_USAGE);
	assert_string_equal(err_buf, "drm-dbg: callsites: unknown option '-x' (see drm-dbg help callsites)\n");
	assert_int_equal(run(t, "capture -o"), EXIT_USAGE);
	assert_string_equal(err_buf, "drm-dbg: capture: missing argument to '-o' (see drm-dbg help capture)\n");
	assert_int_equal(run(t, "callsites -c nosuch"), EXIT_USAGE);
	assert_int_equal(run(t, "bench -P nosuch"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t 1 -- true"), EXIT_USAGE);
	assert_int_equal(run(t, "list extra"), EXIT_USAGE);
	assert_int_equal(run(t, "devices extra"), EXIT_USAGE);
	assert_int_equal(run(t, "help nosuch"), EXIT_USAGE);
	assert_string_equal(fake_log(), "");
	/* help */
	assert_int_equal(run(t, "--help"), EXIT_OK);
	expect_out("drm-dbg capture [-c SPEC]");
	assert_int_equal(run(t, "help"), EXIT_OK);
	expect_out("drm-dbg help [COMMAND]");
	assert_int_equal(run(t, "help bench"), EXIT_OK);
	expect_out("Usage: drm-dbg [OPTIONS] bench [-r ROUNDS]");
	expect_out("per-site:  one control write per class'd callsite");
	assert_int_equal(run(t, "set --help"), EXIT_OK);
	expect_out("--decorate FLAGS");
	assert_int_equal(run(t, "capture -h"), EXIT_OK);
	expect_out("Exit status: COMMAND's own");
	assert_int_equal(run(t, "cal --help"), EXIT_OK);
	expect_out("callsites [-c SPEC]");
	assert_int_equal(run(t, "--version"), EXIT_OK);
	expect_out("drm-dbg " DRM_DBG_VERSION);
	assert_string_equal(fake_log(), "");
	/* drm not loaded */
	snprintf(p, sizeof(p), "rm -rf %s/module/drm", t->sys);
	assert_int_equal(system(p), 0);
	assert_int_equal(run(t, "status"), EXIT_NOT_LOADED);
	assert_int_equal(run(t, "set kms"), EXIT_NOT_LOADED);
	fake_free(t);
}

static void test_cmd_list_callsites(void **state)
{
	struct fake *t = fake_new("0x100\n", SAMPLE, false);

	(void)state;
	assert_int_equal(run(t, "list"), EXIT_OK);
	expect_out("KMS       2    0x4  modesetting");
	expect_out("i915 2");
	assert_int_equal(run(t, "list -j"), EXIT_OK);
	expect_out("{\"name\":\"DRIVER\",\"bit\":1,\"mask\":2,");
	expect_out("\"callsites\":{\"i915\":1,\"amdgpu\":1}");
	assert_int_equal(run(t, "callsites -c kms"), EXIT_OK);
	expect_out("intel_dp.c:1234 [i915]intel_dp_detect KMS on");
	expect_out("intel_dp.c:1240 [i915]intel_dp_detect KMS off");
	expect_not(out_buf, "DRIVER");
	/* -c takes a SPEC */
	assert_int_equal(run(t, "callsites --categories kms,driver"), EXIT_OK);
	expect_out("KMS off");
	expect_out("[i915]i915_driver_probe DRIVER off");
	expect_not(out_buf, "ATOMIC");
	assert_int_equal(run(t, "callsites -c +core"), EXIT_OK);	/* drm.debug's DP, plus CORE */
	expect_out("[drm]__drm_dev_dbg CORE off");
	expect_not(out_buf, "KMS");
	assert_int_equal(run(t, "callsites --enabled"), EXIT_OK);
	expect_not(out_buf, " off ");
	expect_out("[amdgpu]amdgpu_dm_init DRIVER on");
	expect_err("2 lines of the control file are not callsites");
	assert_int_equal(run(t, "-j callsites -m drm -c atomic"), EXIT_OK);
	expect_out("[{\"file\":\"drivers/gpu/drm/drm_atomic.c\",\"line\":1510,\"module\":\"drm\",");
	expect_out("\"format\":\"checking %p\\n\"}]");
	assert_int_equal(run(t, "callsites -m nosuch"), EXIT_OK);
	expect_err("no matching callsites");
	fake_free(t);
}

/* The control file and /proc/interrupts of the workbench guest (7.2 + series). */
static void test_guest_data(void **state)
{
	struct fake *t = fake_new("0x0\n", GUEST, false);
	FILE *f;
	int lines = 0;
	const char *c;

	(void)state;
	f = fopen("data/interrupts-guest.txt", "r");
	assert_non_null(f);
	assert_int_equal(interrupts_cal(f), 29944);
	fclose(f);

	assert_int_equal(run(t, "-j status"), EXIT_OK);
	expect_out("{\"name\":\"drm\",\"enabled\":0,\"callsites\":333}");
	expect_out("{\"name\":\"drm_kms_helper\",\"enabled\":0,\"callsites\":89}");
	expect_out("{\"name\":\"drm_display_helper\",\"enabled\":0,\"callsites\":154}");
	expect_out("{\"name\":\"i915\",\"enabled\":0,\"callsites\":299}");
	expect_out("{\"name\":\"amdgpu\",\"enabled\":0,\"callsites\":223}");
	expect_out("\"unknown_class\":0}");
	assert_int_equal(run(t, "callsites -c kms"), EXIT_OK);
	for (c = out_buf; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 571);
	/* the format with unescaped quotes, as the kernel prints it */
	assert_int_equal(run(t, "-j callsites -m drm -c atomic"), EXIT_OK);
	expect_out("invalid mode (%s, %pe): \\\"%s\\\": %d");
	/* drm.debug = 0x3ff enables all 1,098 class'd callsites */
	assert_int_equal(run(t, "set all"), EXIT_OK);
	assert_int_equal(fake_enabled(NULL, NULL), 1098);
	assert_int_equal(run(t, "set none -m i915"), EXIT_OK);
	assert_int_equal(fake_enabled("i915", NULL), 0);
	assert_int_equal(fake_enabled(NULL, NULL), 1098 - 299);
	/*
	 * capture restores the flags of i915's 299 callsites, which drm.debug (0x3ff) does not
	 * describe: more queries than one write may hold (4,095 bytes), so
	 * several writes, all applied
	 */
	strlist_free(&t->log);
	assert_int_equal(run(t, "capture -c none -o - -- true"), EXIT_OK);
	expect_out("# callsite flags restored: 299 callsites");
	assert_int_equal(fake_enabled(NULL, NULL), 1098 - 299);
	assert_int_equal(fake_enabled("i915", NULL), 0);
	{
		const char *w = fake_log();
		int writes = 0;

		for (; (w = strstr(w, "control: ")); w++)
			writes++;
		assert_true(writes > 3);
	}
	/*
	 * the second of those writes fails: the ones after it are still
	 * made, and the control file read back names what still differs
	 */
	t->fail_write = "dynamic_debug/control";
	t->fail_write_after = 1;
	t->fail_write_times = 1;
	t->fail_errno = EIO;
	assert_int_equal(run(t, "capture -c none -o - -- true"), EXIT_FAIL);
	expect_err("of 299 callsites still differ from their saved flags, first: module i915 ");
	expect_out("# callsite flags NOT restored");
	assert_true(fake_enabled("i915", NULL) > 0);
	assert_true(fake_enabled("i915", NULL) < 299 / 2);
	fake_free(t);
}

static void test_json_escaping(void **state)
{
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json j;

	(void)state;
	json_init(&j, f, false);
	json_open(&j, NULL, '{');
	json_str(&j, "s", "a\"b\\c\n\x01\x7f");
	json_str(&j, "n", NULL);
	json_open(&j, "a", '[');
	json_u64(&j, NULL, 1);
	json_bool(&j, NULL, false);
	json_null(&j, NULL);
	json_close(&j, ']');
	json_close(&j, '}');
	fclose(f);
	assert_string_equal(buf, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u007f\",\"n\":null,\"a\":[1,false,null]}");
}

static void test_json_utf8(void **state)
{
	char buf[512] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json j;

	(void)state;
	json_init(&j, f, false);
	json_open(&j, NULL, '[');
	json_str(&j, NULL, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");	/* é € 😀: kept */
	json_str(&j, NULL, "cut \xe2\x82");			/* a sequence cut short */
	json_str(&j, NULL, "\x80\xbf stray");			/* continuation bytes */
	json_str(&j, NULL, "\xc0\xaf \xe0\x80\xaf");		/* overlong '/' */
	json_str(&j, NULL, "\xed\xa0\x80");			/* a surrogate */
	json_str(&j, NULL, "\xf4\x90\x80\x80 \xff");		/* beyond U+10FFFF, 0xff */
	json_close(&j, ']');
	fclose(f);
	assert_string_equal(buf, "[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
			    "\"cut \\ufffd\\ufffd\",\"\\ufffd\\ufffd stray\","
			    "\"\\ufffd\\ufffd \\ufffd\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\","
			    "\"\\ufffd\\ufffd\\ufffd\\ufffd \\ufffd\"]");
	expect_valid_utf8(buf);
	assert_int_equal(utf8_trim("ab\xe2\x82", 4), 2);
	assert_int_equal(utf8_trim("ab\xe2\x82\xac", 5), 5);
	assert_int_equal(utf8_trim("ab\xff", 3), 3);
}

/* An error halfway through a JSON document: stdout has the error alone. */
static void test_json_error_halfway(void **state)
{
	char tmp[] = "/tmp/drm-dbg-json-XXXXXX", buf[256];
	int fd = mkstemp(tmp), saved;
	struct json j;

	(void)state;
	assert_true(fd >= 0);
	unlink(tmp);
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	pr_reset();
	json_output = true;
	json_init(&j, stdout, false);
	json_open(&j, NULL, '[');
	json_str(&j, NULL, "one");
	pr_err("the control file went away");
	json_str(&j, NULL, "two");
	json_close(&j, ']');
	json_end(&j);
	json_output = false;
	pr_reset();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	buf[read(fd, buf, sizeof(buf) - 1)] = '\0';
	close(fd);
	assert_string_equal(buf, "{\"error\":\"the control file went away\"}\n");
}

/* A format of invalid UTF-8 in the control file: callsites -j stays valid. */
static void test_cmd_json_utf8(void **state)
{
	struct fake *t = fake_new("0x0\n", NULL, false);

	(void)state;
	put(t->control, "# filename:lineno [module]function flags format\n"
	    "a.c:1 [m]f =p \"bad \xff\xfe and cut \xe2\x82\" class:DRM_UT_KMS\n");
	assert_int_equal(run(t, "-j callsites"), EXIT_OK);
	expect_out("\"format\":\"bad \\ufffd\\ufffd and cut \\ufffd\\ufffd\"");
	expect_valid_utf8(out_buf);
	fake_free(t);
}

/* ---- capture ---- */

static void test_cmd_capture(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char out[160], cmd[256];
	const char *r;

	(void)state;
	fake_drm_devices = 1;
	snprintf(fake_drm_node, sizeof(fake_drm_node), "%s/card0", t->dir);
	put(fake_drm_node, "");
	/* +p set on a class'd callsite through the control file, outside drm.debug */
	assert_int_equal(fake_control_apply("module i915 file intel_dp.c line 1240 class DRM_UT_KMS +pt"), 0);
	snprintf(out, sizeof(out), "%s/report.txt", t->dir);
	snprintf(cmd, sizeof(cmd), "capture -c kms,driver -o %s -- true", out);
	assert_int_equal(run(t, cmd), EXIT_OK);
	/* the mask was used, and is restored; so are the callsite flags */
	expect_in(fake_log(), "debug: 0x6\n", "log");
	assert_string_equal(param(t), "0x10\n");
	assert_string_equal(fake_flags("intel_dp.c:1240"), "pt");
	assert_string_equal(fake_flags("intel_dp.c:1234"), "pmf");
	assert_string_equal(fake_flags("i915_driver.c:99"), "_");
	assert_string_equal(fake_flags("drm_atomic.c:1510"), "p");
	r = read_file(out);
	assert_non_null(r);
	expect_in(r, "# drm.debug used: 0x6 (DRIVER,KMS); before: 0x10 (ATOMIC)\n", "report");
	expect_in(r, "# drm.debug restored: 0x10 (ATOMIC)\n", "report");
	expect_in(r, "# param drm.debug=0x6\n", "report");
	expect_in(r, "# command status: 0\n", "report");
	/* 1240's +pt, 1234's +pmf, amdgpu_dm.c:42's +p, all outside the 0x10 mask */
	expect_in(r, "callsite flags restored: 3 callsites", "report");
	/* only the log from the capture on */
	expect_in(r, "[drm:fake_param_set] drm.debug 0x6", "report");
	expect_not(r, "OLD record");
	/* devices of the report (fake libdrm) */
	expect_in(r, "# DRM device: ", "report");
	expect_in(r, "[1234:1111] driver bochs-drm 1.2.0", "report");
	expect_err("kernel log lines in");
	fake_drm_devices = 0;
	fake_free(t);
}

/*
 * The report is written as the capture goes (the command finds the
 * record of the capture's own drm.debug write in it), and has what a
 * triager asks for: the command line, the DRM modules' parameters, the
 * console loglevel.
 */
static void test_cmd_capture_report(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char out[160], cmd[512], p[256];
	const char *r;

	(void)state;
	snprintf(p, sizeof(p), "%s/cmdline", t->proc);
	put(p, "BOOT_IMAGE=/vmlinuz root=/dev/sda1 drm.debug=0x10\n");
	snprintf(p, sizeof(p), "%s/sys/kernel", t->proc);
	assert_int_equal(system(strcat(strcpy(cmd, "mkdir -p "), p)), 0);
	snprintf(p, sizeof(p), "%s/sys/kernel/printk", t->proc);
	put(p, "4\t4\t1\t7\n");
	snprintf(p, sizeof(p), "%s/module/drm/holders/i915", t->sys);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s %s/module/i915/parameters", p, t->sys);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/module/i915/parameters/enable_psr", t->sys);
	put(p, "-1\n");
	snprintf(out, sizeof(out), "%s/report.txt", t->dir);
	snprintf(cmd, sizeof(cmd),
		 "capture -c kms -o %s -- sh -c sleep|0.2;grep|-q|'drm.debug|0x4$'|%s", out, out);
	assert_int_equal(run(t, cmd), EXIT_OK);
	r = read_file(out);
	expect_in(r, "# command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 drm.debug=0x10\n", "report");
	expect_in(r, "# param drm.debug=0x4\n", "report");
	expect_in(r, "# param i915.enable_psr=-1\n", "report");
	expect_in(r, "# console loglevel: 4: debug messages are in this report, not on the console", "report");
	expect_in(r, "# command status: 0\n", "report");
	/* -j: a JSON summary on stdout, the report in its file */
	snprintf(cmd, sizeof(cmd), "-j capture -c kms -o %s -- sh -c exit|3", out);
	assert_int_equal(run(t, cmd), 3);
	expect_out("\"mask_used\":4,\"categories_used\":[\"KMS\"],\"mask_before\":16,\"mask_restored\":true,\"flags_restored\":");
	expect_out("\"lost\":0,\"command_status\":3,\"command_left_running\":false}\n");
	assert_int_equal(run(t, "-j capture -o - -t 1"), EXIT_USAGE);
	expect_out("{\"error\":\"capture: with -j, standard output has the JSON summary");
	fake_free(t);
}

static void test_cmd_capture_status(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);

	(void)state;
	/* the command's own code, and 128 + the signal that killed it */
	assert_int_equal(run(t, "capture -o - -- sh -c exit|3"), 3);
	expect_out("# command status: 3\n");
	expect_out("# drm.debug used: 0x1e");
	assert_int_equal(run(t, "capture -o - -- sh -c kill|-9|$$"), 128 + 9);
	expect_out("# command status: 137 (killed by signal 9, Killed)\n");
	assert_int_equal(run(t, "capture -o - -- /nonexistent/cmd"), 127);
	assert_string_equal(param(t), "0x10\n");
	fake_free(t);
}

/* Start @cmd in a child and wait until it has switched drm.debug to 0x3ff. */
static pid_t start_capture(struct fake *t, const char *cmd)
{
	pid_t pid = fork();
	int i;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(run(t, cmd));
	for (i = 0; i < 1000 && strcmp(param(t), "0x3ff\n"); i++)
		usleep(20000);
	assert_string_equal(param(t), "0x3ff\n");
	return pid;
}

/* SIGTERM to capture: the state is restored and it exits 128 + 15. */
static void test_cmd_capture_signal(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char out[160], cmd[256];
	int status, sig;
	pid_t pid;

	(void)state;
	snprintf(out, sizeof(out), "%s/report.txt", t->dir);
	snprintf(cmd, sizeof(cmd), "capture -c all -o %s -- sleep 20", out);
	pid = start_capture(t, cmd);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 128 + SIGTERM);
	assert_string_equal(param(t), "0x10\n");
	expect_in(read_file(out), "ended by signal 15", "report");
	expect_in(read_file(out), "# command status: 143 (killed by signal 15", "report");

	/* waiting for Ctrl-C: SIGINT is the normal end (0), SIGTERM is not (143) */
	snprintf(cmd, sizeof(cmd), "capture -c all -o %s", out);
	for (sig = SIGINT; sig; sig = sig == SIGINT ? SIGTERM : 0) {
		pid = start_capture(t, cmd);
		kill(pid, sig);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), sig == SIGINT ? 0 : 128 + SIGTERM);
		assert_string_equal(param(t), "0x10\n");
		expect_in(read_file(out), "# captured: until interrupted, ended by signal", "report");
	}
	fake_free(t);
}

/*
 * A command that ignores SIGTERM (a reproducer stuck in a GPU hang): on a
 * signal, capture restores first, then gives the command 3 s before
 * SIGKILL, and ends; it does not wait for the command without limit.
 */
static void test_cmd_capture_hung_child(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char out[160], cmd[256];
	long long t0;
	int status;
	pid_t pid;

	(void)state;
	snprintf(out, sizeof(out), "%s/report.txt", t->dir);
	snprintf(cmd, sizeof(cmd), "capture -c all -o %s -- sh -c trap|''|TERM;exec|sleep|30", out);
	pid = start_capture(t, cmd);
	usleep(200000);		/* the shell has run its trap */
	t0 = now_ns();
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(now_ns() - t0 < 10000000000LL);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 128 + SIGTERM);
	assert_string_equal(param(t), "0x10\n");
	expect_in(read_file(out), "# command status: 137 (killed by signal 9", "report");
	fake_free(t);
}

/* A restore that fails is reported as such, in the report and the exit code. */
static void test_cmd_capture_restore_fails(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char out[160], cmd[256];
	const char *r;

	(void)state;
	snprintf(out, sizeof(out), "%s/report.txt", t->dir);
	snprintf(cmd, sizeof(cmd), "capture -c all -o %s -- true", out);
	t->fail_write = "parameters/debug";
	t->fail_write_after = 1;	/* the capture's own write works */
	t->fail_errno = EIO;
	assert_int_equal(run(t, cmd), EXIT_FAIL);
	assert_string_equal(param(t), "0x3ff\n");
	r = read_file(out);
	assert_non_null(r);
	expect_in(r, "# drm.debug NOT restored to 0x10: 'drm-dbg restore' retries\n", "report");
	expect_not(r, "drm.debug restored");
	expect_err("drm.debug is NOT restored to 0x10 ('drm-dbg restore' retries)");
	expect_not(err_buf, "restored to 0x10;");
	expect_not(err_buf, "drm.debug restored");
	/* the saved state stays: no capture or bench starts over it ... */
	t->fail_write = NULL;
	strlist_free(&t->log);
	assert_int_equal(run(t, cmd), EXIT_BUSY);
	assert_int_equal(run(t, "bench -r 1"), EXIT_BUSY);
	expect_err("drm-dbg capture (pid ");
	expect_err(") ended without restoring drm.debug 0x10 and the callsite flags: 'drm-dbg restore' puts it back");
	assert_string_equal(fake_log(), "");
	assert_string_equal(param(t), "0x3ff\n");
	/* ... and restore puts it back, once */
	assert_int_equal(run(t, "restore"), EXIT_OK);
	expect_out("drm.debug 0x3ff (CORE,DRIVER,KMS,PRIME,ATOMIC,VBL,STATE,LEASE,DP,DRMRES) -> 0x10 (ATOMIC); ");
	expect_out(", as drm-dbg capture (pid ");
	assert_string_equal(param(t), "0x10\n");
	assert_int_equal(fake_enabled(NULL, NULL), 3);
	assert_int_equal(run(t, "-j restore"), EXIT_OK);
	expect_out("{\"restored\":false}");
	/* the control file refuses the flags' restore */
	t->fail_write = "dynamic_debug/control";
	t->fail_write_after = 0;
	assert_int_equal(fake_control_apply("module i915 file intel_dp.c line 1240 class DRM_UT_KMS +pt"), 0);
	assert_int_equal(run(t, cmd), EXIT_FAIL);
	assert_string_equal(param(t), "0x10\n");
	r = read_file(out);
	expect_in(r, "# callsite flags NOT restored", "report");
	expect_not(r, "callsite flags restored");
	expect_err("the flags of the class'd callsites are NOT restored ('drm-dbg restore' retries)");
	assert_string_equal(fake_flags("intel_dp.c:1240"), "t");
	t->fail_write = NULL;
	assert_int_equal(run(t, "restore"), EXIT_OK);
	expect_out("drm.debug 0x10 (ATOMIC) -> 0x10 (ATOMIC); 3 callsites' flags restored");
	assert_string_equal(fake_flags("intel_dp.c:1240"), "pt");
	fake_free(t);
}

/* Records the kernel overwrote before capture read them are counted one by one. */
static void test_cmd_capture_lost(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);

	(void)state;
	t->kmsg_gap = 50;	/* 50 records lost before each one read */
	assert_int_equal(run(t, "capture -c all -o - -t 0.2"), EXIT_OK);
	/* the first record read sets the count going; the restore's is 50 later */
	expect_out("# WARNING: 50 log records were lost");
	expect_err("50 log records were lost");
	fake_free(t);
}

static int kmsg_denied(void)
{
	errno = EACCES;
	return -1;
}

static void test_cmd_capture_errors(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char cmd[256];

	(void)state;
	/* the output is checked before anything changes */
	assert_int_equal(run(t, "capture -o /nonexistent/x -- true"), EXIT_FAIL);
	expect_err("cannot write /nonexistent/x: No such file or directory; nothing changed");
	assert_string_equal(fake_log(), "");
	/* -t: a positive, finite number of seconds, all of it */
	assert_int_equal(run(t, "capture -t 5x"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t nan"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t inf"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t -1"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t 0"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t |"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -c kmz -- true"), EXIT_USAGE);
	assert_string_equal(fake_log(), "");
	/* /dev/kmsg unreadable: nothing changed, no report file left behind */
	{
		int (*saved)(void) = sysio.kmsg_open;

		sysio.kmsg_open = kmsg_denied;
		snprintf(cmd, sizeof(cmd), "capture -o %s/r.txt -t 1", t->dir);
		assert_int_equal(run(t, cmd), EXIT_PERM);
		expect_err("cannot read /dev/kmsg: Permission denied");
		sysio.kmsg_open = saved;
		snprintf(cmd, sizeof(cmd), "%s/r.txt", t->dir);
		assert_int_equal(access(cmd, F_OK), -1);
		assert_string_equal(fake_log(), "");
	}
	assert_string_equal(param(t), "0x10\n");
	/* -t: it captures that long and restores */
	assert_int_equal(run(t, "capture -o - -t 0.3 -c dp"), EXIT_OK);
	expect_out("# captured: 0.3 seconds");
	expect_out("[drm:fake_param_set] drm.debug 0x100");
	assert_string_equal(param(t), "0x10\n");
	fake_free(t);
}

/* ---- bench ---- */

/* bench: a restore that fails is an error, never "restored" */
static void test_cmd_bench_restore_fails(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, true);

	(void)state;
	t->fail_write = "parameters/debug";
	t->fail_write_after = 3;	/* 0, on, off; then the restore fails */
	t->fail_errno = EIO;
	assert_int_equal(run(t, "bench -r 1"), EXIT_FAIL);
	assert_string_equal(param(t), "0x0\n");
	expect_err("drm.debug is NOT restored to 0x10 ('drm-dbg restore' retries)");
	expect_not(err_buf, "restored to 0x10;");
	fake_free(t);
}

static void test_cmd_bench_one_write(void **state)
{
	struct fake *t = fake_new("0x14\n", SAMPLE, true);

	(void)state;
	assert_int_equal(fake_control_apply("module i915 file intel_dp.c line 1240 class DRM_UT_KMS +p"), 0);
	/* syncs of the on-writes vary: min, median and max differ */
	t->plan_next = 0;
	t->sync_plan[0] = 3;	/* the first write: 0x14 -> 0 */
	t->sync_plan[1] = 3;	/* on */
	t->sync_plan[2] = 2;	/* off */
	t->sync_plan[3] = 9;
	t->sync_plan[4] = 2;
	t->sync_plan[5] = 5;
	t->sync_plan[6] = 2;
	assert_int_equal(run(t, "-j bench -r 3"), EXIT_OK);
	expect_out("{\"pattern\":\"one-write\",\"rounds\":3,");
	expect_out("\"writes\":1,\"exact_ipis\":true,\"ipi_source\":\"kprobe\"");
	expect_out("\"on\":{\"syncs\":{\"min\":3,\"median\":5,\"max\":9}");
	expect_out("\"off\":{\"syncs\":{\"min\":2,\"median\":2,\"max\":2}");
	{
		char want[128];

		snprintf(want, sizeof(want), "\"ipis\":{\"min\":%d,\"median\":%d,\"max\":%d}",
			 3 * (t->ncpu - 1), 5 * (t->ncpu - 1), 9 * (t->ncpu - 1));
		expect_out(want);
	}
	/* it switched on and off each round, and restored everything */
	expect_in(fake_log(), "debug: 0x0\ndebug: 0x3ff\ndebug: 0x0\ndebug: 0x3ff\ndebug: 0x0\ndebug: 0x3ff\ndebug: 0x0\n", "log");
	assert_string_equal(param(t), "0x14\n");
	assert_string_equal(fake_flags("intel_dp.c:1240"), "p");
	assert_string_equal(fake_flags("intel_dp.c:1234"), "pmf");
	assert_string_equal(fake_flags("i915_driver.c:99"), "_");
	assert_int_equal(fake_enabled(NULL, NULL), 4);
	/* counted with perf counters, one per CPU: tracefs is left alone */
	assert_int_equal(t->perf_open, (unsigned int)t->ncpu);
	expect_not(fake_log(), "kprobe_events");
	expect_not(fake_log(), "kprobes-optimization");
	expect_not(fake_log(), "tracing_on");
	{
		char p[256];

		snprintf(p, sizeof(p), "%s/sys/debug/kprobes-optimization", t->proc);
		assert_string_equal(read_file(p), "1\n");
	}
	/* text */
	assert_int_equal(run(t, "bench -r 1"), EXIT_OK);
	expect_out("IPIs exact (perf kprobe on do_sync_core)");
	/* stray arguments never run anything */
	strlist_free(&t->log);
	assert_int_equal(run(t, "bench -r1 per-site"), EXIT_USAGE);
	assert_int_equal(run(t, "bench -r 0"), EXIT_USAGE);
	assert_int_equal(run(t, "bench -r 5x"), EXIT_USAGE);
	assert_int_equal(run(t, "bench -r 1001"), EXIT_USAGE);
	assert_string_equal(fake_log(), "");
	fake_free(t);
}

/*
 * Counters that cannot be read at the start: not counted (the CAL row);
 * one that fails later ends the run with an error, and all is restored.
 */
/* Hold drm-dbg's lock from "another process" (its own open file description). */
static int hold_lock(struct fake *t, const char *who)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/drm-dbg", t->run);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/drm-dbg/lock", t->run);
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_true(write(fd, who, strlen(who)) == (ssize_t)strlen(who));
	return fd;
}

/*
 * Two at a time: while one drm-dbg holds the lock, a second capture,
 * bench, set, restore or reset changes nothing and exits 6; once the
 * first is gone (its lock released with it), they run.
 */
static void test_cmd_two_instances(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, true);
	char p[256];
	int fd;

	(void)state;
	fd = hold_lock(t, "capture, pid 4242\n");
	assert_int_equal(run(t, "capture -c all -o - -t 0.1"), EXIT_BUSY);
	expect_err("another drm-dbg is running (capture, pid 4242); nothing changed");
	assert_int_equal(run(t, "bench -r 1"), EXIT_BUSY);
	assert_int_equal(run(t, "set +kms"), EXIT_BUSY);
	assert_int_equal(run(t, "set +kms -m i915"), EXIT_BUSY);
	assert_int_equal(run(t, "restore"), EXIT_BUSY);
	assert_int_equal(run(t, "reset"), EXIT_BUSY);
	assert_int_equal(run(t, "-j bench -r 1"), EXIT_BUSY);
	expect_out("{\"error\":\"another drm-dbg is running (capture, pid 4242); nothing changed\"}");
	assert_string_equal(fake_log(), "");
	assert_string_equal(param(t), "0x10\n");
	/* reading needs no lock */
	assert_int_equal(run(t, "status"), EXIT_OK);
	assert_int_equal(run(t, "set -n +kms"), EXIT_OK);
	close(fd);
	assert_int_equal(run(t, "bench -r 1"), EXIT_OK);
	assert_string_equal(param(t), "0x10\n");
	/* a bench that ended well leaves no state behind */
	snprintf(p, sizeof(p), "%s/drm-dbg/state", t->run);
	assert_int_equal(access(p, F_OK), -1);
	fake_free(t);
}

/* reset: drm.debug 0 and no flag on a class'd callsite; a saved state is dropped. */
static void test_cmd_reset(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);
	char p[256];

	(void)state;
	assert_int_equal(fake_control_apply("module i915 file intel_dp.c line 1240 class DRM_UT_KMS +pt"), 0);
	snprintf(p, sizeof(p), "%s/drm-dbg", t->run);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/drm-dbg/state", t->run);
	put(p, "drm-dbg state 1\ncommand bench\npid 7\nmask 0x4\n");
	assert_int_equal(run(t, "bench -r 1"), EXIT_BUSY);
	expect_err("drm-dbg bench (pid 7) ended without restoring drm.debug 0x4: 'drm-dbg restore' puts it back (or 'drm-dbg reset')");
	assert_int_equal(run(t, "reset"), EXIT_OK);
	expect_out("drm.debug 0x10 (ATOMIC) -> 0x0 (none); 4 callsites' flags cleared");
	assert_string_equal(param(t), "0x0\n");
	assert_int_equal(fake_enabled(NULL, NULL), 0);
	assert_string_equal(fake_flags("intel_dp.c:1240"), "_");
	assert_string_equal(fake_flags("intel_dp.c:1234"), "_");
	assert_int_equal(access(p, F_OK), -1);
	/* and a state that is not one of ours is not applied */
	put(p, "mask 0x3ff\n");
	assert_int_equal(run(t, "restore"), EXIT_FAIL);
	expect_err("is not a state drm-dbg saved");
	assert_string_equal(param(t), "0x0\n");
	fake_free(t);
}

/* The fake's roots are test-only: refused under sudo. */
static void test_roots_refused_under_sudo(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, false);

	(void)state;
	setenv("SUDO_UID", "1000", 1);
	assert_int_equal(run(t, "set 0x3ff"), EXIT_USAGE);
	unsetenv("SUDO_UID");
	expect_err("--sysfs-root, --proc-root and --run-root are for tests: refused under sudo or setuid");
	assert_string_equal(param(t), "0x10\n");
	fake_free(t);
}

static void test_cmd_bench_counter_fails(void **state)
{
	struct fake *t = fake_new("0x10\n", SAMPLE, true);

	(void)state;
	t->perf_fail = true;
	assert_int_equal(run(t, "bench -r 2"), EXIT_OK);
	expect_out("IPIs from the CAL row");
	/*
	 * One round reads the counters 5 times: at the start, and before and
	 * after each of the 2 writes. The second fails, or the last.
	 */
	for (unsigned int after = 1; after <= 4; after += 3) {
		t->perf_fail_after = after * (unsigned int)t->ncpu;
		assert_int_equal(run(t, "bench -r 1"), EXIT_FAIL);
		expect_err("cannot read the do_sync_core counters");
		assert_string_equal(param(t), "0x10\n");
	}
	fake_free(t);
}

static void test_cmd_bench_per_class(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, true);
	size_t i;

	(void)state;
	assert_int_equal(fake_control_apply("module drm class DRM_UT_VBL +pl"), 0);
	assert_int_equal(run(t, "-j bench -r 1 -P per-class"), EXIT_OK);
	expect_out("{\"pattern\":\"per-class\",\"rounds\":1,");
	expect_out("\"writes\":10,");
	/* sample: 5 classes have callsites, each write of one is a batch of 3 syncs */
	expect_out("\"on\":{\"syncs\":{\"min\":15,\"median\":15,\"max\":15}");
	expect_out("\"off\":{\"syncs\":{\"min\":15,\"median\":15,\"max\":15}");
	/* one write per class, on then off; the fake refuses any bad query */
	for (i = 0; i < n_categories; i++) {
		char q[80];

		snprintf(q, sizeof(q), "control: class DRM_UT_%s +p\n", categories[i].name);
		expect_in(fake_log(), q, "log");
		snprintf(q, sizeof(q), "control: class DRM_UT_%s -p\n", categories[i].name);
		expect_in(fake_log(), q, "log");
	}
	/* restored: mask, and the flags set through the control file */
	assert_string_equal(param(t), "0x0\n");
	assert_string_equal(fake_flags("drm_vblank.c:700"), "pl");
	assert_string_equal(fake_flags("intel_dp.c:1234"), "pmf");
	assert_string_equal(fake_flags("amdgpu_dm.c:42"), "p");
	assert_string_equal(fake_flags("intel_dp.c:1240"), "_");
	fake_free(t);
}

/*
 * Per-site on lines 880-925 of the guest's control file: 26 class'd
 * callsites of amdgpu, where six share hdcp.h:429 and two hdcp.c:543 with
 * the same class (one query switches them all), so 20 writes of 26
 * change something, as on the real kernel.
 */
static void test_cmd_bench_per_site(void **state)
{
	struct fake *t = fake_new("0x0\n", GUEST, true);
	char cmd[800];

	(void)state;
	snprintf(cmd, sizeof(cmd), "sed -n '1p;880,925p' %s > %s.new && mv %s.new %s", GUEST, t->control,
		 t->control, t->control);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(run(t, "-j bench -r 1 --pattern per-site"), EXIT_OK);
	expect_out("\"writes\":26,");
	expect_out("\"on\":{\"syncs\":{\"min\":60,\"median\":60,\"max\":60}");
	expect_out("\"off\":{\"syncs\":{\"min\":60,\"median\":60,\"max\":60}");
	expect_in(fake_log(), "control: module amdgpu file drivers/gpu/drm/amd/display/modules/hdcp/hdcp.h line 429 class DRM_UT_KMS +p\n", "log");
	expect_in(fake_log(), "control: module amdgpu file drivers/gpu/drm/amd/display/modules/hdcp/hdcp.h line 429 class DRM_UT_KMS -p\n", "log");
	assert_int_equal(fake_enabled(NULL, NULL), 0);
	assert_string_equal(param(t), "0x0\n");
	fake_free(t);
}

static void test_cmd_bench_no_ipis(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);

	(void)state;
	/* no kprobe: IPIs from the CAL row */
	assert_int_equal(run(t, "-j bench -r 1"), EXIT_OK);
	expect_out("\"exact_ipis\":false,\"ipi_source\":\"cal\"");
	expect_out("\"on\":{\"syncs\":null,\"ipis\":{\"min\":");
	/* and no CAL row either (arm64): not available, never 0 */
	t->cal_row = false;
	put(t->interrupts, "  CPU0\n LOC: 1\n");
	assert_int_equal(run(t, "-j bench -r 1"), EXIT_OK);
	expect_out("\"exact_ipis\":false,\"ipi_source\":null");
	expect_out("\"on\":{\"syncs\":null,\"ipis\":null,\"cal\":null,\"ns\":{");
	assert_int_equal(run(t, "bench -r 1"), EXIT_OK);
	expect_out("IPIs not available");
	expect_out("not available");
	fake_free(t);
}

/* ---- devices ---- */

static void test_cmd_devices(void **state)
{
	struct fake *t = fake_new("0x0\n", SAMPLE, false);

	(void)state;
	fake_drm_devices = 0;
	assert_int_equal(run(t, "devices"), EXIT_OK);
	expect_out("no DRM devices");
	fake_drm_devices = 2;
	snprintf(fake_drm_node, sizeof(fake_drm_node), "%s/card0", t->dir);
	put(fake_drm_node, "");
	assert_int_equal(run(t, "devices"), EXIT_OK);
	expect_out("/card0  pci:0000:00:02.0 [1234:1111]  bochs-drm 1.2.0  bochs dispi vga");
	assert_int_equal(run(t, "-j devices"), EXIT_OK);
	expect_out("\"bus\":\"pci:0000:00:02.0\",\"vendor_id\":4660,\"device_id\":4369,\"driver\":\"bochs-drm\"");
	expect_out("},{");
	fake_drm_devices = 0;
	fake_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_category_names),
		cmocka_unit_test(test_category_spec),
		cmocka_unit_test(test_mask_names),
		cmocka_unit_test(test_callsite_parse),
		cmocka_unit_test(test_control_file),
		cmocka_unit_test(test_control_long_line),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_interrupts_many_cpus),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_utf8),
		cmocka_unit_test(test_json_error_halfway),
		cmocka_unit_test(test_cmd_status),
		cmocka_unit_test(test_cmd_status_plain_param),
		cmocka_unit_test(test_cmd_set),
		cmocka_unit_test(test_cmd_set_dry_run),
		cmocka_unit_test(test_cmd_set_module),
		cmocka_unit_test(test_cmd_set_decorate),
		cmocka_unit_test(test_cmd_permissions),
		cmocka_unit_test(test_cmd_errors),
		cmocka_unit_test(test_cmd_list_callsites),
		cmocka_unit_test(test_guest_data),
		cmocka_unit_test(test_cmd_json_utf8),
		cmocka_unit_test(test_cmd_capture),
		cmocka_unit_test(test_cmd_capture_report),
		cmocka_unit_test(test_cmd_capture_status),
		cmocka_unit_test(test_cmd_capture_signal),
		cmocka_unit_test(test_cmd_capture_hung_child),
		cmocka_unit_test(test_cmd_capture_restore_fails),
		cmocka_unit_test(test_cmd_capture_lost),
		cmocka_unit_test(test_cmd_capture_errors),
		cmocka_unit_test(test_cmd_bench_one_write),
		cmocka_unit_test(test_cmd_bench_restore_fails),
		cmocka_unit_test(test_cmd_bench_counter_fails),
		cmocka_unit_test(test_cmd_two_instances),
		cmocka_unit_test(test_cmd_reset),
		cmocka_unit_test(test_roots_refused_under_sudo),
		cmocka_unit_test(test_cmd_bench_per_class),
		cmocka_unit_test(test_cmd_bench_per_site),
		cmocka_unit_test(test_cmd_bench_no_ipis),
		cmocka_unit_test(test_cmd_devices),
	};

	/* TEST_FILTER=test_cmd_set* runs only those */
	if (getenv("TEST_FILTER"))
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	unsetenv("SUDO_UID");	/* the fake's roots are refused under sudo */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
