/* SPDX-License-Identifier: MIT */
/*
 * Choices: defaults, user selection, the 6.12 priority rules, 6.1 tristate
 * and optional choices, invisible members.  Every expected value was
 * checked against the kernel's scripts/kconfig/conf (6.1 and 6.12).
 */
#include "fixture.h"

static const int versions[] = { 1, 12 };
#define FOR_EACH_VERSION(minor) \
	for (size_t vi_ = 0; vi_ < 2 && ((minor) = versions[vi_], 1); vi_++)

/* Load a Kconfig and read a .config text, as the front ends do. */
static int load_with_config(const char *kconfig, const char *config)
{
	put_file("in.config", config ? config : "");
	if (load_text("Kconfig", kconfig))
		return -1;
	return kconf_read_config(T.kc, tpath("in.config"));
}

/* "C1 C2 C3" -> the member that is y, or "none"; also checks the rest are n */
static const char *chosen(const char *names)
{
	static char res[64];
	char buf[128], *tok, *save;
	int ny = 0;

	snprintf(buf, sizeof(buf), "%s", names);
	strcpy(res, "none");
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		const char *v = val(tok);
		if (strcmp(v, "y") == 0) {
			snprintf(res, sizeof(res), "%s", tok);
			ny++;
		} else if (strcmp(v, "n") != 0) {
			snprintf(res, sizeof(res), "%s=%s", tok, v);
			return res;
		}
	}
	if (ny > 1)
		strcpy(res, "several");
	return res;
}

static const char choice_kconfig[] =
	"config COND_N\n"
	"\tbool\n"
	"choice\n"
	"\tprompt \"pick\"\n"
	"\tdefault C2\n"
	"config C1\n"
	"\tbool \"c1\"\n"
	"config C2\n"
	"\tbool \"c2\"\n"
	"config C3\n"
	"\tbool \"c3\"\n"
	"endchoice\n"
	"choice\n"
	"\tprompt \"hidden default\"\n"
	"\tdefault D1\n"
	"config D1\n"
	"\tbool \"d1\"\n"
	"\tdepends on COND_N\n"
	"config D2\n"
	"\tbool \"d2\"\n"
	"config D3\n"
	"\tbool \"d3\"\n"
	"endchoice\n"
	"choice\n"
	"\tprompt \"no default\"\n"
	"config E1\n"
	"\tbool \"e1\"\n"
	"\tdepends on COND_N\n"
	"config E2\n"
	"\tbool \"e2\"\n"
	"endchoice\n";

TEST(choice_default_and_invisible_members)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(choice_kconfig, NULL) == 0);
		CHECK_STREQ(err_text(), "");
		CHECK_STREQ(chosen("C1 C2 C3"), "C2");
		/* the default member is invisible: the first visible one */
		CHECK_STREQ(chosen("D1 D2 D3"), "D2");
		CHECK_EQ(sym("D1")->visible, no);
		/* no default: the first visible member */
		CHECK_STREQ(chosen("E1 E2"), "E2");
		struct menu *cm = sym_get_choice_menu(T.kc, sym("C3"));
		REQUIRE(cm);
		CHECK(cm->sym && sym_is_choice(cm->sym));
		CHECK(sym_choice_default(T.kc, cm) == sym("C2"));
		CHECK(sym_get_choice_menu(T.kc, sym("D2")) != cm);
		CHECK(sym_get_choice_menu(T.kc, sym("COND_N")) == NULL);
	}
}

TEST(choice_user_value_from_config)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(choice_kconfig, "CONFIG_C1=y\nCONFIG_D3=y\n") == 0);
		CHECK_STREQ(chosen("C1 C2 C3"), "C1");
		CHECK_STREQ(chosen("D1 D2 D3"), "D3");
		CHECK_STREQ(err_text(), "");

		/* a user y for an invisible member does not count */
		ctx_new(minor);
		REQUIRE(load_with_config(choice_kconfig, "CONFIG_D1=y\n") == 0);
		CHECK_STREQ(chosen("D1 D2 D3"), "D2");
	}
}

TEST(choice_selection_through_api)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(choice_kconfig, NULL) == 0);
		CHECK(kconf_sym_set(T.kc, sym("C3"), "y"));
		CHECK_STREQ(chosen("C1 C2 C3"), "C3");
		/* the other choices are not touched */
		CHECK_STREQ(chosen("D1 D2 D3"), "D2");
		/* an invisible member cannot be chosen */
		CHECK(!kconf_sym_set(T.kc, sym("D1"), "y"));
		CHECK_STREQ(chosen("D1 D2 D3"), "D2");
		/* choice members are bool: no m */
		CHECK(!kconf_sym_set(T.kc, sym("C1"), "m"));
	}
}

TEST(choice_last_y_in_config_wins)
{
	int minor;

	/* both versions pick the member set to y last; 6.1 warns */
	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(choice_kconfig, "CONFIG_C1=y\nCONFIG_C3=y\n") == 0);
		CHECK_STREQ(chosen("C1 C2 C3"), "C3");
		if (minor == 1)
			CHECK_STREQ(err_text(), tpath("in.config:2:warning: override: C3 changes choice state\n"));
		else
			CHECK_STREQ(err_text(), "");

		ctx_new(minor);
		REQUIRE(load_with_config(choice_kconfig, "CONFIG_C3=y\nCONFIG_C1=y\n") == 0);
		CHECK_STREQ(chosen("C1 C2 C3"), "C1");
	}
}

TEST(choice_6_12_user_n_members_are_skipped)
{
	/* the default member set to n: the first member without a user value */
	ctx_new(12);
	REQUIRE(load_with_config(choice_kconfig, "# CONFIG_C2 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C1");

	ctx_new(12);
	REQUIRE(load_with_config(choice_kconfig,
				 "# CONFIG_C1 is not set\n# CONFIG_C2 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C3");

	/* all n: the n read first has the lowest priority and is taken */
	ctx_new(12);
	REQUIRE(load_with_config(choice_kconfig,
				 "# CONFIG_C1 is not set\n# CONFIG_C2 is not set\n"
				 "# CONFIG_C3 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C1");
	ctx_new(12);
	REQUIRE(load_with_config(choice_kconfig,
				 "# CONFIG_C3 is not set\n# CONFIG_C1 is not set\n"
				 "# CONFIG_C2 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C3");

	/* y then n for the same member: n is the user value */
	ctx_new(12);
	REQUIRE(load_with_config(choice_kconfig, "CONFIG_C1=y\n# CONFIG_C1 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C2");
	CHECK_STREQ(err_text(), tpath("in.config:2:warning: override: reassigning to symbol C1\n"));
}

TEST(choice_6_1_user_n_members_are_ignored)
{
	/* 6.1 only remembers which member was y: n lines change nothing */
	ctx_new(1);
	REQUIRE(load_with_config(choice_kconfig, "# CONFIG_C2 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C2");

	ctx_new(1);
	REQUIRE(load_with_config(choice_kconfig,
				 "# CONFIG_C3 is not set\n# CONFIG_C1 is not set\n"
				 "# CONFIG_C2 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C2");

	ctx_new(1);
	REQUIRE(load_with_config(choice_kconfig, "CONFIG_C1=y\n# CONFIG_C1 is not set\n") == 0);
	CHECK_STREQ(chosen("C1 C2 C3"), "C1");
	CHECK_STREQ(err_text(), tpath("in.config:2:warning: override: reassigning to symbol C1\n"));
}

TEST(choice_6_12_choice_set_value_gives_priority)
{
	ctx_new(12);
	REQUIRE(load_with_config(choice_kconfig, "CONFIG_C1=y\n") == 0);
	struct menu *cm = sym_get_choice_menu(T.kc, sym("C1"));
	REQUIRE(cm);
	CHECK(cm->choice_members == sym("C1"));	/* read from .config: first */
	choice_set_value(T.kc, cm, sym("C3"));
	CHECK_STREQ(chosen("C1 C2 C3"), "C3");
	CHECK(cm->choice_members == sym("C3"));
	CHECK_EQ(sym("C1")->def[S_DEF_USER].tri, no);
	CHECK_EQ(sym("C3")->def[S_DEF_USER].tri, yes);
	CHECK(sym_has_value(sym("C2")));
}

/* ------------------------------------------------------------------ */
/* 6.1 only: tristate and optional choices                              */

static const char tristate_choice_kconfig[] =
	"config MODULES\n"
	"\tbool \"modules\"\n"
	"\tdefault y\n"
	"\tmodules\n"
	"choice\n"
	"\ttristate \"tristate choice\"\n"
	"\tdefault T2\n"
	"config T1\n"
	"\ttristate \"t1\"\n"
	"config T2\n"
	"\ttristate \"t2\"\n"
	"endchoice\n"
	"choice\n"
	"\tprompt \"optional choice\"\n"
	"\toptional\n"
	"config O1\n"
	"\tbool \"o1\"\n"
	"config O2\n"
	"\tbool \"o2\"\n"
	"endchoice\n";

static const char *tc_vals(void)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "T1=%s T2=%s O1=%s O2=%s",
		 val("T1"), val("T2"), val("O1"), val("O2"));
	return buf;
}

TEST(choice_6_1_tristate_and_optional)
{
	/* no user input: the tristate choice is m with nothing selected */
	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig, NULL) == 0);
	CHECK_STREQ(tc_vals(), "T1=n T2=n O1=n O2=n");
	CHECK(sym_is_optional(sym_get_choice_menu(T.kc, sym("O1"))->sym));

	/* several members may be m */
	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig, "CONFIG_T1=m\nCONFIG_T2=m\n") == 0);
	CHECK_STREQ(tc_vals(), "T1=m T2=m O1=n O2=n");

	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig, "CONFIG_T1=m\n") == 0);
	CHECK_STREQ(tc_vals(), "T1=m T2=n O1=n O2=n");

	/* y makes it a normal choice; the optional choice takes a selection */
	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig, "CONFIG_T1=y\nCONFIG_O2=y\n") == 0);
	CHECK_STREQ(tc_vals(), "T1=y T2=n O1=n O2=y");

	/* m then y: y wins, with a warning */
	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig, "CONFIG_T1=m\nCONFIG_T2=y\n") == 0);
	CHECK_STREQ(tc_vals(), "T1=n T2=y O1=n O2=n");
	CHECK_STREQ(err_text(), tpath("in.config:2:warning: override: T2 changes choice state\n"));

	/* without modules m is not possible: the default member is y */
	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig,
				 "# CONFIG_MODULES is not set\nCONFIG_T1=m\n") == 0);
	CHECK_STREQ(tc_vals(), "T1=n T2=y O1=n O2=n");
}

TEST(choice_6_1_tristate_choice_set_through_api)
{
	ctx_new(1);
	REQUIRE(load_with_config(tristate_choice_kconfig, "CONFIG_T1=m\nCONFIG_T2=m\n") == 0);
	CHECK(kconf_sym_set(T.kc, sym("T2"), "n"));
	CHECK_STREQ(tc_vals(), "T1=m T2=n O1=n O2=n");
	/* members of an optional choice that is n are not visible ... */
	struct symbol *ocs = sym_get_choice_menu(T.kc, sym("O1"))->sym;
	CHECK_STREQ(val("O1"), "n");
	CHECK_EQ(sym("O1")->visible, no);
	CHECK(!kconf_sym_set(T.kc, sym("O1"), "y"));
	/* ... until the choice itself is set to y: then the first member */
	CHECK(sym_set_tristate_value(T.kc, ocs, yes));
	CHECK_STREQ(tc_vals(), "T1=m T2=n O1=y O2=n");
	CHECK(kconf_sym_set(T.kc, sym("O2"), "y"));
	CHECK_STREQ(tc_vals(), "T1=m T2=n O1=n O2=y");
	/* the tristate choice set to y: one member only */
	struct symbol *tcs = sym_get_choice_menu(T.kc, sym("T1"))->sym;
	CHECK(sym_set_tristate_value(T.kc, tcs, yes));
	CHECK_STREQ(tc_vals(), "T1=n T2=y O1=n O2=y");
}

TEST(choice_6_12_rejects_tristate_and_optional)
{
	ctx_new(12);
	CHECK_EQ(load_text("Kconfig", tristate_choice_kconfig), -1);
	CHECK_CONTAINS(err_text(), "Kconfig:8: error: choice member must be bool\n");
}
