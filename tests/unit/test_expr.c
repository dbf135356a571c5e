/* SPDX-License-Identifier: MIT */
/* Expressions: interning, the kernel's rewrites, printing and evaluation. */
#include "test.h"
#include "internal.h"

static struct kconf *kc;

static struct symbol *boolsym(const char *name, enum symbol_type t)
{
	struct symbol *s = sym_lookup(kc, name, 0);
	s->type = t;
	return s;
}

static struct expr *S(struct symbol *s) { return expr_alloc_symbol(kc, s); }
static struct expr *AND(struct expr *a, struct expr *b) { return expr_alloc_two(kc, E_AND, a, b); }
static struct expr *OR(struct expr *a, struct expr *b) { return expr_alloc_two(kc, E_OR, a, b); }
static struct expr *NOT(struct expr *a) { return expr_alloc_one(kc, E_NOT, a); }

static char *str(const struct expr *e)
{
	static char buf[512];
	struct kstr ks;
	kstr_init(&ks);
	expr_print_kstr(kc, e, &ks);
	snprintf(buf, sizeof(buf), "%s", ks.s);
	kstr_free(&ks);
	return buf;
}

static void setup(int minor)
{
	kconf_free(kc);
	kc = kconf_new(6, minor);
	kconf_set_streams(kc, stdout, stderr);
}

TEST(interning_gives_pointer_equality)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN);
	CHECK(AND(S(a), S(b)) == AND(S(a), S(b)));
	CHECK(AND(S(a), S(b)) != AND(S(b), S(a)));
	CHECK(expr_eq(kc, AND(S(a), S(b)), AND(S(b), S(a))));
	CHECK(!expr_eq(kc, AND(S(a), S(b)), OR(S(a), S(b))));
}

TEST(printing_parenthesises_like_the_kernel)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN), *c = boolsym("C", S_BOOLEAN);
	CHECK_STREQ(str(AND(OR(S(a), S(b)), S(c))), "(A || B) && C");
	CHECK_STREQ(str(OR(AND(S(a), S(b)), S(c))), "A && B || C");
	CHECK_STREQ(str(NOT(OR(S(a), S(b)))), "!(A || B)");
	CHECK_STREQ(str(expr_alloc_comp(kc, E_UNEQUAL, a, &kc->symbol_no)), "A!=n");
	CHECK_STREQ(str(NULL), "y");
}

TEST(transform_normalises_bool_comparisons)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *t = boolsym("T", S_TRISTATE);
	CHECK(expr_transform(kc, expr_alloc_comp(kc, E_EQUAL, a, &kc->symbol_yes)) == S(a));
	CHECK(expr_transform(kc, expr_alloc_comp(kc, E_EQUAL, a, &kc->symbol_no)) == NOT(S(a)));
	CHECK(expr_transform(kc, expr_alloc_comp(kc, E_UNEQUAL, a, &kc->symbol_no)) == S(a));
	/* tristates keep their comparisons */
	CHECK(expr_transform(kc, expr_alloc_comp(kc, E_EQUAL, t, &kc->symbol_yes)) ==
	      expr_alloc_comp(kc, E_EQUAL, t, &kc->symbol_yes));
	/* De Morgan, and double negation */
	CHECK_STREQ(str(expr_transform(kc, NOT(OR(S(a), S(t))))), "!A && !T");
	CHECK(expr_transform(kc, NOT(NOT(S(a)))) == S(a));
}

TEST(eliminate_dups_joins_repeated_operands)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN);
	/* the kernel drops the first occurrence (checked against its conf) */
	CHECK_STREQ(str(expr_eliminate_dups(kc, OR(OR(S(a), S(b)), S(a)))), "B || A");
	CHECK_STREQ(str(expr_eliminate_dups(kc, AND(S(a), AND(S(b), S(a))))), "B && A");
	/* A || !A is y for a bool */
	CHECK(expr_is_yes(kc, expr_eliminate_dups(kc, OR(S(a), NOT(S(a))))));
}

TEST(eliminate_dups_61_compares_within_one_side)
{
	/* 6.1 also joins duplicates inside one operand of the top level */
	setup(1);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN);
	CHECK_STREQ(str(expr_eliminate_dups(kc, AND(AND(S(a), S(a)), S(b)))), "A && B");
	setup(12);
	a = boolsym("A", S_BOOLEAN), b = boolsym("B", S_BOOLEAN);
	CHECK_STREQ(str(expr_eliminate_dups(kc, AND(AND(S(a), S(a)), S(b)))), "A && B");
}

TEST(eliminate_eq_removes_common_operands)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN), *c = boolsym("C", S_BOOLEAN);
	struct expr *e1 = AND(S(a), S(b)), *e2 = AND(AND(S(a), S(b)), S(c));
	expr_eliminate_eq(kc, &e1, &e2);
	CHECK(expr_is_yes(kc, e1));
	CHECK(e2 == S(c));
}

TEST(trans_compare_pushes_comparison_inwards)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN);
	CHECK_STREQ(str(expr_trans_compare(kc, AND(S(a), S(b)), E_UNEQUAL, &kc->symbol_no)),
		    "!(A=n || B=n)");
	CHECK_STREQ(str(expr_trans_compare(kc, NULL, E_UNEQUAL, &kc->symbol_no)), "!n");
}

TEST(evaluation_is_tristate_logic)
{
	setup(12);
	struct symbol *m = boolsym("MODULES", S_BOOLEAN);
	kc->modules_sym = m;
	struct symbol *t = boolsym("T", S_TRISTATE), *u = boolsym("U", S_TRISTATE);
	struct symbol *i = boolsym("I", S_INT);
	/* constants: no prompt and no default, so n / 0 */
	CHECK_EQ(expr_calc_value(kc, S(&kc->symbol_mod)), mod);
	CHECK_EQ(expr_calc_value(kc, NOT(S(&kc->symbol_mod))), mod);
	CHECK_EQ(expr_calc_value(kc, OR(S(t), S(&kc->symbol_yes))), yes);
	CHECK_EQ(expr_calc_value(kc, AND(S(u), S(&kc->symbol_yes))), no);
	struct symbol *ten = sym_lookup(kc, "10", SYMBOL_CONST);
	CHECK_EQ(expr_calc_value(kc, expr_alloc_comp(kc, E_LTH, i, ten)), yes);
	CHECK_EQ(expr_calc_value(kc, expr_alloc_comp(kc, E_GEQ, i, ten)), no);
}

TEST(revdep_printing_lists_terms_with_values)
{
	setup(12);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN);
	struct kstr ks;
	kstr_init(&ks);
	expr_print_revdep(kc, OR(S(a), S(b)), &ks, no, "Selected by [n]:\n");
	CHECK_STREQ(ks.s, "Selected by [n]:\n  - A [=n]\n  - B [=n]\n");
	kstr_free(&ks);
}

/* Order of the "tested for 'm'" warnings, as each kernel prints them. */
static char *transform_output(int minor)
{
	static char buf[512];
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	setup(minor);
	kconf_set_streams(kc, out, stderr);
	struct symbol *a = boolsym("A", S_BOOLEAN), *b = boolsym("B", S_BOOLEAN);
	expr_transform(kc, AND(expr_alloc_comp(kc, E_EQUAL, a, &kc->symbol_mod),
			       expr_alloc_comp(kc, E_EQUAL, b, &kc->symbol_mod)));
	fclose(out);
	snprintf(buf, sizeof(buf), "%s", text ? text : "");
	free(text);
	return buf;
}

TEST(transform_warns_in_each_kernels_operand_order)
{
	/* 6.1 rewrites the left operand first; 6.12's compiler evaluates right first */
	CHECK_STREQ(transform_output(1),
		    "boolean symbol A tested for 'm'? test forced to 'n'\n"
		    "boolean symbol B tested for 'm'? test forced to 'n'\n");
	CHECK_STREQ(transform_output(12),
		    "boolean symbol B tested for 'm'? test forced to 'n'\n"
		    "boolean symbol A tested for 'm'? test forced to 'n'\n");
}
