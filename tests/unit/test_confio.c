/* SPDX-License-Identifier: MIT */
/*
 * .config reading and writing, savedefconfig, auto.conf / autoconf.h /
 * rustc_cfg.  The expected bytes below were produced by the kernel's
 * scripts/kconfig/conf (6.1 and 6.12) from the same Kconfig and .config.
 */
#include <errno.h>

#include "fixture.h"

static const int versions[] = { 1, 12 };
#define FOR_EACH_VERSION(minor) \
	for (size_t vi_ = 0; vi_ < 2 && ((minor) = versions[vi_], 1); vi_++)

static const char io_kconfig[] =
	"mainmenu \"IO test\"\n"
	"config MODULES\n"
	"\tbool \"modules\"\n"
	"\tdefault y\n"
	"\tmodules\n"
	"config BY\n"
	"\tbool \"by\"\n"
	"config BN\n"
	"\tbool \"bn\"\n"
	"\tdefault y\n"
	"config TM\n"
	"\ttristate \"tm\"\n"
	"config TY\n"
	"\ttristate \"ty\"\n"
	"\tdefault y\n"
	"config S\n"
	"\tstring \"s\"\n"
	"\tdefault \"dflt\"\n"
	"config I\n"
	"\tint \"i\"\n"
	"\tdefault 4\n"
	"config H\n"
	"\thex \"h\"\n"
	"\tdefault 0x1f\n"
	"config HNOPFX\n"
	"\thex \"h no prefix\"\n"
	"\tdefault 1f\n"
	"menu \"Sub menu\"\n"
	"config INNER\n"
	"\tbool \"inner\"\n"
	"\tdefault y\n"
	"comment \"a comment\"\n"
	"config INNER2\n"
	"\tint \"inner2\"\n"
	"\tdefault 2\n"
	"menu \"Nested\"\n"
	"config NESTED\n"
	"\tbool \"nested\"\n"
	"endmenu\n"
	"endmenu\n"
	"comment \"top comment\"\n"
	"config AFTER\n"
	"\tstring \"after\"\n"
	"\tdefault \"\"\n"
	"config HIDDEN\n"
	"\tbool\n"
	"\tdefault y\n"
	"config HIDDEN_N\n"
	"\tbool\n";

static const char io_config[] =
	"CONFIG_BY=y\n"
	"# CONFIG_BN is not set\n"
	"CONFIG_TM=m\n"
	"CONFIG_S=\"a \\\"q\\\" \\\\ b\"\n"
	"CONFIG_I=abc\n"
	"CONFIG_H=0x20\n"
	"CONFIG_UNKNOWN=y\n"
	"garbage line\n"
	"CONFIG_INNER=maybe\n"
	"CONFIG_INNER2=-7\n"
	"CONFIG_AFTER=\"unterminated\n"
	"CONFIG_NESTED\n";

/* written by the 6.1 and 6.12 conf (identical) */
static const char expected_config[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"# IO test\n"
	"#\n"
	"CONFIG_MODULES=y\n"
	"CONFIG_BY=y\n"
	"# CONFIG_BN is not set\n"
	"CONFIG_TM=m\n"
	"CONFIG_TY=y\n"
	"CONFIG_S=\"a \\\"q\\\" \\\\ b\"\n"
	"CONFIG_I=4\n"
	"CONFIG_H=0x20\n"
	"CONFIG_HNOPFX=1f\n"
	"\n"
	"#\n"
	"# Sub menu\n"
	"#\n"
	"CONFIG_INNER=y\n"
	"\n"
	"#\n"
	"# a comment\n"
	"#\n"
	"CONFIG_INNER2=-7\n"
	"\n"
	"#\n"
	"# Nested\n"
	"#\n"
	"# CONFIG_NESTED is not set\n"
	"# end of Nested\n"
	"# end of Sub menu\n"
	"\n"
	"#\n"
	"# top comment\n"
	"#\n"
	"CONFIG_AFTER=\"\"\n"
	"CONFIG_HIDDEN=y\n";

static const char expected_defconfig[] =
	"CONFIG_BY=y\n"
	"# CONFIG_BN is not set\n"
	"CONFIG_TM=m\n"
	"CONFIG_S=\"a \\\"q\\\" \\\\ b\"\n"
	"CONFIG_H=0x20\n"
	"CONFIG_INNER2=-7\n";

static const char expected_auto_conf_61[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"# IO test\n"
	"#\n"
	"CONFIG_H=0x20\n"
	"CONFIG_HIDDEN=y\n"
	"CONFIG_HNOPFX=1f\n"
	"CONFIG_MODULES=y\n"
	"CONFIG_INNER2=-7\n"
	"CONFIG_INNER=y\n"
	"CONFIG_TY=y\n"
	"CONFIG_I=4\n"
	"CONFIG_S=a \"q\" \\ b\n"
	"CONFIG_TM=m\n"
	"CONFIG_BY=y\n"
	"CONFIG_AFTER=\n";

static const char expected_autoconf_h_61[] =
	"/*\n"
	" * Automatically generated file; DO NOT EDIT.\n"
	" * IO test\n"
	" */\n"
	"#define CONFIG_H 0x20\n"
	"#define CONFIG_HIDDEN 1\n"
	"#define CONFIG_HNOPFX 0x1f\n"
	"#define CONFIG_MODULES 1\n"
	"#define CONFIG_INNER2 -7\n"
	"#define CONFIG_INNER 1\n"
	"#define CONFIG_TY 1\n"
	"#define CONFIG_I 4\n"
	"#define CONFIG_S \"a \\\"q\\\" \\\\ b\"\n"
	"#define CONFIG_TM_MODULE 1\n"
	"#define CONFIG_BY 1\n"
	"#define CONFIG_AFTER \"\"\n";

static const char expected_rustc_cfg_61[] =
	"--cfg=CONFIG_H=\"0x20\"\n"
	"--cfg=CONFIG_HIDDEN\n"
	"--cfg=CONFIG_HIDDEN=\"y\"\n"
	"--cfg=CONFIG_HNOPFX=\"0x1f\"\n"
	"--cfg=CONFIG_MODULES\n"
	"--cfg=CONFIG_MODULES=\"y\"\n"
	"--cfg=CONFIG_INNER2=\"-7\"\n"
	"--cfg=CONFIG_INNER\n"
	"--cfg=CONFIG_INNER=\"y\"\n"
	"--cfg=CONFIG_TY\n"
	"--cfg=CONFIG_TY=\"y\"\n"
	"--cfg=CONFIG_I=\"4\"\n"
	"--cfg=CONFIG_S=\"a \\\"q\\\" \\\\ b\"\n"
	"--cfg=CONFIG_TM\n"
	"--cfg=CONFIG_TM=\"m\"\n"
	"--cfg=CONFIG_BY\n"
	"--cfg=CONFIG_BY=\"y\"\n"
	"--cfg=CONFIG_AFTER=\"\"\n";

static const char expected_auto_conf_612[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"# IO test\n"
	"#\n"
	"CONFIG_I=4\n"
	"CONFIG_H=0x20\n"
	"CONFIG_INNER=y\n"
	"CONFIG_S=a \"q\" \\ b\n"
	"CONFIG_MODULES=y\n"
	"CONFIG_HIDDEN=y\n"
	"CONFIG_AFTER=\n"
	"CONFIG_TM=m\n"
	"CONFIG_INNER2=-7\n"
	"CONFIG_HNOPFX=1f\n"
	"CONFIG_TY=y\n"
	"CONFIG_BY=y\n";

static const char expected_autoconf_h_612[] =
	"/*\n"
	" * Automatically generated file; DO NOT EDIT.\n"
	" * IO test\n"
	" */\n"
	"#define CONFIG_I 4\n"
	"#define CONFIG_H 0x20\n"
	"#define CONFIG_INNER 1\n"
	"#define CONFIG_S \"a \\\"q\\\" \\\\ b\"\n"
	"#define CONFIG_MODULES 1\n"
	"#define CONFIG_HIDDEN 1\n"
	"#define CONFIG_AFTER \"\"\n"
	"#define CONFIG_TM_MODULE 1\n"
	"#define CONFIG_INNER2 -7\n"
	"#define CONFIG_HNOPFX 0x1f\n"
	"#define CONFIG_TY 1\n"
	"#define CONFIG_BY 1\n";

static const char expected_rustc_cfg_612[] =
	"--cfg=CONFIG_I=\"4\"\n"
	"--cfg=CONFIG_H=\"0x20\"\n"
	"--cfg=CONFIG_INNER\n"
	"--cfg=CONFIG_INNER=\"y\"\n"
	"--cfg=CONFIG_S=\"a \\\"q\\\" \\\\ b\"\n"
	"--cfg=CONFIG_MODULES\n"
	"--cfg=CONFIG_MODULES=\"y\"\n"
	"--cfg=CONFIG_HIDDEN\n"
	"--cfg=CONFIG_HIDDEN=\"y\"\n"
	"--cfg=CONFIG_AFTER=\"\"\n"
	"--cfg=CONFIG_TM\n"
	"--cfg=CONFIG_TM=\"m\"\n"
	"--cfg=CONFIG_INNER2=\"-7\"\n"
	"--cfg=CONFIG_HNOPFX=\"0x1f\"\n"
	"--cfg=CONFIG_TY\n"
	"--cfg=CONFIG_TY=\"y\"\n"
	"--cfg=CONFIG_BY\n"
	"--cfg=CONFIG_BY=\"y\"\n";

/* Load io_kconfig and read io_config from tmpdir/in.config. */
static int load_io(int minor, bool warn_unknown)
{
	ctx_new(minor);
	if (warn_unknown)
		env_set(&T.env, "KCONFIG_WARN_UNKNOWN_SYMBOLS", "1");
	put_file("in.config", io_config);
	if (load_text("Kconfig", io_kconfig))
		return -1;
	return kconf_read_config(T.kc, tpath("in.config"));
}

/* ------------------------------------------------------------------ */
/* reading                                                              */

TEST(read_values_and_escapes)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		CHECK_STREQ(val("BY"), "y");
		CHECK_STREQ(val("BN"), "n");	/* "is not set" beats default y */
		CHECK_STREQ(val("TM"), "m");
		CHECK_STREQ(val("TY"), "y");	/* not in .config: default */
		CHECK_STREQ(val("S"), "a \"q\" \\ b");
		CHECK_STREQ(val("H"), "0x20");
		CHECK_STREQ(val("INNER2"), "-7");
		/* invalid values are dropped: the defaults apply */
		CHECK_STREQ(val("I"), "4");
		CHECK_STREQ(val("INNER"), "y");
		CHECK_STREQ(val("AFTER"), "");
		CHECK(sym_has_value(sym("BY")));
		CHECK(sym_has_value(sym("BN")));
		CHECK(!sym_has_value(sym("TY")));
		CHECK(!sym_has_value(sym("I")));
		CHECK(!sym_has_value(sym("INNER")));
		/* unknown symbols are not created */
		CHECK(sym("UNKNOWN") == NULL);
		CHECK(conf_get_changed(T.kc));
	}
}

TEST(read_warnings_name_file_and_line)
{
	int minor;
	char want[2048];

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		const char *f = tpath("in.config");
		/* 6.12 also rejects a CONFIG_ line without '=' */
		snprintf(want, sizeof(want),
			 "%s:5:warning: symbol value 'abc' invalid for I\n"
			 "%s:8:warning: unexpected data: garbage line\n"
			 "%s:9:warning: symbol value 'maybe' invalid for INNER\n"
			 "%s:11:warning: invalid string found\n"
			 "%s%s%s",
			 f, f, f, f,
			 minor == 12 ? f : "",
			 minor == 12 ? ":12:warning: unexpected data: CONFIG_NESTED" : "",
			 minor == 12 ? "\n" : "");
		CHECK_STREQ(err_text(), want);

		/* KCONFIG_WARN_UNKNOWN_SYMBOLS adds the unknown symbol */
		REQUIRE(load_io(minor, true) == 0);
		f = tpath("in.config");
		CHECK_CONTAINS(err_text(), "warning: symbol value 'abc' invalid for I\n");
		snprintf(want, sizeof(want), "%s:7:warning: unknown symbol: UNKNOWN\n", f);
		CHECK_CONTAINS(err_text(), want);
	}
}

TEST(read_missing_file_fails)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", io_kconfig) == 0);
		CHECK_EQ(kconf_read_config(T.kc, tpath("does-not-exist")), -1);
		/* the defaults are still there */
		CHECK_STREQ(val("BN"), "y");
		CHECK_STREQ(val("S"), "dflt");
	}
}

TEST(read_crlf_lines)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		put_file("in.config", "CONFIG_S=\"crlf\"\r\nCONFIG_I=9\r\n# CONFIG_BN is not set\r\n");
		REQUIRE(load_text("Kconfig", io_kconfig) == 0);
		REQUIRE(kconf_read_config(T.kc, tpath("in.config")) == 0);
		CHECK_STREQ(val("S"), "crlf");
		CHECK_STREQ(val("I"), "9");
		CHECK_STREQ(val("BN"), "n");
	}
}

/* ------------------------------------------------------------------ */
/* writing .config                                                      */

TEST(write_config_exact_bytes)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		CHECK_EQ(kconf_write_config(T.kc, tpath("out/.config")), 0);
		char *got = slurp_file(tpath("out/.config"));
		CHECK_STREQ(got, expected_config);
		free(got);
		char want[600];
		snprintf(want, sizeof(want), "#\n# configuration written to %s\n#\n",
			 tpath("out/.config"));
		CHECK_STREQ(out_text(), want);
		CHECK(!conf_get_changed(T.kc));
		/* no temporary file left behind */
		CHECK(access(tpath("out/.config.old"), F_OK) != 0);
	}
}

TEST(write_config_keeps_old_and_reports_no_change)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		put_file(".config", "# previous\n");
		REQUIRE(kconf_write_config(T.kc, tpath(".config")) == 0);
		char *old = slurp_file(tpath(".config.old"));
		CHECK_STREQ(old, "# previous\n");
		free(old);
		/* writing the same again: "No change", file untouched */
		REQUIRE(kconf_write_config(T.kc, tpath(".config")) == 0);
		char want[600];
		snprintf(want, sizeof(want), "#\n# No change to %s\n#\n", tpath(".config"));
		CHECK_CONTAINS(out_text(), want);
		old = slurp_file(tpath(".config.old"));
		CHECK_STREQ(old, "# previous\n");
		free(old);
		char *got = slurp_file(tpath(".config"));
		CHECK_STREQ(got, expected_config);
		free(got);
	}
}

TEST(write_config_round_trip)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		REQUIRE(kconf_write_config(T.kc, tpath("a.config")) == 0);
		/* a second context reads what the first wrote: no warnings */
		struct kconf *kc2 = kconf_new(6, minor);
		FILE *null_out = fopen("/dev/null", "w");
		char *err2 = NULL;
		size_t err2len = 0;
		FILE *ferr2 = open_memstream(&err2, &err2len);
		kconf_set_streams(kc2, null_out, ferr2);
		kconf_set_getenv(kc2, fake_getenv, &T.env);
		REQUIRE(kconf_load(kc2, "Kconfig") == 0);
		REQUIRE(kconf_read_config(kc2, tpath("a.config")) == 0);
		fflush(ferr2);
		CHECK_STREQ(err2, "");
		CHECK_STREQ(kconf_sym_value(kc2, kconf_find(kc2, "S")), "a \"q\" \\ b");
		CHECK_EQ(kconf_write_config(kc2, tpath("b.config")), 0);
		char *a = slurp_file(tpath("a.config")), *b = slurp_file(tpath("b.config"));
		CHECK_STREQ(a, b);
		free(a);
		free(b);
		kconf_free(kc2);
		fclose(null_out);
		fclose(ferr2);
		free(err2);
	}
}

TEST(write_config_never_truncates_when_dir_unwritable)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		put_file("ro/.config", "# precious\nCONFIG_BY=y\n");
		chmod(tmpdir, 0755);
		chmod(tpath("ro"), 0555);
		fflush(NULL);
		pid_t pid = fork();
		REQUIRE(pid >= 0);
		if (pid == 0) {
			/* root ignores directory permissions: become nobody */
			if (geteuid() == 0 && (setgid(65534) || setuid(65534)))
				_exit(2);
			if (access(tpath("ro/x"), F_OK) != 0 && errno != ENOENT)
				_exit(5);
			int rc = kconf_write_config(T.kc, tpath("ro/.config"));
			_exit(rc == -1 ? 0 : 3);
		}
		int status = 0;
		waitpid(pid, &status, 0);
		CHECK(WIFEXITED(status));
		CHECK_EQ(WEXITSTATUS(status), 0);
		char *got = slurp_file(tpath("ro/.config"));
		CHECK_STREQ(got, "# precious\nCONFIG_BY=y\n");
		free(got);
		CHECK(access(tpath("ro/.config.old"), F_OK) != 0);
		chmod(tpath("ro"), 0755);
	}
}

/* ------------------------------------------------------------------ */
/* savedefconfig                                                        */

TEST(write_defconfig_omits_defaults)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		CHECK_EQ(kconf_write_defconfig(T.kc, tpath("defconfig")), 0);
		char *got = slurp_file(tpath("defconfig"));
		CHECK_STREQ(got, expected_defconfig);
		free(got);
		/* reading it back gives the same .config */
		ctx_new(minor);
		put_file("defconfig", expected_defconfig);
		REQUIRE(load_text("Kconfig", io_kconfig) == 0);
		REQUIRE(kconf_read_config(T.kc, tpath("defconfig")) == 0);
		REQUIRE(kconf_write_config(T.kc, tpath(".config")) == 0);
		got = slurp_file(tpath(".config"));
		CHECK_STREQ(got, expected_config);
		free(got);
	}
}

TEST(write_defconfig_of_defaults_is_empty)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		put_file("empty.config", "");
		REQUIRE(load_text("Kconfig", io_kconfig) == 0);
		REQUIRE(kconf_read_config(T.kc, tpath("empty.config")) == 0);
		REQUIRE(kconf_write_defconfig(T.kc, tpath("defconfig")) == 0);
		char *got = slurp_file(tpath("defconfig"));
		CHECK_STREQ(got, "");
		free(got);
	}
}

/* ------------------------------------------------------------------ */
/* auto.conf, autoconf.h, rustc_cfg                                     */

static void set_autoconf_env(void)
{
	env_set(&T.env, "KCONFIG_AUTOCONFIG", tpath("inc/config/auto.conf"));
	env_set(&T.env, "KCONFIG_AUTOHEADER", tpath("inc/generated/autoconf.h"));
	env_set(&T.env, "KCONFIG_RUSTCCFG", tpath("inc/generated/rustc_cfg"));
}

TEST(write_autoconf_files)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		set_autoconf_env();
		mkdir(tpath("inc"), 0755);
		REQUIRE(kconf_write_autoconf(T.kc, true) == 0);
		char *ac = slurp_file(tpath("inc/config/auto.conf"));
		char *ah = slurp_file(tpath("inc/generated/autoconf.h"));
		char *rc = slurp_file(tpath("inc/generated/rustc_cfg"));
		CHECK_STREQ(ac, minor == 1 ? expected_auto_conf_61 : expected_auto_conf_612);
		CHECK_STREQ(ah, minor == 1 ? expected_autoconf_h_61 : expected_autoconf_h_612);
		CHECK_STREQ(rc, minor == 1 ? expected_rustc_cfg_61 : expected_rustc_cfg_612);
		/* the essentials, whatever the order */
		CHECK_CONTAINS(ac, "\nCONFIG_TM=m\n");
		CHECK_CONTAINS(ac, "\nCONFIG_S=a \"q\" \\ b\n");
		CHECK_CONTAINS(ac, "\nCONFIG_HNOPFX=1f\n");
		CHECK_NOT_CONTAINS(ac, "BN");
		CHECK_CONTAINS(ah, "\n#define CONFIG_TM_MODULE 1\n");
		CHECK_CONTAINS(ah, "\n#define CONFIG_HNOPFX 0x1f\n");
		CHECK_CONTAINS(ah, "\n#define CONFIG_S \"a \\\"q\\\" \\\\ b\"\n");
		CHECK_CONTAINS(rc, "--cfg=CONFIG_TM\n--cfg=CONFIG_TM=\"m\"\n");
		CHECK_CONTAINS(rc, "--cfg=CONFIG_HNOPFX=\"0x1f\"\n");
		free(ac);
		free(ah);
		free(rc);
		/* the dependency tree for kbuild: one file per enabled symbol */
		CHECK(access(tpath("inc/config/TM"), F_OK) == 0);
		CHECK(access(tpath("inc/config/INNER2"), F_OK) == 0);
		CHECK(access(tpath("inc/config/BN"), F_OK) != 0);
		CHECK(access(tpath("inc/config/HIDDEN_N"), F_OK) != 0);
		CHECK(access(tpath("inc/config/auto.conf.cmd"), F_OK) == 0);
		/* no temporary files left */
		CHECK(access(tpath("inc/config/auto.conf.tmp"), F_OK) != 0);
		CHECK(access(tpath("inc/generated/autoconf.h.tmp"), F_OK) != 0);
	}
}

TEST(write_autoconf_without_overwrite_keeps_existing)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		REQUIRE(load_io(minor, false) == 0);
		set_autoconf_env();
		put_file("inc/x", "");
		mkdir(tpath("inc/config"), 0755);
		put_file("inc/config/auto.conf", "# old\n");
		REQUIRE(kconf_write_autoconf(T.kc, false) == 0);
		char *ac = slurp_file(tpath("inc/config/auto.conf"));
		CHECK_STREQ(ac, "# old\n");
		free(ac);
		CHECK(access(tpath("inc/generated/autoconf.h"), F_OK) != 0);
	}
}

TEST(config_prefix_from_environment)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		env_set(&T.env, "CONFIG_", "KF_");
		kconf_set_getenv(T.kc, fake_getenv, &T.env);	/* re-reads CONFIG_ */
		put_file("in.config", "KF_BY=y\nCONFIG_TM=m\n# KF_BN is not set\n");
		REQUIRE(load_text("Kconfig", io_kconfig) == 0);
		REQUIRE(kconf_read_config(T.kc, tpath("in.config")) == 0);
		CHECK_STREQ(val("BY"), "y");
		CHECK_STREQ(val("BN"), "n");
		CHECK_STREQ(val("TM"), "n");	/* wrong prefix: ignored */
		char want[600];
		snprintf(want, sizeof(want), "%s:2:warning: unexpected data: CONFIG_TM=m\n",
			 tpath("in.config"));
		CHECK_STREQ(err_text(), want);
		REQUIRE(kconf_write_config(T.kc, tpath(".config")) == 0);
		char *got = slurp_file(tpath(".config"));
		CHECK_CONTAINS(got, "\nKF_BY=y\n# KF_BN is not set\n# KF_TM is not set\n");
		CHECK_NOT_CONTAINS(got, "CONFIG_");
		free(got);
	}
}

TEST(header_without_mainmenu)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", "config A\n\tbool\n\tdefault y\n") == 0);
		put_file("empty.config", "");
		REQUIRE(kconf_read_config(T.kc, tpath("empty.config")) == 0);
		REQUIRE(kconf_write_config(T.kc, tpath(".config")) == 0);
		char *got = slurp_file(tpath(".config"));
		CHECK_STREQ(got,
			    "#\n"
			    "# Automatically generated file; DO NOT EDIT.\n"
			    "# Main menu\n"
			    "#\n"
			    "CONFIG_A=y\n");
		free(got);
	}
}
