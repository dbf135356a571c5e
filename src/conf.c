/* SPDX-License-Identifier: MIT */
/*
 * kforge conf: the line-oriented front end, a drop-in replacement for the
 * kernel's scripts/kconfig/conf (Linux 6.1 and 6.12 behaviour).
 *
 * Command line, prompts, messages and exit codes follow the kernel's conf
 * byte for byte.  One deliberate difference: when stdin is exhausted and a
 * new int/hex symbol has no valid value, the 6.1 conf would re-ask forever;
 * kforge stops with an error (as 6.12.y does) and exit status 1.
 *
 * All state lives in struct conf_ctx, passed around explicitly.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "internal.h"
#include "kforge.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

enum input_mode {
	IM_OLDASKCONFIG,
	IM_SYNCCONFIG,
	IM_OLDCONFIG,
	IM_ALLNOCONFIG,
	IM_ALLYESCONFIG,
	IM_ALLMODCONFIG,
	IM_ALLDEFCONFIG,
	IM_RANDCONFIG,
	IM_DEFCONFIG,
	IM_SAVEDEFCONFIG,
	IM_LISTNEWCONFIG,
	IM_HELPNEWCONFIG,
	IM_OLDDEFCONFIG,
	IM_YES2MODCONFIG,
	IM_MOD2YESCONFIG,
	IM_MOD2NOCONFIG,
};

enum def_mode {
	DEF_DEFAULT,
	DEF_YES,
	DEF_MOD,
	DEF_NO,
	DEF_RANDOM,
};

/* getopt_long values for the mode options (above any short option char). */
#define OPT_MODE_BASE 0x100

struct conf_ctx {
	struct kconf *kc;
	enum input_mode input_mode;
	int indent;
	bool tty_stdio;
	bool sync_kconfig;
	int conf_cnt;
	struct menu *root_entry;
	jmp_buf bail;		/* fatal errors (library or ours): exit status 1 */
	char line[PATH_MAX];
};

static void conf(struct conf_ctx *c, struct menu *menu);
static void check_conf(struct conf_ctx *c, struct menu *menu);

static bool is_v61(const struct conf_ctx *c)
{
	return !KC_NEW_CHOICES(c->kc);
}

/* Leave conf_main() with exit status 1 (the kernel's exit(1)). */
static KC_NORETURN void bail_out(struct conf_ctx *c)
{
	longjmp(c->bail, 1);
}

static const char *env(struct conf_ctx *c, const char *name)
{
	return kc_getenv(c->kc, name);
}

/* ------------------------------------------------------------------ */
/* kernel version selection                                            */

static bool parse_major_minor(const char *s, int *major, int *minor)
{
	char *end;
	long ma, mi;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	ma = strtol(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return false;
	mi = strtol(end + 1, &end, 10);
	if (ma <= 0 || ma > 1000 || mi < 0 || mi > 1000)
		return false;
	*major = (int)ma;
	*minor = (int)mi;
	return true;
}

/* "VERSION = 6" / "PATCHLEVEL = 12" from a kernel Makefile. */
static bool version_from_makefile(const char *path, int *major, int *minor)
{
	FILE *fp = fopen(path, "r");
	char buf[256];
	int ma = -1, mi = -1, lines = 0;

	if (!fp)
		return false;
	while (fgets(buf, sizeof(buf), fp) && lines++ < 50) {
		const char *p;
		int *dst = NULL;

		if (!strncmp(buf, "VERSION", 7)) {
			p = buf + 7;
			dst = &ma;
		} else if (!strncmp(buf, "PATCHLEVEL", 10)) {
			p = buf + 10;
			dst = &mi;
		} else {
			continue;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (isdigit((unsigned char)*p))
			*dst = atoi(p);
	}
	fclose(fp);
	if (ma <= 0 || mi < 0)
		return false;
	*major = ma;
	*minor = mi;
	return true;
}

void conf_detect_kernel_version(int *major, int *minor)
{
	const char *s;

	if (parse_major_minor(getenv("KFORGE_KERNEL_VERSION"), major, minor))
		return;
	if (parse_major_minor(getenv("KERNELVERSION"), major, minor))
		return;
	s = getenv("srctree");
	if (s && *s) {
		size_t n = strlen(s) + sizeof("/Makefile");
		char *path = malloc(n);

		if (path) {
			bool ok;

			snprintf(path, n, "%s/Makefile", s);
			ok = version_from_makefile(path, major, minor);
			free(path);
			if (ok)
				return;
		}
	}
	if (version_from_makefile("Makefile", major, minor))
		return;
	*major = 6;
	*minor = 12;
}

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

static void print_help(struct conf_ctx *c, struct menu *menu)
{
	struct kstr help;

	kstr_init(&help);
	menu_get_ext_help(c->kc, menu, &help);
	printf("\n%s\n", help.s);
	kstr_free(&help);
}

/* Remove leading and trailing white space in place. */
static void strip(char *str)
{
	char *p = str;
	size_t l;

	while (isspace((unsigned char)*p))
		p++;
	l = strlen(p);
	if (p != str)
		memmove(str, p, l + 1);
	if (!l)
		return;
	p = str + l - 1;
	while (isspace((unsigned char)*p))	/* str[0] is not a space */
		*p-- = 0;
}

/* Read one answer line; echo it when stdin/stdout are not a terminal. */
static void read_answer(struct conf_ctx *c, char *str, int size)
{
	if (!fgets(str, size, stdin))
		fprintf(stderr, "\nError in reading or end of file.\n");

	if (!c->tty_stdio)
		printf("%s", str);
}

/* ------------------------------------------------------------------ */
/* randconfig seed and the all*config value assignment                 */

static void set_randconfig_seed(struct conf_ctx *c)
{
	unsigned int seed = 0;
	bool seed_set = false;
	const char *s = env(c, "KCONFIG_SEED");

	if (s && *s) {
		char *endp;

		seed = (unsigned int)strtol(s, &endp, 0);
		if (*endp == '\0')
			seed_set = true;
	}
	if (!seed_set) {
		struct timeval now;

		/* microsecond based; +1 so that a zero field does not zero it */
		gettimeofday(&now, NULL);
		seed = (unsigned int)((now.tv_sec + 1) * (now.tv_usec + 1));
	}
	printf("KCONFIG_SEED=0x%X\n", seed);
	srand(seed);
}

/* 6.1: pick one member of a 'y' choice at random. */
static bool randomize_choice_values_61(struct conf_ctx *c, struct symbol *csym)
{
	struct property *prop;
	struct symbol *sym;
	struct expr *e;
	int cnt = 0, pick;

	/* 'm' choices may have several members set, 'n' ones none: skip */
	if (csym->curr.tri != yes)
		return false;

	prop = sym_get_choice_prop(c->kc, csym);
	if (!prop)
		return false;
	expr_list_for_each_sym(prop->expr, e, sym)
		cnt++;
	if (!cnt)
		return false;

	pick = rand() % cnt;
	cnt = 0;
	expr_list_for_each_sym(prop->expr, e, sym) {
		if (pick == cnt++) {
			sym->def[S_DEF_USER].tri = yes;
			/* the choice's user value is the selected member */
			csym->def[S_DEF_USER].choice = sym;
		} else {
			sym->def[S_DEF_USER].tri = no;
		}
		sym->flags |= SYMBOL_DEF_USER;
		sym->flags &= ~SYMBOL_VALID;
	}
	csym->flags |= SYMBOL_DEF_USER;
	csym->flags &= ~SYMBOL_VALID;
	expr_symbols_invalidated(c->kc);
	return true;
}

/* 6.12: choose one not-yet-set member of a choice at random. */
static void randomize_choice_values_612(struct conf_ctx *c, struct menu *choice)
{
	struct menu *menu;
	int cnt = 0;

	(void)c;
	/* members with a value came from KCONFIG_ALLCONFIG: keep them */
	menu_for_each_sub_entry(menu, choice) {
		if (menu->sym && !sym_has_value(menu->sym))
			cnt++;
	}

	while (cnt > 0) {
		int x = rand() % cnt;

		menu_for_each_sub_entry(menu, choice) {
			struct symbol *sym = menu->sym;

			if (sym && !sym_has_value(sym))
				x--;
			if (x < 0) {
				sym->def[S_DEF_USER].tri = yes;
				sym->flags |= SYMBOL_DEF_USER;
				/* lower priority than KCONFIG_ALLCONFIG input */
				choice_member_move_tail(choice, sym);
				break;
			}
		}
		cnt--;
	}
}

struct probabilities {
	int pby;	/* bool = y */
	int pty;	/* tristate = y */
	int ptm;	/* tristate = m */
};

static void probability_error(struct conf_ctx *c)
{
	errno = ERANGE;
	perror("KCONFIG_PROBABILITY");
	bail_out(c);
}

static void read_probabilities(struct conf_ctx *c, struct probabilities *pr)
{
	const char *s = env(c, "KCONFIG_PROBABILITY");
	int n = 0, p[3] = { 0, 0, 0 };

	pr->pby = 50;
	pr->pty = 33;
	pr->ptm = 33;

	while (s && *s) {
		char *endp;
		/* truncated to int before the range check, as the kernel does */
		int v = (int)strtol(s, &endp, 10);

		if (v < 0 || v > 100)
			probability_error(c);
		p[n++] = v;
		s = (*endp == ':') ? endp + 1 : endp;
		if (n >= 3)
			break;
	}
	switch (n) {
	case 1:
		pr->pby = p[0];
		pr->ptm = pr->pby / 2;
		pr->pty = pr->pby - pr->ptm;
		break;
	case 2:
		pr->pty = p[0];
		pr->ptm = p[1];
		pr->pby = pr->pty + pr->ptm;
		break;
	case 3:
		pr->pby = p[0];
		pr->pty = p[1];
		pr->ptm = p[2];
		break;
	default:
		break;
	}
	if (pr->pty + pr->ptm > 100)
		probability_error(c);
}

static tristate random_value(const struct probabilities *pr, enum symbol_type type)
{
	int cnt = rand() % 100;

	if (type == S_TRISTATE) {
		if (cnt < pr->pty)
			return yes;
		if (cnt < pr->pty + pr->ptm)
			return mod;
		return no;
	}
	return cnt < pr->pby ? yes : no;
}

/* 6.1 conf_set_all_new_symbols(): hash-table order, returns "changed". */
static bool set_all_new_symbols_61(struct conf_ctx *c, enum def_mode mode)
{
	struct kconf *kc = c->kc;
	struct probabilities pr = { 50, 33, 33 };
	struct symbol **all;
	size_t n, i;
	bool has_changed = false;

	if (mode == DEF_RANDOM)
		read_probabilities(c, &pr);

	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++) {
		struct symbol *sym = all[i];

		if (sym_has_value(sym) || (sym->flags & SYMBOL_VALID))
			continue;
		switch (sym_get_type(kc, sym)) {
		case S_BOOLEAN:
		case S_TRISTATE:
			has_changed = true;
			switch (mode) {
			case DEF_YES:
				sym->def[S_DEF_USER].tri = yes;
				break;
			case DEF_MOD:
				sym->def[S_DEF_USER].tri = mod;
				break;
			case DEF_NO:
				sym->def[S_DEF_USER].tri = no;
				break;
			case DEF_RANDOM:
				sym->def[S_DEF_USER].tri = random_value(&pr, sym->type);
				break;
			default:
				continue;
			}
			if (!(sym_is_choice(sym) && mode == DEF_RANDOM))
				sym->flags |= SYMBOL_DEF_USER;
			break;
		default:
			break;
		}
	}

	sym_clear_all_valid(kc);

	/*
	 * 'y' choices get exactly one member set, the others 'n'; 'm' choices
	 * are left alone.  Outside randconfig the members are settled before
	 * anything reads them (sym_calc_value honours the flag).
	 */
	all = sym_all_kernel_order(kc, &n);
	if (mode != DEF_RANDOM) {
		for (i = 0; i < n; i++) {
			struct symbol *csym = all[i];

			if ((sym_is_choice(csym) && !sym_has_value(csym)) ||
			    sym_is_choice_value(csym))
				csym->flags |= SYMBOL_NEED_SET_CHOICE_VALUES;
		}
	}
	for (i = 0; i < n; i++) {
		struct symbol *csym = all[i];

		if (sym_has_value(csym) || !sym_is_choice(csym))
			continue;
		sym_calc_value(kc, csym);
		if (mode == DEF_RANDOM) {
			has_changed |= randomize_choice_values_61(c, csym);
		} else {
			set_all_choice_values(kc, csym);
			has_changed = true;
		}
	}
	return has_changed;
}

/* 6.12 conf_set_all_new_symbols(): menu order. */
static void set_all_new_symbols_612(struct conf_ctx *c, enum def_mode mode)
{
	struct kconf *kc = c->kc;
	struct probabilities pr = { 50, 33, 33 };
	struct menu *menu;

	if (mode == DEF_RANDOM)
		read_probabilities(c, &pr);

	menu_for_each_sub_entry(menu, &kc->rootmenu) {
		struct symbol *sym = menu->sym;
		tristate val;

		if (!sym || !menu->prompt || sym_has_value(sym) ||
		    (sym->type != S_BOOLEAN && sym->type != S_TRISTATE) ||
		    sym_is_choice_value(sym))
			continue;

		if (sym_is_choice(sym)) {
			if (mode == DEF_RANDOM)
				randomize_choice_values_612(c, menu);
			continue;
		}

		switch (mode) {
		case DEF_YES:
			val = yes;
			break;
		case DEF_MOD:
			val = mod;
			break;
		case DEF_NO:
			val = no;
			break;
		case DEF_RANDOM:
			val = random_value(&pr, sym->type);
			break;
		default:
			continue;
		}
		sym->def[S_DEF_USER].tri = val;
		sym->flags |= SYMBOL_DEF_USER;
	}

	sym_clear_all_valid(kc);
}

static bool set_all_new_symbols(struct conf_ctx *c, enum def_mode mode)
{
	if (is_v61(c))
		return set_all_new_symbols_61(c, mode);
	set_all_new_symbols_612(c, mode);
	return false;
}

static void rewrite_tristates(struct conf_ctx *c, tristate old_val, tristate new_val)
{
	struct kconf *kc = c->kc;
	size_t n;
	struct symbol **all = sym_all_kernel_order(kc, &n);

	for (size_t i = 0; i < n; i++) {
		struct symbol *sym = all[i];

		if (sym_get_type(kc, sym) == S_TRISTATE &&
		    sym->def[S_DEF_USER].tri == old_val)
			sym->def[S_DEF_USER].tri = new_val;
	}
	sym_clear_all_valid(kc);
}

/* ------------------------------------------------------------------ */
/* interactive questions                                                */

/*
 * Print the tail of a question and read the answer into c->line.
 * Returns 0 if the current value stands (nothing read), 1 if an answer
 * was read (c->line, "\n" at EOF).
 */
static int conf_askvalue(struct conf_ctx *c, struct symbol *sym, const char *def)
{
	if (!sym_has_value(sym))
		printf("(NEW) ");

	c->line[0] = '\n';
	c->line[1] = 0;

	if (!sym_is_changeable(c->kc, sym)) {
		printf("%s\n", def ? def : "");
		return 0;
	}

	switch (c->input_mode) {
	case IM_OLDCONFIG:
	case IM_SYNCCONFIG:
		if (sym_has_value(sym)) {
			printf("%s\n", def ? def : "");
			return 0;
		}
		/* fall through */
	default:
		fflush(stdout);
		read_answer(c, c->line, sizeof(c->line));
		break;
	}
	return 1;
}

static int conf_string(struct conf_ctx *c, struct menu *menu)
{
	struct symbol *sym = menu->sym;
	const char *def;

	for (;;) {
		printf("%*s%s ", c->indent - 1, "", menu->prompt->text);
		printf("(%s) ", sym->name);
		def = sym_get_string_value(c->kc, sym);
		if (def)
			printf("[%s] ", def);
		if (!conf_askvalue(c, sym, def))
			return 0;
		switch (c->line[0]) {
		case '\n':
			break;
		case '?':
			if (c->line[1] == '\n') {
				print_help(c, menu);
				def = NULL;
				break;
			}
			/* fall through */
		default: {
			size_t l = strlen(c->line);

			if (l)
				c->line[l - 1] = 0;
			def = c->line;
		}
		}
		if (def && sym_set_string_value(c->kc, sym, def))
			return 0;

		/*
		 * An int/hex symbol whose default is invalid cannot be set from
		 * an empty answer; at the end of stdin asking again would never
		 * end.  Stop instead (6.12.y does this; for 6.1 it is kforge's
		 * deliberate deviation from an endless loop).
		 */
		if (feof(stdin)) {
			fprintf(stderr,
				"\nerror: no value for new symbol '%s' at end of input\n",
				sym->name);
			bail_out(c);
		}
	}
}

static int conf_sym(struct conf_ctx *c, struct menu *menu)
{
	struct kconf *kc = c->kc;
	struct symbol *sym = menu->sym;
	tristate oldval, newval;

	for (;;) {
		printf("%*s%s ", c->indent - 1, "", menu->prompt->text);
		if (sym->name)
			printf("(%s) ", sym->name);
		putchar('[');
		oldval = sym_get_tristate_value(sym);
		putchar(oldval == no ? 'N' : oldval == mod ? 'M' : 'Y');
		if (oldval != no && sym_tristate_within_range(kc, sym, no))
			printf("/n");
		if (oldval != mod && sym_tristate_within_range(kc, sym, mod))
			printf("/m");
		if (oldval != yes && sym_tristate_within_range(kc, sym, yes))
			printf("/y");
		printf("/?] ");
		if (!conf_askvalue(c, sym, sym_get_string_value(kc, sym)))
			return 0;
		strip(c->line);

		switch (c->line[0]) {
		case 'n':
		case 'N':
			newval = no;
			if (!c->line[1] || !strcmp(&c->line[1], "o"))
				break;
			continue;
		case 'm':
		case 'M':
			newval = mod;
			if (!c->line[1])
				break;
			continue;
		case 'y':
		case 'Y':
			newval = yes;
			if (!c->line[1] || !strcmp(&c->line[1], "es"))
				break;
			continue;
		case 0:
			newval = oldval;
			break;
		case '?':
			print_help(c, menu);
			continue;
		default:
			continue;
		}
		if (sym_set_tristate_value(kc, sym, newval))
			return 0;
		print_help(c, menu);
	}
}

/*
 * Ask for a choice's member: shows the numbered list and reads the
 * answer.  Returns the visible member chosen (the child menu), or NULL to
 * ask again.  The default is computed after the title, as the kernel does.  'is_new' says whether the question has to be asked in
 * oldconfig/syncconfig mode.
 */
static struct menu *choice_ask(struct conf_ctx *c, struct menu *menu, bool *is_new, bool v61)
{
	struct kconf *kc = c->kc;
	struct menu *child;
	struct symbol *def_sym = NULL;
	int cnt = 0, def = 0, visible;
	bool asked = false;

	printf("%*s%s\n", c->indent - 1, "", menu_get_prompt(menu));
	if (v61) {
		/* 6.1 sym_get_choice_value(): the selected member */
		sym_calc_value(kc, menu->sym);
		def_sym = menu->sym->curr.choice;
	} else
		def_sym = sym_calc_choice(kc, menu);
	c->line[0] = 0;
	for (child = menu->list; child; child = child->next) {
		if (!menu_is_visible(kc, child))
			continue;
		if (!child->sym) {
			printf("%*c %s\n", c->indent, '*', menu_get_prompt(child));
			continue;
		}
		cnt++;
		if (child->sym == def_sym) {
			def = cnt;
			printf("%*c", c->indent, '>');
		} else {
			printf("%*c", c->indent, ' ');
		}
		printf(" %d. %s", cnt, menu_get_prompt(child));
		if (!v61 || child->sym->name)
			printf(" (%s)", child->sym->name);
		if (!sym_has_value(child->sym)) {
			if (!v61)
				*is_new = true;
			printf(" (NEW)");
		}
		printf("\n");
	}
	visible = cnt;
	printf("%*schoice", c->indent - 1, "");
	if (cnt == 1) {
		printf("[1]: 1\n");
	} else {
		printf("[1-%d?]: ", cnt);
		switch (c->input_mode) {
		case IM_OLDCONFIG:
		case IM_SYNCCONFIG:
			if (!*is_new) {
				cnt = def;
				printf("%d\n", cnt);
				break;
			}
			/* fall through */
		case IM_OLDASKCONFIG:
			fflush(stdout);
			asked = true;
			read_answer(c, c->line, sizeof(c->line));
			strip(c->line);
			if (c->line[0] == '?') {
				print_help(c, menu);
				return NULL;
			}
			if (!c->line[0])
				cnt = def;
			else if (isdigit((unsigned char)c->line[0]))
				cnt = atoi(c->line);
			else
				return NULL;
			break;
		default:
			break;
		}
	}

	for (child = menu->list; child; child = child->next) {
		if (!child->sym || !menu_is_visible(kc, child))
			continue;
		if (!--cnt)
			break;
	}
	if (!child) {
		/*
		 * The kernel asks again, forever, when nothing can be chosen: no
		 * member is visible (s390's "Processor type" when the compiler
		 * knows none of the -march values), or no default and nothing
		 * more to read.  Stop with an error instead.
		 */
		if (!visible || !asked || (feof(stdin) && !c->line[0])) {
			fprintf(stderr, "\nerror: choice '%s' has %s\n", menu_get_prompt(menu),
				!visible ? "no visible member to choose" : "no default member at end of input");
			bail_out(c);
		}
		return NULL;
	}
	if (c->line[0] && c->line[strlen(c->line) - 1] == '?') {
		print_help(c, child);
		return NULL;
	}
	return child;
}

static void conf_choice_612(struct conf_ctx *c, struct menu *menu)
{
	bool is_new = false;

	for (;;) {
		struct menu *child = choice_ask(c, menu, &is_new, false);

		if (!child)
			continue;
		choice_set_value(c->kc, menu, child->sym);
		return;
	}
}

static int conf_choice_61(struct conf_ctx *c, struct menu *menu)
{
	struct kconf *kc = c->kc;
	struct symbol *sym = menu->sym;
	bool is_new = !sym_has_value(sym);

	if (sym_is_changeable(kc, sym)) {
		conf_sym(c, menu);
		sym_calc_value(kc, sym);
		switch (sym_get_tristate_value(sym)) {
		case no:
			return 1;
		case mod:
			return 0;
		case yes:
			break;
		}
	} else {
		switch (sym_get_tristate_value(sym)) {
		case no:
			return 1;
		case mod:
			printf("%*s%s\n", c->indent - 1, "", menu_get_prompt(menu));
			return 0;
		case yes:
			break;
		}
	}

	for (;;) {
		struct menu *child = choice_ask(c, menu, &is_new, true);

		if (!child)
			continue;
		sym_set_tristate_value(kc, child->sym, yes);
		for (child = child->list; child; child = child->next) {
			c->indent += 2;
			conf(c, child);
			c->indent -= 2;
		}
		return 1;
	}
}

static void conf(struct conf_ctx *c, struct menu *menu)
{
	struct kconf *kc = c->kc;
	struct symbol *sym;
	struct property *prop;
	struct menu *child;

	if (!menu_is_visible(kc, menu))
		return;

	sym = menu->sym;
	prop = menu->prompt;
	if (prop) {
		const char *prompt;

		switch (prop->type) {
		case P_MENU:
			/* except in oldaskconfig, only menus with new symbols */
			if (c->input_mode != IM_OLDASKCONFIG && c->root_entry != menu) {
				check_conf(c, menu);
				return;
			}
			/* fall through */
		case P_COMMENT:
			prompt = menu_get_prompt(menu);
			if (prompt)
				printf("%*c\n%*c %s\n%*c\n",
				       c->indent, '*',
				       c->indent, '*', prompt,
				       c->indent, '*');
			break;
		default:
			break;
		}
	}

	if (!sym)
		goto conf_childs;

	if (sym_is_choice(sym)) {
		if (!is_v61(c)) {
			conf_choice_612(c, menu);
			return;
		}
		conf_choice_61(c, menu);
		if (sym->curr.tri != mod)
			return;
		goto conf_childs;
	}

	switch (sym->type) {
	case S_INT:
	case S_HEX:
	case S_STRING:
		conf_string(c, menu);
		break;
	default:
		conf_sym(c, menu);
		break;
	}

conf_childs:
	if (sym)
		c->indent += 2;
	for (child = menu->list; child; child = child->next)
		conf(c, child);
	if (sym)
		c->indent -= 2;
}

static void check_conf(struct conf_ctx *c, struct menu *menu)
{
	struct kconf *kc = c->kc;
	struct symbol *sym;
	struct menu *child;
	bool ask;

	if (!menu_is_visible(kc, menu))
		return;

	sym = menu->sym;
	if (is_v61(c))
		ask = sym && !sym_has_value(sym) &&
		      (sym_is_changeable(kc, sym) ||
		       (sym_is_choice(sym) && sym_get_tristate_value(sym) == yes));
	else
		ask = sym && !sym_has_value(sym) && sym_is_changeable(kc, sym);

	if (ask) {
		switch (c->input_mode) {
		case IM_LISTNEWCONFIG:
			if (sym->name)
				print_symbol_for_listconfig(kc, sym);
			break;
		case IM_HELPNEWCONFIG:
			printf("-----\n");
			print_help(c, menu);
			printf("-----\n");
			break;
		default:
			if (!c->conf_cnt++)
				printf("*\n* Restart config...\n*\n");
			c->root_entry = menu_get_parent_menu(kc, menu);
			conf(c, c->root_entry);
			break;
		}
	}

	for (child = menu->list; child; child = child->next)
		check_conf(c, child);
}

/* ------------------------------------------------------------------ */
/* command line                                                         */

/* Same names, order and argument kinds as the kernel (getopt messages). */
static const struct option long_opts[] = {
	{"help",          no_argument,       NULL, 'h'},
	{"silent",        no_argument,       NULL, 's'},
	{"oldaskconfig",  no_argument,       NULL, OPT_MODE_BASE + IM_OLDASKCONFIG},
	{"oldconfig",     no_argument,       NULL, OPT_MODE_BASE + IM_OLDCONFIG},
	{"syncconfig",    no_argument,       NULL, OPT_MODE_BASE + IM_SYNCCONFIG},
	{"defconfig",     required_argument, NULL, OPT_MODE_BASE + IM_DEFCONFIG},
	{"savedefconfig", required_argument, NULL, OPT_MODE_BASE + IM_SAVEDEFCONFIG},
	{"allnoconfig",   no_argument,       NULL, OPT_MODE_BASE + IM_ALLNOCONFIG},
	{"allyesconfig",  no_argument,       NULL, OPT_MODE_BASE + IM_ALLYESCONFIG},
	{"allmodconfig",  no_argument,       NULL, OPT_MODE_BASE + IM_ALLMODCONFIG},
	{"alldefconfig",  no_argument,       NULL, OPT_MODE_BASE + IM_ALLDEFCONFIG},
	{"randconfig",    no_argument,       NULL, OPT_MODE_BASE + IM_RANDCONFIG},
	{"listnewconfig", no_argument,       NULL, OPT_MODE_BASE + IM_LISTNEWCONFIG},
	{"helpnewconfig", no_argument,       NULL, OPT_MODE_BASE + IM_HELPNEWCONFIG},
	{"olddefconfig",  no_argument,       NULL, OPT_MODE_BASE + IM_OLDDEFCONFIG},
	{"yes2modconfig", no_argument,       NULL, OPT_MODE_BASE + IM_YES2MODCONFIG},
	{"mod2yesconfig", no_argument,       NULL, OPT_MODE_BASE + IM_MOD2YESCONFIG},
	{"mod2noconfig",  no_argument,       NULL, OPT_MODE_BASE + IM_MOD2NOCONFIG},
	{NULL, 0, NULL, 0}
};

void conf_usage(const char *progname)
{
	printf("Usage: %s [options] <kconfig-file>\n", progname);
	printf("\n");
	printf("Generic options:\n");
	printf("  -h, --help              Print this message and exit.\n");
	printf("  -s, --silent            Do not print log.\n");
	printf("\n");
	printf("Mode options:\n");
	printf("  --listnewconfig         List new options\n");
	printf("  --helpnewconfig         List new options and help text\n");
	printf("  --oldaskconfig          Start a new configuration using a line-oriented program\n");
	printf("  --oldconfig             Update a configuration using a provided .config as base\n");
	printf("  --syncconfig            Similar to oldconfig but generates configuration in\n"
	       "                          include/{generated/,config/}\n");
	printf("  --olddefconfig          Same as oldconfig but sets new symbols to their default value\n");
	printf("  --defconfig <file>      New config with default defined in <file>\n");
	printf("  --savedefconfig <file>  Save the minimal current configuration to <file>\n");
	printf("  --allnoconfig           New config where all options are answered with no\n");
	printf("  --allyesconfig          New config where all options are answered with yes\n");
	printf("  --allmodconfig          New config where all options are answered with mod\n");
	printf("  --alldefconfig          New config with all symbols set to default\n");
	printf("  --randconfig            New config with random answer to all options\n");
	printf("  --yes2modconfig         Change answers from yes to mod if possible\n");
	printf("  --mod2yesconfig         Change answers from mod to yes if possible\n");
	printf("  --mod2noconfig          Change answers from mod to no if possible\n");
	printf("  (If none of the above is given, --oldaskconfig is the default)\n");
}

/* Silence conf_message() ("# configuration written to ...") of the library. */
static void make_silent(struct conf_ctx *c)
{
	conf_set_message_callback(c->kc, NULL, NULL);
}

/* KCONFIG_ALLCONFIG for the all*config / randconfig modes. */
static void read_allconfig(struct conf_ctx *c)
{
	struct kconf *kc = c->kc;
	const char *name = env(c, "KCONFIG_ALLCONFIG");

	if (!name)
		return;
	if (strcmp(name, "") != 0 && strcmp(name, "1") != 0) {
		if (conf_read_simple(kc, name, S_DEF_USER)) {
			fprintf(stderr, "*** Can't read seed configuration \"%s\"!\n", name);
			bail_out(c);
		}
		return;
	}
	switch (c->input_mode) {
	case IM_ALLNOCONFIG:	name = "allno.config"; break;
	case IM_ALLYESCONFIG:	name = "allyes.config"; break;
	case IM_ALLMODCONFIG:	name = "allmod.config"; break;
	case IM_ALLDEFCONFIG:	name = "alldef.config"; break;
	case IM_RANDCONFIG:	name = "allrandom.config"; break;
	default: break;
	}
	if (conf_read_simple(kc, name, S_DEF_USER) &&
	    conf_read_simple(kc, "all.config", S_DEF_USER)) {
		fprintf(stderr,
			"*** KCONFIG_ALLCONFIG set, but no \"%s\" or \"all.config\" file found\n",
			name);
		bail_out(c);
	}
}

/* Everything after the kc context exists; returns the exit status. */
static int conf_run(struct conf_ctx *c, int ac, char **av)
{
	struct kconf *kc = c->kc;
	const char *progname = av[0];
	const char *defconfig_file = NULL;
	const char *name;
	bool no_conf_write = false;
	int opt;

	c->tty_stdio = isatty(0) && isatty(1);

	optind = 0;	/* full re-initialisation of glibc's getopt */
	while ((opt = getopt_long(ac, av, "hs", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			conf_usage(progname);
			return 1;
		case 's':
			make_silent(c);
			break;
		case '?':
		case ':':
			break;
		default:
			if (opt < OPT_MODE_BASE)
				break;
			c->input_mode = (enum input_mode)(opt - OPT_MODE_BASE);
			switch (c->input_mode) {
			case IM_SYNCCONFIG:
				/* build stage: no "configuration written to" */
				make_silent(c);
				c->sync_kconfig = true;
				break;
			case IM_DEFCONFIG:
			case IM_SAVEDEFCONFIG:
				defconfig_file = optarg;
				break;
			case IM_RANDCONFIG:
				set_randconfig_seed(c);
				break;
			default:
				break;
			}
			break;
		}
	}
	if (ac == optind) {
		fprintf(stderr, "%s: Kconfig file missing\n", av[0]);
		conf_usage(progname);
		return 1;
	}

	conf_parse(kc, av[optind]);

	switch (c->input_mode) {
	case IM_DEFCONFIG:
		if (conf_read(kc, defconfig_file)) {
			fprintf(stderr,
				"***\n"
				"*** Can't find default configuration \"%s\"!\n"
				"***\n",
				defconfig_file);
			return 1;
		}
		break;
	case IM_SAVEDEFCONFIG:
	case IM_SYNCCONFIG:
	case IM_OLDASKCONFIG:
	case IM_OLDCONFIG:
	case IM_LISTNEWCONFIG:
	case IM_HELPNEWCONFIG:
	case IM_OLDDEFCONFIG:
	case IM_YES2MODCONFIG:
	case IM_MOD2YESCONFIG:
	case IM_MOD2NOCONFIG:
		conf_read(kc, NULL);
		break;
	case IM_ALLNOCONFIG:
	case IM_ALLYESCONFIG:
	case IM_ALLMODCONFIG:
	case IM_ALLDEFCONFIG:
	case IM_RANDCONFIG:
		read_allconfig(c);
		break;
	default:
		break;
	}

	if (conf_errors(kc))
		return 1;

	if (c->sync_kconfig) {
		name = env(c, "KCONFIG_NOSILENTUPDATE");
		if (name && *name) {
			if (conf_get_changed(kc)) {
				fprintf(stderr,
					"\n*** The configuration requires explicit update.\n\n");
				return 1;
			}
			no_conf_write = true;
		}
	}

	switch (c->input_mode) {
	case IM_ALLNOCONFIG:
		set_all_new_symbols(c, DEF_NO);
		break;
	case IM_ALLYESCONFIG:
		set_all_new_symbols(c, DEF_YES);
		break;
	case IM_ALLMODCONFIG:
		set_all_new_symbols(c, DEF_MOD);
		break;
	case IM_ALLDEFCONFIG:
	case IM_DEFCONFIG:
		set_all_new_symbols(c, DEF_DEFAULT);
		break;
	case IM_RANDCONFIG:
		if (is_v61(c)) {
			/* repeat until a pass changes nothing */
			while (set_all_new_symbols(c, DEF_RANDOM))
				;
		} else {
			set_all_new_symbols(c, DEF_RANDOM);
		}
		break;
	case IM_SAVEDEFCONFIG:
		break;
	case IM_YES2MODCONFIG:
		rewrite_tristates(c, yes, mod);
		break;
	case IM_MOD2YESCONFIG:
		rewrite_tristates(c, mod, yes);
		break;
	case IM_MOD2NOCONFIG:
		rewrite_tristates(c, mod, no);
		break;
	case IM_OLDASKCONFIG:
		c->root_entry = &kc->rootmenu;
		conf(c, &kc->rootmenu);
		c->input_mode = IM_OLDCONFIG;
		/* fall through */
	case IM_OLDCONFIG:
	case IM_LISTNEWCONFIG:
	case IM_HELPNEWCONFIG:
	case IM_SYNCCONFIG:
		/* update until a pass asks nothing new */
		do {
			c->conf_cnt = 0;
			check_conf(c, &kc->rootmenu);
		} while (c->conf_cnt);
		break;
	case IM_OLDDEFCONFIG:
	default:
		break;
	}

	if (sym_dep_errors(kc))
		return 1;

	if (c->input_mode == IM_SAVEDEFCONFIG) {
		if (conf_write_defconfig(kc, defconfig_file)) {
			fprintf(stderr, "n*** Error while saving defconfig to: %s\n\n",
				defconfig_file);
			return 1;
		}
	} else if (c->input_mode != IM_LISTNEWCONFIG && c->input_mode != IM_HELPNEWCONFIG) {
		if (!no_conf_write && conf_write(kc, NULL)) {
			fprintf(stderr, "\n*** Error during writing of the configuration.\n\n");
			return 1;
		}
		/*
		 * auto.conf is created if missing (old GNU make needs it);
		 * syncconfig always brings it up to date.
		 */
		if (conf_write_autoconf(kc, c->sync_kconfig) && c->sync_kconfig) {
			fprintf(stderr, "\n*** Error during sync of the configuration.\n\n");
			return 1;
		}
	}
	return 0;
}

int conf_main(int argc, char **argv)
{
	struct conf_ctx *c;
	int major, minor;
	volatile int status = 1;
	jmp_buf *volatile saved_jmp = NULL;

	if (argc < 1 || !argv || !argv[0]) {
		fprintf(stderr, "conf: no program name\n");
		return 1;
	}

	c = xcalloc(1, sizeof(*c));
	c->input_mode = IM_OLDASKCONFIG;
	c->indent = 1;

	conf_detect_kernel_version(&major, &minor);
	c->kc = kconf_new(major, minor);
	if (!c->kc) {
		fprintf(stderr, "%s: cannot create the Kconfig context\n", argv[0]);
		free(c);
		return 1;
	}

	saved_jmp = c->kc->fatal_jmp;
	c->kc->fatal_jmp = &c->bail;
	if (setjmp(c->bail) == 0)
		status = conf_run(c, argc, argv);
	else
		status = 1;

	fflush(stdout);
	c->kc->fatal_jmp = saved_jmp;
	kconf_free(c->kc);
	free(c);
	return status;
}

int cmd_conf(int argc, char **argv)
{
	return conf_main(argc, argv);
}
