/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal binding to IGT's core library as Debian bookworm ships it
 * (intel-gpu-tools 1.27.1: libigt.so.0, no headers). It declares only the
 * entry points core_debug_toggle.c uses and defines the control-flow
 * macros it uses, with the semantics of IGT 1.27's lib/igt_core.h, so that
 * the test builds here and drops into IGT's tests/ unchanged (where IGT's
 * own igt.h is found instead of this one).
 */
#ifndef DRM_DBG_IGT_BINDING_H
#define DRM_DBG_IGT_BINDING_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct option;

/* ---- the library (1.27 ABI) ---- */

enum igt_log_level {
	IGT_LOG_DEBUG,
	IGT_LOG_INFO,
	IGT_LOG_WARN,
	IGT_LOG_CRITICAL,
	IGT_LOG_NONE,
};

typedef int (*igt_opt_handler_t)(int opt, int opt_index, void *data);
typedef void (*igt_exit_handler_t)(int sig);

extern jmp_buf igt_subtest_jmpbuf;
extern jmp_buf igt_dynamic_jmpbuf;

int igt_subtest_init_parse_opts(int *argc, char **argv, const char *extra_short_opts,
				const struct option *extra_long_opts, const char *help_str,
				igt_opt_handler_t extra_opt_handler, void *handler_data);
bool __igt_fixture(void);
void __igt_fixture_complete(void);
bool __igt_run_subtest(const char *subtest_name, const char *file, const int line);
bool __igt_enter_dynamic_container(void);
bool __igt_run_dynamic_subtest(const char *dynamic_subtest_name);
void igt_success(void);
__attribute__((noreturn)) void igt_exit(void);
void igt_describe_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __igt_skip_check(const char *file, const int line, const char *func,
		      const char *check, const char *format, ...);
void __igt_fail_assert(const char *domain, const char *file, const int line,
		       const char *func, const char *assertion, const char *format, ...);
void igt_log(const char *domain, enum igt_log_level level, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
void igt_install_exit_handler(igt_exit_handler_t fn);
bool igt_kmod_is_loaded(const char *mod_name);
int igt_kmod_load(const char *mod_name, const char *opts);

/* ---- the control flow the test uses ---- */

#define IGT_LOG_DOMAIN NULL
#define __igt_cat2(a, b) a##b
#define __igt_cat(a, b) __igt_cat2(a, b)
#define __igt_uniq(name) __igt_cat(name, __LINE__)

#define IGT_TEST_DESCRIPTION(str) static const char __igt_description[] __attribute__((unused)) = str

/* main() that parses IGT's options, runs the body, and exits with IGT's status */
#define igt_main \
	static void __igt_body(void); \
	int main(int argc, char **argv) \
	{ \
		igt_subtest_init_parse_opts(&argc, argv, NULL, NULL, NULL, NULL, NULL); \
		__igt_body(); \
		igt_exit(); \
	} \
	static void __igt_body(void)

/* set-up code: runs once, skipped when only listing subtests */
#define igt_fixture \
	for (volatile int __igt_uniq(__fix) = 0; \
	     !__igt_uniq(__fix) && __igt_fixture() && !sigsetjmp(igt_subtest_jmpbuf, 1); \
	     __igt_uniq(__fix) = 1, __igt_fixture_complete())

/* a subtest made of dynamic subtests, which are named at run time */
#define igt_subtest_with_dynamic(name) \
	for (; __igt_run_subtest((name), __FILE__, __LINE__) && \
	       __igt_enter_dynamic_container() && !sigsetjmp(igt_subtest_jmpbuf, 1); \
	     igt_success())

#define igt_dynamic_f(...) \
	for (char __igt_uniq(__dyn)[256]; \
	     snprintf(__igt_uniq(__dyn), sizeof(__igt_uniq(__dyn)), __VA_ARGS__), \
	     __igt_run_dynamic_subtest(__igt_uniq(__dyn)) && !sigsetjmp(igt_dynamic_jmpbuf, 1); \
	     igt_success())

#define igt_describe(text) igt_describe_f("%s", text)

#define igt_debug(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_DEBUG, __VA_ARGS__)
#define igt_info(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_INFO, __VA_ARGS__)

#define igt_require_f(expr, ...) do { \
	if (!(expr)) \
		__igt_skip_check(__FILE__, __LINE__, __func__, #expr, __VA_ARGS__); \
} while (0)
#define igt_require(expr) do { \
	if (!(expr)) \
		__igt_skip_check(__FILE__, __LINE__, __func__, #expr, NULL); \
} while (0)

#define igt_assert_f(expr, ...) do { \
	if (!(expr)) \
		__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, __func__, #expr, \
				  __VA_ARGS__); \
} while (0)
#define igt_assert(expr) igt_assert_f(expr, NULL)

#define __igt_assert_cmp(a, op, nop, b) do { \
	long long __a = (a), __b = (b); \
	if (!(__a op __b)) \
		__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, __func__, \
				  #a " " #op " " #b, "error: %lld " #nop " %lld\n", __a, __b); \
} while (0)
#define igt_assert_eq(a, b) __igt_assert_cmp(a, ==, !=, b)
#define igt_assert_lte(a, b) __igt_assert_cmp(a, <=, >, b)

#endif
