/* SPDX-License-Identifier: MIT */
/*
 * Symbol values: defaults, dependencies, select/imply, modules, ranges,
 * visibility and setting values.  Every expected value was checked against
 * the kernel's scripts/kconfig/conf (6.1 and 6.12).
 */
#include "fixture.h"

static const int versions[] = { 1, 12 };
#define FOR_EACH_VERSION(minor) \
	for (size_t vi_ = 0; vi_ < 2 && ((minor) = versions[vi_], 1); vi_++)

/* Count occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/*
 * Load a Kconfig and read a .config (empty when NULL), as every front end
 * does before looking at values: reading computes MODULES first, which
 * decides whether tristates may be m.
 */
static int load_with_config(const char *kconfig, const char *config)
{
	put_file("in.config", config ? config : "");
	if (load_text("Kconfig", kconfig))
		return -1;
	return kconf_read_config(T.kc, tpath("in.config"));
}

/* ------------------------------------------------------------------ */
/* defaults                                                             */

static const char defaults_kconfig[] =
	"config MODULES\n"
	"\tbool \"modules\"\n"
	"\tdefault y\n"
	"\tmodules\n"
	"config COND_Y\n"
	"\tdef_bool y\n"
	"config COND_N\n"
	"\tdef_bool n\n"
	"config TRI_M\n"
	"\ttristate\n"
	"\tdefault m\n"
	"config B1\n"
	"\tbool \"b1\"\n"
	"\tdefault n if COND_N\n"
	"\tdefault y if COND_Y\n"
	"\tdefault n\n"
	"config B2\n"
	"\tbool\n"
	"\tdefault COND_N || COND_Y\n"
	"config B3\n"
	"\tbool \"b3\"\n"
	"\tdefault y if COND_N\n"
	"config T1\n"
	"\ttristate \"t1\"\n"
	"\tdefault m if COND_Y\n"
	"\tdefault y\n"
	"config I1\n"
	"\tint \"i1\"\n"
	"\tdefault 3 if COND_N\n"
	"\tdefault 7\n"
	"config H1\n"
	"\thex \"h1\"\n"
	"\tdefault 0x10 if COND_Y\n"
	"\tdefault 0x20\n"
	"config S1\n"
	"\tstring \"s1\"\n"
	"\tdefault \"first\" if COND_Y\n"
	"\tdefault \"second\"\n"
	"config S2\n"
	"\tstring \"s2\"\n"
	"\tdefault S1\n"
	"config S_NONE\n"
	"\tstring \"s none\"\n"
	"config I_NONE\n"
	"\tint \"i none\"\n"
	"config H_NONE\n"
	"\thex \"h none\"\n"
	"config DEP_T\n"
	"\ttristate \"dep t\"\n"
	"\tdefault y\n"
	"\tdepends on TRI_M\n"
	"config DEP_B\n"
	"\tbool \"dep b\"\n"
	"\tdefault y\n"
	"\tdepends on TRI_M\n"
	"config DEP_N\n"
	"\tbool \"dep n\"\n"
	"\tdefault y\n"
	"\tdepends on COND_N\n"
	"config DEP_S\n"
	"\tstring \"dep s\"\n"
	"\tdefault \"x\"\n"
	"\tdepends on COND_N\n"
	"config R1\n"
	"\tint \"r1\"\n"
	"\trange 10 20\n"
	"\tdefault 5\n"
	"config R2\n"
	"\tint \"r2\"\n"
	"\trange 10 20\n"
	"\tdefault 25\n"
	"config R3\n"
	"\tint \"r3\"\n"
	"\trange 1 3 if COND_N\n"
	"\trange 100 200\n"
	"\tdefault 50\n"
	"config R4\n"
	"\tint \"r4\"\n"
	"\trange 10 20\n"
	"\tdefault 15\n"
	"config RH1\n"
	"\thex \"rh1\"\n"
	"\trange 0x10 0x20\n"
	"\tdefault 0x40\n"
	"config RH2\n"
	"\thex \"rh2\"\n"
	"\trange 10 20\n"
	"\tdefault 5\n"
	"config RH3\n"
	"\thex \"rh3\"\n"
	"\trange 0x10 0x20\n"
	"\tdefault 0x18\n";

TEST(defaults_first_active_wins)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(defaults_kconfig, NULL) == 0);
		CHECK_STREQ(err_text(), "");
		CHECK_STREQ(val("B1"), "y");
		CHECK_STREQ(val("B2"), "y");
		CHECK_STREQ(val("B3"), "n");	/* only default inactive */
		CHECK_STREQ(val("T1"), "m");
		CHECK_STREQ(val("TRI_M"), "m");
		CHECK_STREQ(val("I1"), "7");
		CHECK_STREQ(val("H1"), "0x10");
		CHECK_STREQ(val("S1"), "first");
		CHECK_STREQ(val("S2"), "first");	/* default from another symbol */
		CHECK_STREQ(val("S_NONE"), "");
		CHECK_STREQ(val("COND_N"), "n");
	}
}

TEST(int_hex_without_default_differ_between_versions)
{
	ctx_new(1);
	REQUIRE(load_with_config(defaults_kconfig, NULL) == 0);
	CHECK_STREQ(val("I_NONE"), "");
	CHECK_STREQ(val("H_NONE"), "");

	ctx_new(12);
	REQUIRE(load_with_config(defaults_kconfig, NULL) == 0);
	CHECK_STREQ(val("I_NONE"), "0");
	CHECK_STREQ(val("H_NONE"), "0x0");
}

TEST(depends_on_limits_values)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(defaults_kconfig, NULL) == 0);
		/* tristate limited to m by a dependency on an m symbol */
		CHECK_STREQ(val("DEP_T"), "m");
		/* a bool depending on m may be y */
		CHECK_STREQ(val("DEP_B"), "y");
		/* an unmet dependency gives n / no value */
		CHECK_STREQ(val("DEP_N"), "n");
		CHECK_EQ(sym("DEP_N")->visible, no);
		CHECK_EQ(sym("DEP_T")->visible, mod);
		CHECK_STREQ(val("DEP_S"), "");
		CHECK(!(sym("DEP_S")->flags & SYMBOL_WRITE));
		CHECK_STREQ(val("S1"), "first");
		CHECK(sym("S1")->flags & SYMBOL_WRITE);
		/* a user value cannot go beyond the dependency */
		CHECK(!kconf_sym_set(T.kc, sym("DEP_T"), "y"));
		CHECK(kconf_sym_set(T.kc, sym("DEP_T"), "n"));
		CHECK_STREQ(val("DEP_T"), "n");
		CHECK(!kconf_sym_set(T.kc, sym("DEP_N"), "y"));
		CHECK_STREQ(val("DEP_N"), "n");
	}
}

TEST(ranges_clamp_defaults)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(defaults_kconfig, NULL) == 0);
		CHECK_STREQ(val("R1"), "10");
		CHECK_STREQ(val("R2"), "20");
		CHECK_STREQ(val("R3"), "100");	/* the first active range */
		CHECK_STREQ(val("R4"), "15");
		CHECK_STREQ(val("RH1"), "0x20");
		/* the clamped value is the range bound's text, as written */
		CHECK_STREQ(val("RH2"), "10");
		CHECK_STREQ(val("RH3"), "0x18");
	}
}

/* ------------------------------------------------------------------ */
/* setting values                                                       */

TEST(set_string_value_validates)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(defaults_kconfig, NULL) == 0);
		struct symbol *i1 = sym("I1"), *r1 = sym("R1"), *h1 = sym("H1"),
			      *rh1 = sym("RH1"), *s1 = sym("S1"), *b1 = sym("B1");

		/* int syntax */
		CHECK(!kconf_sym_set(T.kc, i1, "abc"));
		CHECK(!kconf_sym_set(T.kc, i1, ""));
		CHECK(!kconf_sym_set(T.kc, i1, "12a"));
		CHECK(!kconf_sym_set(T.kc, i1, "012"));	/* no leading zero */
		CHECK(!kconf_sym_set(T.kc, i1, "0x10"));
		CHECK(!kconf_sym_set(T.kc, i1, "-"));
		CHECK_STREQ(val("I1"), "7");
		CHECK(kconf_sym_set(T.kc, i1, "-42"));
		CHECK_STREQ(val("I1"), "-42");
		CHECK(kconf_sym_set(T.kc, i1, "0"));
		CHECK_STREQ(val("I1"), "0");

		/* ranges */
		CHECK(!kconf_sym_set(T.kc, r1, "9"));
		CHECK(!kconf_sym_set(T.kc, r1, "21"));
		CHECK_STREQ(val("R1"), "10");
		CHECK(kconf_sym_set(T.kc, r1, "20"));
		CHECK_STREQ(val("R1"), "20");

		/* hex: 0x is added when missing, case of X kept */
		CHECK(kconf_sym_set(T.kc, h1, "1f"));
		CHECK_STREQ(val("H1"), "0x1f");
		CHECK_STREQ(h1->def[S_DEF_USER].val, "0x1f");
		CHECK(kconf_sym_set(T.kc, h1, "0XAb"));
		CHECK_STREQ(val("H1"), "0XAb");
		CHECK(!kconf_sym_set(T.kc, h1, "0x"));
		CHECK(!kconf_sym_set(T.kc, h1, "xyz"));
		CHECK(!kconf_sym_set(T.kc, h1, ""));
		CHECK(!kconf_sym_set(T.kc, rh1, "0x21"));
		CHECK(!kconf_sym_set(T.kc, rh1, "f"));
		CHECK(kconf_sym_set(T.kc, rh1, "11"));
		CHECK_STREQ(val("RH1"), "0x11");

		/* strings take anything */
		CHECK(kconf_sym_set(T.kc, s1, "with \"quotes\" and \\"));
		CHECK_STREQ(val("S1"), "with \"quotes\" and \\");
		/* 'default S1' follows S1's current value */
		CHECK_STREQ(val("S2"), "with \"quotes\" and \\");

		/* bool: first letter, either case */
		CHECK(kconf_sym_set(T.kc, b1, "N"));
		CHECK_STREQ(val("B1"), "n");
		CHECK(kconf_sym_set(T.kc, b1, "yes"));
		CHECK_STREQ(val("B1"), "y");
		CHECK(!kconf_sym_set(T.kc, b1, "maybe"));	/* m on a bool */
		CHECK(!kconf_sym_set(T.kc, b1, "x"));
		CHECK(!kconf_sym_set(T.kc, b1, ""));
		CHECK_STREQ(val("B1"), "y");
	}
}

/* ------------------------------------------------------------------ */
/* select, imply, modules                                               */

static const char select_kconfig[] =
	"config MODULES\n"
	"\tbool \"modules\"\n"
	"\tmodules\n"
	"config DEPN\n"
	"\tbool \"depn\"\n"
	"config SEL\n"
	"\tbool \"sel\"\n"
	"\tdefault y\n"
	"\tselect TARGET\n"
	"\tselect TTARGET\n"
	"config TARGET\n"
	"\tbool \"target\"\n"
	"\tdepends on DEPN\n"
	"config TTARGET\n"
	"\ttristate \"ttarget\"\n"
	"config IMPLIER\n"
	"\tbool \"implier\"\n"
	"\tdefault y\n"
	"\timply IMPL\n"
	"\timply IMPL_DEP\n"
	"\timply IMPL_USER\n"
	"config IMPL\n"
	"\ttristate \"impl\"\n"
	"config IMPL_DEP\n"
	"\ttristate \"impl dep\"\n"
	"\tdepends on DEPN\n"
	"config IMPL_USER\n"
	"\ttristate \"impl user\"\n"
	"config TDEFM\n"
	"\ttristate \"tdefm\"\n"
	"\tdefault m\n"
	"config TUSERM\n"
	"\ttristate \"tuserm\"\n";

TEST(select_forces_value_and_warns)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(select_kconfig, NULL) == 0);
		CHECK_STREQ(val("TARGET"), "y");
		CHECK_STREQ(val("TTARGET"), "y");
		CHECK_STREQ(val("TARGET"), "y");
		CHECK_STREQ(err_text(),
			    "\n"
			    "WARNING: unmet direct dependencies detected for TARGET\n"
			    "  Depends on [n]: DEPN [=n]\n"
			    "  Selected by [y]:\n"
			    "  - SEL [=y]\n");
		/* a selected symbol cannot be lowered below the selector */
		CHECK(!kconf_sym_set(T.kc, sym("TTARGET"), "n"));
		CHECK_STREQ(val("TTARGET"), "y");
		/* unselect: the target drops back */
		CHECK(kconf_sym_set(T.kc, sym("SEL"), "n"));
		CHECK_STREQ(val("TTARGET"), "n");
		CHECK_STREQ(val("TARGET"), "n");
		CHECK_EQ(count_of(err_text(), "WARNING"), 1);
	}
}

TEST(imply_is_a_weak_default)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(select_kconfig, "CONFIG_IMPL_USER=n\n") == 0);
		CHECK_STREQ(val("IMPL"), "y");		/* default from imply */
		CHECK_STREQ(val("IMPL_USER"), "n");	/* a user value wins */
		CHECK_STREQ(val("IMPL_DEP"), "n");	/* no forcing past deps */
		/* unlike select, the user may lower an implied symbol */
		CHECK(kconf_sym_set(T.kc, sym("IMPL"), "n"));
		CHECK_STREQ(val("IMPL"), "n");
		CHECK(kconf_sym_set(T.kc, sym("IMPL"), "y"));
		CHECK(kconf_sym_set(T.kc, sym("IMPLIER"), "n"));
		CHECK_STREQ(val("IMPL"), "y");		/* user value stays */
		CHECK_NOT_CONTAINS(err_text(), "IMPL");
	}
}

TEST(without_modules_tristate_m_becomes_y)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(select_kconfig, "CONFIG_TUSERM=m\n") == 0);
		CHECK(T.kc->modules_sym == sym("MODULES"));
		CHECK_STREQ(val("MODULES"), "n");
		CHECK_STREQ(val("TDEFM"), "y");		/* default m */
		CHECK_STREQ(val("TUSERM"), "y");	/* user value m */
		CHECK_EQ(sym_get_type(T.kc, sym("TUSERM")), S_BOOLEAN);
		CHECK(!kconf_sym_set(T.kc, sym("TUSERM"), "m"));

		/* with modules the same symbols are m */
		CHECK(kconf_sym_set(T.kc, sym("MODULES"), "y"));
		CHECK_STREQ(val("TDEFM"), "m");
		CHECK_STREQ(val("TUSERM"), "m");
		CHECK_EQ(sym_get_type(T.kc, sym("TUSERM")), S_TRISTATE);
		CHECK(kconf_sym_set(T.kc, sym("IMPL"), "m"));
		CHECK_STREQ(val("IMPL"), "m");
	}
}

/* ------------------------------------------------------------------ */
/* visibility                                                           */

static const char visibility_kconfig[] =
	"config COND_Y\n"
	"\tdef_bool y\n"
	"config COND_N\n"
	"\tdef_bool n\n"
	"menu \"Hidden menu\"\n"
	"\tvisible if COND_N\n"
	"config IN_VIS\n"
	"\tbool \"in visible-if menu\"\n"
	"\tdefault y\n"
	"config IN_VIS_S\n"
	"\tstring \"in visible-if menu string\"\n"
	"\tdefault \"dflt\"\n"
	"endmenu\n"
	"menu \"Dep menu\"\n"
	"\tdepends on COND_N\n"
	"config IN_DEP\n"
	"\tbool \"in dep menu\"\n"
	"\tdefault y\n"
	"endmenu\n"
	"if COND_N\n"
	"config IN_IF\n"
	"\tbool \"in if\"\n"
	"\tdefault y\n"
	"endif\n"
	"if COND_Y\n"
	"config IN_IF_Y\n"
	"\tbool \"in if y\"\n"
	"\tdefault y\n"
	"endif\n"
	"config PROMPT_IF\n"
	"\tbool \"prompt if\" if COND_N\n"
	"\tdefault y\n";

static const char visibility_config[] =
	"# CONFIG_IN_VIS is not set\n"
	"CONFIG_IN_VIS_S=\"user\"\n"
	"CONFIG_IN_DEP=y\n"
	"CONFIG_IN_IF=y\n"
	"# CONFIG_IN_IF_Y is not set\n"
	"# CONFIG_PROMPT_IF is not set\n";

TEST(visibility_menu_if_visible_if)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_with_config(visibility_kconfig, visibility_config) == 0);
		/* 'visible if' hides prompts: defaults apply, user values do not */
		CHECK_STREQ(val("IN_VIS"), "y");
		CHECK_STREQ(val("IN_VIS_S"), "dflt");
		CHECK_EQ(sym("IN_VIS")->visible, no);
		CHECK(sym("IN_VIS")->flags & SYMBOL_WRITE);
		/* 'depends on' of a menu and 'if' blocks: n, not written */
		CHECK_STREQ(val("IN_DEP"), "n");
		CHECK(!(sym("IN_DEP")->flags & SYMBOL_WRITE));
		CHECK_STREQ(val("IN_IF"), "n");
		CHECK(!(sym("IN_IF")->flags & SYMBOL_WRITE));
		/* visible: the user's n wins over the default */
		CHECK_STREQ(val("IN_IF_Y"), "n");
		/* a prompt's own 'if' */
		CHECK_STREQ(val("PROMPT_IF"), "y");
		CHECK_EQ(sym("PROMPT_IF")->visible, no);
		CHECK(!kconf_sym_set(T.kc, sym("PROMPT_IF"), "n"));
		CHECK(!kconf_sym_set(T.kc, sym("IN_VIS"), "n"));
		CHECK(kconf_sym_set(T.kc, sym("IN_IF_Y"), "y"));
		CHECK_STREQ(val("IN_IF_Y"), "y");
		/* the menus themselves */
		struct menu *hidden = T.kc->rootmenu.list->next->next;
		REQUIRE(hidden && !hidden->sym);
		CHECK_STREQ(menu_get_prompt(hidden), "Hidden menu");
		CHECK(!menu_is_visible(T.kc, hidden));
		CHECK(!menu_is_visible(T.kc, hidden->next));
		CHECK_STREQ(menu_get_prompt(hidden->next), "Dep menu");
	}
}
