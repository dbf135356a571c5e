/* SPDX-License-Identifier: MIT */
/*
 * Lexer and macro language: tokens, help text, 'source' through $srctree,
 * variables (= := +=), user functions, the built-in functions and the
 * environment variables a tree references.  Every expected value was
 * checked against the kernel's scripts/kconfig/conf (6.1 and 6.12).
 */
#include "fixture.h"

static const int versions[] = { 1, 12 };
#define FOR_EACH_VERSION(minor) \
	for (size_t vi_ = 0; vi_ < 2 && ((minor) = versions[vi_], 1); vi_++)

static char *expr_str(const struct expr *e)
{
	static char buf[512];
	struct kstr ks;

	kstr_init(&ks);
	expr_print_kstr(T.kc, e, &ks);
	snprintf(buf, sizeof(buf), "%s", ks.s);
	kstr_free(&ks);
	return buf;
}

static struct property *first_prop(struct symbol *s, enum prop_type type)
{
	struct property *p;

	for (p = s ? s->prop : NULL; p; p = p->next)
		if (p->type == type)
			return p;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* tokens                                                               */

static const char tokens_kconfig[] =
	"config A\n"
	"\tbool \"a \\\"quoted\\\" \\\\ back 'single'\"\n"
	"\tdepends on (B || !C) && D = E && F >= 3 # a comment\n"
	"config B\n"
	"\tbool 'single \"dq\" q\\'s'\n"
	"\tdefault y if C && \\\n"
	"\t\tD = m\n"
	"config C\n"
	"\tbool\n"
	"config D\n"
	"\ttristate\n"
	"config E\n"
	"\ttristate\n"
	"config F\n"
	"\tint\n"
	"\tdefault 5\n";

TEST(tokens_strings_operators_and_continuation)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", tokens_kconfig) == 0);
		CHECK_STREQ(err_text(), "");
		struct symbol *a = sym("A"), *b = sym("B"), *f = sym("F");
		REQUIRE(a && b && f);
		CHECK_EQ(a->type, S_BOOLEAN);
		CHECK_EQ(sym("D")->type, S_TRISTATE);
		CHECK_EQ(f->type, S_INT);
		/* escapes inside "..." and '...': the backslash quotes one char */
		CHECK_STREQ(menu_get_prompt(a->menus), "a \"quoted\" \\ back 'single'");
		CHECK_STREQ(menu_get_prompt(b->menus), "single \"dq\" q's");
		/* operators, parentheses; the '#' comment ends the line */
		CHECK_STREQ(expr_str(a->dir_dep.expr), "(B || !C) && D=E && F>=3");
		/* backslash-newline continues the 'default ... if' line */
		struct property *d = first_prop(b, P_DEFAULT);
		REQUIRE(d);
		CHECK_STREQ(expr_str(d->expr), "y");
		CHECK_STREQ(expr_str(d->visible.expr), "C && D=m");
		CHECK_STREQ(a->menus->filename, "Kconfig");
		CHECK_EQ(a->menus->lineno, 1);
		CHECK_EQ(b->menus->lineno, 4);
		CHECK_EQ(f->menus->lineno, 14);
		CHECK_STREQ(val("F"), "5");
		CHECK_STREQ(val("A"), "n");	/* no user value, no default */
	}
}

/* ------------------------------------------------------------------ */
/* help text                                                            */

static const char help_kconfig[] =
	"config A\n"
	"\tbool \"a\"\n"
	"\thelp\n"
	"\t  First line.\n"
	"\t    indented by two more   \n"	/* trailing blanks dropped */
	"\n"
	"\t  after blank\n"
	"\t  \tspace tab\n"			/* 8+2, then the tab: 16 */
	"  \t   x\n"				/* 2, tab: 8, +3: 11 */
	"\t\tdeeper tab\n"			/* tab stop 16 - first 10 = 6 */
	"\n"
	"config B\n"
	"\tbool \"b\"\n"
	"\thelp\n"
	"\t  B text\n"
	"\tdefault y\n"			/* less indented: help ends */
	"\n"
	"config C\n"
	"\tbool \"c\"\n"
	"\thelp\n"
	"\t  no blank after\n"
	"config D\n"
	"\tbool \"d\"\n"
	"\thelp\n"
	"\t  at eof";			/* no final newline */

TEST(help_text_indentation_and_end)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", help_kconfig) == 0);
		REQUIRE(sym("A") && sym("B") && sym("C") && sym("D"));
		CHECK_STREQ(sym("A")->menus->help,
			    "First line.\n  indented by two more\n\nafter blank\n"
			    "      space tab\n x\n      deeper tab\n");
		CHECK_STREQ(sym("B")->menus->help, "B text\n");
		/* the option after the help still belongs to B */
		CHECK_STREQ(val("B"), "y");
		/* a non-blank line right after the text: no trailing newline */
		CHECK_STREQ(sym("C")->menus->help, "no blank after");
		CHECK_STREQ(sym("D")->menus->help, "at eof");
		CHECK_EQ(sym("D")->menus->lineno, 22);
	}
}

TEST(blank_help_text_warns)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", "config A\n\tbool \"a\"\n\thelp\n\nconfig B\n\tbool\n") == 0);
		CHECK_CONTAINS(err_text(), "warning: 'A' defined with blank help text");
	}
}

/* ------------------------------------------------------------------ */
/* source and $srctree                                                  */

TEST(source_is_relative_to_srctree)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		put_file("sub/Kconfig",
			 "config SUB\n"
			 "\tstring\n"
			 "\tdefault \"$(filename):$(lineno)\"\n");
		env_set(&T.env, "KFU_DIR", "sub");
		/* the top file is not in the cwd: only $srctree finds it */
		REQUIRE(load_text("Kconfig.kforge-unit",
				  "config TOP\n"
				  "\tbool\n"
				  "source \"$(KFU_DIR)/Kconfig\"\n"
				  "config AFTER\n"
				  "\tbool\n") == 0);
		CHECK_STREQ(err_text(), "");
		REQUIRE(sym("SUB") && sym("AFTER"));
		/* file names are the names as written, not the $srctree path */
		CHECK_STREQ(sym("SUB")->menus->filename, "sub/Kconfig");
		CHECK_EQ(sym("SUB")->menus->lineno, 1);
		CHECK_STREQ(val("SUB"), "sub/Kconfig:3");
		CHECK_STREQ(sym("AFTER")->menus->filename, "Kconfig.kforge-unit");
		CHECK_EQ(sym("AFTER")->menus->lineno, 4);
		/* the sourced entries come between TOP and AFTER in the tree */
		CHECK(sym("TOP")->menus->next == sym("SUB")->menus);
		CHECK(sym("SUB")->menus->next == sym("AFTER")->menus);
	}
}

TEST(without_srctree_a_relative_file_is_not_found)
{
	ctx_new(12);
	put_file("Kconfig.kforge-unit", "config A\n\tbool\n");
	env_set(&T.env, "srctree", NULL);
	CHECK_EQ(kconf_load(T.kc, "Kconfig.kforge-unit"), -1);
	CHECK(sym("A") == NULL);
}

TEST(source_of_missing_file_fails)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig", "source \"nonexist/Kconfig\"\n"), -1);
		CHECK_STREQ(err_text(), "Kconfig:1: can't open file \"nonexist/Kconfig\"\n");
	}
}

/* ------------------------------------------------------------------ */
/* variables and functions                                              */

static const char macro_kconfig[] =
	"SIMPLE := $(shell,echo hi)\n"
	"EARLY := $(SIMPLE)\n"
	"LAZY = $(SIMPLE)-lazy\n"
	"SIMPLE := changed\n"
	"APP = a\n"
	"APP += b\n"
	"APP += $(SIMPLE)\n"
	"IMM := x\n"
	"IMM += $(SIMPLE)\n"
	"SIMPLE := last\n"
	"NEW += fresh-$(SIMPLE)\n"
	"swap = $(2)-$(1)\n"
	"twice = $(1)$(1)\n"
	"config EARLY\n"
	"\tstring\n"
	"\tdefault \"$(EARLY)\"\n"
	"config LAZY\n"
	"\tstring\n"
	"\tdefault \"$(LAZY)\"\n"
	"config APP\n"
	"\tstring\n"
	"\tdefault \"$(APP)\"\n"
	"config IMM\n"
	"\tstring\n"
	"\tdefault \"$(IMM)\"\n"
	"config NEW\n"
	"\tstring\n"
	"\tdefault \"$(NEW)\"\n"
	"config FN\n"
	"\tstring\n"
	"\tdefault \"$(swap,x,y) $(twice,$(swap,1,2)) [$(swap,only)] [$(undefined)]\"\n"
	"config SH\n"
	"\tstring\n"
	"\tdefault \"$(shell,printf 'a\\nb\\n\\n\\n')\"\n"
	"config DOLLAR\n"
	"\tstring\n"
	"\tdefault \"cost $5 $\"\n"
	"config $(swap,NAME,MACRO)\n"
	"\tbool\n"
	"\tdefault y\n";

TEST(variables_simple_recursive_append)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", macro_kconfig) == 0);
		CHECK_STREQ(err_text(), "");
		/* := expands once, at the assignment */
		CHECK_STREQ(val("EARLY"), "hi");
		/* = expands at each use, with the latest values */
		CHECK_STREQ(val("LAZY"), "last-lazy");
		/* += on a recursive variable appends unexpanded text */
		CHECK_STREQ(val("APP"), "a b last");
		/* += on a simple variable expands immediately */
		CHECK_STREQ(val("IMM"), "x changed");
		/* += on an undefined variable makes it recursive */
		CHECK_STREQ(val("NEW"), "fresh-last");
	}
}

TEST(user_functions_and_arguments)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", macro_kconfig) == 0);
		/* $(2) with one argument and an undefined name are empty */
		CHECK_STREQ(val("FN"), "y-x 2-12-1 [-only] []");
		/* a macro may produce a symbol name */
		CHECK(sym("MACRO-NAME") != NULL);
		CHECK_STREQ(val("MACRO-NAME"), "y");
		/* '$' not followed by '(' is literal */
		CHECK_STREQ(val("DOLLAR"), "cost $5 $");
	}
}

TEST(shell_output_newlines)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig", macro_kconfig) == 0);
		/* trailing newlines dropped, inner ones become spaces */
		CHECK_STREQ(val("SH"), "a b");
	}
}

TEST(filename_and_lineno)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig",
				  "\n"
				  "config A\n"
				  "\tstring\n"
				  "\tdefault \"$(filename):$(lineno)\"\n"
				  "HERE := $(lineno)\n"
				  "config B\n"
				  "\tstring\n"
				  "\tdefault \"$(HERE)\"\n") == 0);
		CHECK_STREQ(val("A"), "Kconfig:4");
		/* an assignment's value is expanded after its newline was read */
		CHECK_STREQ(val("B"), "6");
	}
}

TEST(info_and_warning_if_messages)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		REQUIRE(load_text("Kconfig",
				  "mainmenu \"Test $(KFU_TITLE)\"\n"
				  "APP = a\n"
				  "APP += b\n"
				  "swap = $(2)-$(1)\n"
				  "$(info,info:$(swap,x,y))\n"
				  "$(warning-if,y,warned $(APP))\n"
				  "$(warning-if,n,not warned)\n"
				  "$(warning-if,yes,not y either)\n"
				  "config A\n"
				  "\tbool\n") == 0);
		/* info goes to the output stream, warning-if to the error stream */
		CHECK_STREQ(out_text(), "info:y-x\n");
		CHECK_STREQ(err_text(), "Kconfig:6: warned a b\n");
		/* an undefined environment variable expands to nothing */
		CHECK_STREQ(menu_get_prompt(&T.kc->rootmenu), "Test ");
	}
}

TEST(error_if_stops_loading)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig",
				   "config A\n"
				   "\tbool\n"
				   "$(error-if,y,stop here)\n"
				   "config B\n"
				   "\tbool\n"), -1);
		CHECK_STREQ(err_text(), "Kconfig:3: stop here\n");
		CHECK(sym("B") == NULL);
		/* error-if with n is silent */
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig", "$(error-if,n,quiet)\nconfig A\n\tbool\n"), 0);
		CHECK_STREQ(err_text(), "");
	}
}

TEST(builtin_argument_count_checked)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig", "config A\n\tstring\n\tdefault \"$(shell)\"\n"), -1);
		CHECK_STREQ(err_text(), "Kconfig:3: too few function arguments passed to 'shell'\n");
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig", "X := $(info,a,b)\n"), -1);
		/* (reported on the next line, like the kernel) */
		CHECK_STREQ(err_text(), "Kconfig:2: too many function arguments passed to 'info'\n");
	}
}

TEST(recursive_variable_is_an_error)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig",
				   "X = $(X)\n"
				   "config A\n"
				   "\tstring\n"
				   "\tdefault \"$(X)\"\n"), -1);
		CHECK_STREQ(err_text(), "Kconfig:4: Recursive variable 'X' references itself (eventually)\n");

		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig",
				   "Y = $(Z)\n"
				   "Z = $(Y)\n"
				   "config A\n"
				   "\tstring\n"
				   "\tdefault \"$(Y)\"\n"), -1);
		CHECK_STREQ(err_text(), "Kconfig:5: Recursive variable 'Y' references itself (eventually)\n");

		/* a function calling itself with arguments recurses until the limit */
		ctx_new(minor);
		CHECK_EQ(load_text("Kconfig",
				   "F = $(1)-$(F,x)\n"
				   "config A\n"
				   "\tstring\n"
				   "\tdefault \"$(F,a)\"\n"), -1);
		CHECK_STREQ(err_text(), "Kconfig:4: Too deep recursive expansion\n");
	}
}

/*
 * 'S := $(S) b' re-assigning a simple variable from its own value.  The
 * kernel frees the old value before expanding the new one, so the old
 * value reads as empty there: both 6.1 and 6.12 conf give " b".  Run in a
 * child process so that a crash is reported as a failure of this test only.
 */
TEST(simple_variable_reassigned_from_itself)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		put_file("Kconfig",
			 "S := a\n"
			 "S := $(S) b\n"
			 "config A\n"
			 "\tstring\n"
			 "\tdefault \"$(S)\"\n");
		fflush(NULL);
		pid_t pid = fork();
		REQUIRE(pid >= 0);
		if (pid == 0) {
			if (kconf_load(T.kc, "Kconfig") != 0)
				_exit(3);
			_exit(strcmp(val("A"), " b") == 0 ? 0 : 4);
		}
		int status = 0;
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status))
			TEST_FAIL_("6.%d: 'S := $(S) b' killed by signal %d", minor, WTERMSIG(status));
		else
			CHECK_EQ(WEXITSTATUS(status), 0);
	}
}

/* ------------------------------------------------------------------ */
/* environment variables                                                */

static const char env_kconfig[] =
	"config A\n"
	"\tstring\n"
	"\tdefault \"$(KFU_B)$(KFU_A)$(KFU_UNSET)$(KFU_B)\"\n";

TEST(environment_values_come_from_getenv_hook)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		env_set(&T.env, "KFU_A", "1");
		env_set(&T.env, "KFU_B", "2");
		REQUIRE(load_text("Kconfig", env_kconfig) == 0);
		CHECK_STREQ(val("A"), "212");
	}
}

TEST(environment_recorded_6_1)
{
	ctx_new(1);
	env_set(&T.env, "KFU_A", "1");
	env_set(&T.env, "KFU_B", "2");
	REQUIRE(load_text("Kconfig", env_kconfig) == 0);
	/* first-use order, each once, unset variables not recorded */
	struct env_entry *e = T.kc->env_head;
	REQUIRE(e);
	CHECK_STREQ(e->name, "KFU_B");
	CHECK_STREQ(e->value, "2");
	e = e->next;
	REQUIRE(e);
	CHECK_STREQ(e->name, "KFU_A");
	CHECK_STREQ(e->value, "1");
	CHECK(e->next == NULL);
	/* a value seen once is kept even if the environment changes later */
	env_set(&T.env, "KFU_A", "changed");
	ctx_free();
}

TEST(environment_in_auto_conf_cmd)
{
	int minor;

	FOR_EACH_VERSION(minor) {
		ctx_new(minor);
		env_set(&T.env, "KFU_A", "1");
		env_set(&T.env, "KFU_B", "2");
		env_set(&T.env, "KCONFIG_AUTOCONFIG", tpath("auto.conf"));
		env_set(&T.env, "KCONFIG_AUTOHEADER", tpath("autoconf.h"));
		env_set(&T.env, "KCONFIG_RUSTCCFG", tpath("rustc_cfg"));
		REQUIRE(load_text("Kconfig", env_kconfig) == 0);
		REQUIRE(kconf_write_autoconf(T.kc, true) == 0);
		char *cmd = slurp_file(tpath("auto.conf.cmd"));
		char want[2048];
		if (minor == 1)
			snprintf(want, sizeof(want),
				 "deps_config := \\\n"
				 "\tKconfig \\\n"
				 "\n"
				 "%s: $(deps_config)\n"
				 "\n"
				 "ifneq \"$(KFU_B)\" \"2\"\n"
				 "%s: FORCE\n"
				 "endif\n"
				 "ifneq \"$(KFU_A)\" \"1\"\n"
				 "%s: FORCE\n"
				 "endif\n"
				 "\n"
				 "$(deps_config): ;\n",
				 tpath("auto.conf"), tpath("auto.conf"), tpath("auto.conf"));
		else
			snprintf(want, sizeof(want),
				 "autoconfig := %s\n"
				 "\n"
				 "deps_config := \\\n"
				 "\tKconfig \\\n"
				 "\n"
				 "$(autoconfig): $(deps_config)\n"
				 "$(deps_config): ;\n"
				 "\n"
				 "ifneq \"$(KFU_B)\" \"2\"\n"
				 "$(autoconfig): FORCE\n"
				 "endif\n"
				 "\n"
				 "ifneq \"$(KFU_A)\" \"1\"\n"
				 "$(autoconfig): FORCE\n"
				 "endif\n",
				 tpath("auto.conf"));
		CHECK_STREQ(cmd, want);
		free(cmd);
	}
}
