// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for drm-dbg: parsers, and the commands against fake sysfs and
 * procfs trees (--sysfs-root, --proc-root), with control file and
 * /proc/interrupts text captured from the workbench guest in data/
 * (control-guest-*.txt: drm and helpers whole, 300 lines each of i915
 * and amdgpu, 40 of other modules; baseline = 7.2 + patch 1, series =
 * 7.2 + the whole series).
 * Run from this directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drm-dbg.h"

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

	(void)state;
	assert_non_null(f);
	assert_int_equal(callsites_each(f, count_cb, n), 0);
	fclose(f);
	assert_int_equal(n[0], 11);	/* the header and 2 bad lines are skipped */
	assert_int_equal(n[1], 7);	/* of DRM_UT_* classes */
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

/* ---- commands against a fake tree ---- */

struct tree {
	char dir[64], sys[96], proc[96], param[192];
};

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void copy(const char *from, const char *to)
{
	char buf[4096];
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)))
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
}

/* A tree with drm loaded, drm.debug = @debug, and (if @control) a control file. */
static struct tree *tree_new(const char *debug, const char *control)
{
	struct tree *t = calloc(1, sizeof(*t));
	char p[256];

	assert_non_null(t);
	strcpy(t->dir, "/tmp/drm-dbg-test-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->sys, sizeof(t->sys), "%s/sys", t->dir);
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->dir);
	snprintf(p, sizeof(p), "mkdir -p %s/module/drm/parameters %s/dynamic_debug", t->sys, t->proc);
	assert_int_equal(system(p), 0);
	snprintf(t->param, sizeof(t->param), "%s/module/drm/parameters/debug", t->sys);
	put(t->param, debug);
	if (control) {
		snprintf(p, sizeof(p), "%s/dynamic_debug/control", t->proc);
		copy(control, p);
	}
	snprintf(p, sizeof(p), "%s/interrupts", t->proc);
	copy("data/interrupts-sample.txt", p);
	return t;
}

static void tree_free(struct tree *t)
{
	char p[128];

	snprintf(p, sizeof(p), "rm -rf %s", t->dir);
	assert_int_equal(system(p), 0);
	free(t);
}

static char out_buf[1 << 20];

/* Run drm-dbg with the tree's roots; stdout lands in out_buf. */
static int run(struct tree *t, const char *args)
{
	char *argv[32], line[512], *save = NULL, *w;
	char sysopt[128], procopt[128];
	int argc = 0, rc, saved, fd;
	char tmp[] = "/tmp/drm-dbg-out-XXXXXX";
	ssize_t n;

	argv[argc++] = (char *)"drm-dbg";
	snprintf(sysopt, sizeof(sysopt), "--sysfs-root=%s", t->sys);
	snprintf(procopt, sizeof(procopt), "--proc-root=%s", t->proc);
	argv[argc++] = sysopt;
	argv[argc++] = procopt;
	snprintf(line, sizeof(line), "%s", args);
	for (w = strtok_r(line, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;

	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	rc = drm_dbg_main(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, out_buf, sizeof(out_buf) - 1);
	out_buf[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(tmp);
	return rc;
}

static void expect_out(const char *want)
{
	if (!strstr(out_buf, want))
		fail_msg("output lacks '%s':\n%s", want, out_buf);
}

static const char *param(struct tree *t)
{
	static char buf[64];
	FILE *f = fopen(t->param, "r");

	assert_non_null(f);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static void test_cmd_status(void **state)
{
	struct tree *t = tree_new("0x14\n", "data/control-sample.txt");

	(void)state;
	assert_int_equal(run(t, "status"), EXIT_OK);
	expect_out("drm.debug  0x14 (KMS,ATOMIC)");
	expect_out("via dynamic debug");
	expect_out("i915                     1/3");
	expect_out("1 callsites of an unknown class");
	assert_int_equal(run(t, "-j"), EXIT_OK);
	expect_out("{\"debug\":20,\"names\":\"KMS,ATOMIC\",\"kernel\":{\"dynamic_debug\":true,");
	expect_out("{\"name\":\"amdgpu\",\"enabled\":1,\"callsites\":1}");
	assert_int_equal(run(t, "-p st"), EXIT_OK);
	expect_out("\n  \"debug\": 20,");
	assert_int_equal(run(t, "status extra"), EXIT_USAGE);
	tree_free(t);
}

static void test_cmd_status_plain_param(void **state)
{
	/* a kernel without CONFIG_DRM_USE_DYNAMIC_DEBUG nor dynamic debug */
	struct tree *t = tree_new("30\n", NULL);

	(void)state;
	assert_int_equal(run(t, "status"), EXIT_OK);
	expect_out("drm.debug  0x1e (DRIVER,KMS,PRIME,ATOMIC)");
	expect_out("a plain bitmask");
	expect_out("callsites  unavailable");
	assert_int_equal(run(t, "callsites"), EXIT_NO_DYNDBG);
	assert_int_equal(run(t, "set +dp"), EXIT_OK);
	assert_string_equal(param(t), "0x11e\n");
	assert_int_equal(run(t, "bench -P per-class"), EXIT_NO_DYNDBG);
	tree_free(t);
}

static void test_cmd_set(void **state)
{
	struct tree *t = tree_new("0x0\n", "data/control-sample.txt");

	(void)state;
	assert_int_equal(run(t, "set kms,atomic"), EXIT_OK);
	expect_out("drm.debug 0x0 (none) -> 0x14 (KMS,ATOMIC)");
	assert_string_equal(param(t), "0x14\n");
	put(t->param, "0x14\n");
	assert_int_equal(run(t, "set +dp -atomic"), EXIT_OK);
	assert_string_equal(param(t), "0x104\n");
	put(t->param, "0x104\n");
	assert_int_equal(run(t, "-j set DRM_UT_CORE"), EXIT_OK);
	expect_out("{\"old\":260,\"new\":1,\"old_names\":\"KMS,DP\",\"new_names\":\"CORE\"}");
	put(t->param, "0x1\n");
	/* errors change nothing */
	assert_int_equal(run(t, "set kms,atomc"), EXIT_USAGE);
	assert_string_equal(param(t), "0x1\n");
	assert_int_equal(run(t, "set 0xfff"), EXIT_USAGE);
	assert_int_equal(run(t, "set"), EXIT_USAGE);
	assert_string_equal(param(t), "0x1\n");
	tree_free(t);
}

static void test_cmd_errors(void **state)
{
	struct tree *t = tree_new("0x0\n", "data/control-sample.txt");
	char p[256];

	(void)state;
	assert_int_equal(run(t, "frobnicate"), EXIT_USAGE);
	assert_int_equal(run(t, "s"), EXIT_USAGE);	/* status or set? */
	assert_int_equal(run(t, "--bogus"), EXIT_USAGE);
	assert_int_equal(run(t, "callsites -c nosuch"), EXIT_USAGE);
	assert_int_equal(run(t, "bench -P nosuch"), EXIT_USAGE);
	assert_int_equal(run(t, "capture -t 1 -- true"), EXIT_USAGE);
	assert_int_equal(run(t, "--help"), EXIT_OK);
	expect_out("drm-dbg capture [-c SPEC]");
	assert_int_equal(run(t, "--version"), EXIT_OK);
	expect_out("drm-dbg " DRM_DBG_VERSION);
	/* drm not loaded */
	snprintf(p, sizeof(p), "rm -rf %s/module/drm", t->sys);
	assert_int_equal(system(p), 0);
	assert_int_equal(run(t, "status"), EXIT_NOT_LOADED);
	assert_int_equal(run(t, "set kms"), EXIT_NOT_LOADED);
	tree_free(t);
}

static void test_cmd_list_callsites(void **state)
{
	struct tree *t = tree_new("0x0\n", "data/control-sample.txt");

	(void)state;
	assert_int_equal(run(t, "list"), EXIT_OK);
	expect_out("KMS       2    0x4  modesetting");
	expect_out("i915 2");
	assert_int_equal(run(t, "-j list"), EXIT_OK);
	expect_out("{\"name\":\"DRIVER\",\"bit\":1,\"mask\":2,");
	expect_out("\"callsites\":{\"i915\":1,\"amdgpu\":1}");
	assert_int_equal(run(t, "callsites -c kms"), EXIT_OK);
	expect_out("intel_dp.c:1234 [i915]intel_dp_detect KMS on");
	expect_out("intel_dp.c:1240 [i915]intel_dp_detect KMS off");
	assert_int_equal(run(t, "callsites --enabled"), EXIT_OK);
	assert_null(strstr(out_buf, " off "));
	expect_out("[amdgpu]amdgpu_dm_init DRIVER on");
	assert_int_equal(run(t, "-j callsites -m drm -c atomic"), EXIT_OK);
	expect_out("[{\"file\":\"drivers/gpu/drm/drm_atomic.c\",\"line\":1510,\"module\":\"drm\",");
	expect_out("\"format\":\"checking %p\\n\"}]");
	tree_free(t);
}

/* The control file and /proc/interrupts of the workbench guest (7.2 + series). */
static void test_guest_capture(void **state)
{
	struct tree *t = tree_new("0x0\n", "data/control-guest-series.txt");
	char p[256];
	FILE *f;

	(void)state;
	snprintf(p, sizeof(p), "%s/interrupts", t->proc);
	copy("data/interrupts-guest.txt", p);
	f = fopen(p, "r");
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
	{
		int lines = 0;
		const char *c;

		for (c = out_buf; *c; c++)
			lines += *c == '\n';
		assert_int_equal(lines, 571);
	}
	/* the format with unescaped quotes, as the kernel prints it */
	assert_int_equal(run(t, "-j callsites -m drm -c atomic"), EXIT_OK);
	expect_out("invalid mode (%s, %pe): \\\"%s\\\": %d");
	tree_free(t);
}

static void test_json_escaping(void **state)
{
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json j;

	(void)state;
	json_init(&j, f, false);
	json_open(&j, NULL, '{');
	json_str(&j, "s", "a\"b\\c\n\x01");
	json_str(&j, "n", NULL);
	json_open(&j, "a", '[');
	json_u64(&j, NULL, 1);
	json_bool(&j, NULL, false);
	json_close(&j, ']');
	json_close(&j, '}');
	fclose(f);
	assert_string_equal(buf, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":null,\"a\":[1,false]}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_category_names),
		cmocka_unit_test(test_category_spec),
		cmocka_unit_test(test_mask_names),
		cmocka_unit_test(test_callsite_parse),
		cmocka_unit_test(test_control_file),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_cmd_status),
		cmocka_unit_test(test_cmd_status_plain_param),
		cmocka_unit_test(test_cmd_set),
		cmocka_unit_test(test_cmd_errors),
		cmocka_unit_test(test_cmd_list_callsites),
		cmocka_unit_test(test_guest_capture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
