/* SPDX-License-Identifier: MIT */
/* The public API works on a freshly loaded tree, before any .config is read. */
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "kconf/kconf.h"

static char *write_tree(const char *text)
{
	static char path[] = "/tmp/kforge-api-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	if (write(fd, text, strlen(text)) < 0) {
		close(fd);
		return NULL;
	}
	close(fd);
	return path;
}

TEST(values_and_setters_work_without_reading_a_config)
{
	const char *path = write_tree(
		"config MODULES\n\tbool \"m\"\n\tdefault y\n\tmodules\n"
		"config B\n\tbool \"b\"\n\tdefault y\n"
		"config T\n\ttristate \"t\"\n\tdefault m\n");
	CHECK(path != NULL);
	for (int minor = 1; minor <= 12; minor += 11) {
		struct kconf *kc = kconf_new(6, minor);
		CHECK_EQ(kconf_load(kc, path), 0);
		struct symbol *b = kconf_find(kc, "B"), *t = kconf_find(kc, "T");
		CHECK(b && t);
		/* m stays m: MODULES is computed before T */
		CHECK_STREQ(kconf_sym_value(kc, t), "m");
		/* B is visible, so the user may turn it off */
		CHECK(kconf_sym_set(kc, b, "n"));
		CHECK_STREQ(kconf_sym_value(kc, b), "n");
		/* an out-of-range value is refused */
		CHECK(!kconf_sym_set(kc, b, "m"));
		kconf_free(kc);
	}
	unlink(path);
}

TEST(load_failure_is_reported_not_fatal)
{
	const char *path = write_tree("config A\n\tbool \"a\n");
	FILE *err = tmpfile();
	struct kconf *kc = kconf_new(6, 12);
	kconf_set_streams(kc, stdout, err);
	CHECK_EQ(kconf_load(kc, path), -1);
	kconf_free(kc);
	fclose(err);
	unlink(path);
}
