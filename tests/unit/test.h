/* SPDX-License-Identifier: MIT */
/*
 * Tiny unit-test harness.  One tests/unit/NAME.c is one program:
 *
 *   #include "test.h"
 *   TEST(expr_parse) {
 *       CHECK(p != NULL);
 *       CHECK_EQ(kconf_version(kc), 612);
 *       CHECK_STREQ(kconf_sym_value(kc, s), "y");
 *   }
 *
 * test.h provides main(), which runs every TEST in definition order and
 * ends with the line "N passed, N failed" (N tests).  A test fails when any
 * of its checks fails; the failing check is reported as file:line.
 * Define TEST_NO_MAIN before including to provide your own main() and call
 * test_run_all().
 */
#ifndef KFORGE_TEST_H
#define KFORGE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);

struct test_case {
	const char *name;
	test_fn fn;
};

#define TEST_MAX 1024
static struct test_case test_cases[TEST_MAX];
static int test_ncases;
static int test_cur_failed;

static inline void test_register(const char *name, test_fn fn)
{
	if (test_ncases < TEST_MAX) {
		test_cases[test_ncases].name = name;
		test_cases[test_ncases].fn = fn;
		test_ncases++;
	}
}

#define TEST(name)                                                       \
	static void test_##name(void);                                   \
	__attribute__((constructor)) static void test_reg_##name(void)   \
	{                                                                \
		test_register(#name, test_##name);                       \
	}                                                                \
	static void test_##name(void)

#define TEST_FAIL_(...)                                                  \
	do {                                                             \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);    \
		fprintf(stderr, __VA_ARGS__);                            \
		fputc('\n', stderr);                                     \
		test_cur_failed = 1;                                     \
	} while (0)

#define CHECK(cond)                                                      \
	do {                                                             \
		if (!(cond))                                             \
			TEST_FAIL_("CHECK(%s)", #cond);                  \
	} while (0)

#define CHECK_EQ(a, b)                                                   \
	do {                                                             \
		long long test_a_ = (long long)(a);                      \
		long long test_b_ = (long long)(b);                      \
		if (test_a_ != test_b_)                                  \
			TEST_FAIL_("CHECK_EQ(%s, %s): %lld != %lld", #a, #b, \
				   test_a_, test_b_);                    \
	} while (0)

#define CHECK_STREQ(a, b)                                                \
	do {                                                             \
		const char *test_sa_ = (a);                              \
		const char *test_sb_ = (b);                              \
		if (!test_sa_ || !test_sb_ || strcmp(test_sa_, test_sb_)) \
			TEST_FAIL_("CHECK_STREQ(%s, %s): \"%s\" != \"%s\"", \
				   #a, #b, test_sa_ ? test_sa_ : "(null)", \
				   test_sb_ ? test_sb_ : "(null)");      \
	} while (0)

/* Stop the current test early when a check it depends on failed. */
#define REQUIRE(cond)                                                    \
	do {                                                             \
		if (!(cond)) {                                           \
			TEST_FAIL_("REQUIRE(%s)", #cond);                \
			return;                                          \
		}                                                        \
	} while (0)

static inline int test_run_all(void)
{
	int passed = 0, failed = 0;

	for (int i = 0; i < test_ncases; i++) {
		test_cur_failed = 0;
		test_cases[i].fn();
		if (test_cur_failed) {
			failed++;
			fprintf(stderr, "not ok %s\n", test_cases[i].name);
		} else {
			passed++;
		}
	}
	fflush(stderr);
	printf("%d passed, %d failed\n", passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}

#ifndef TEST_NO_MAIN
int main(void)
{
	return test_run_all();
}
#endif

#endif /* KFORGE_TEST_H */
