/* SPDX-License-Identifier: MIT */
/*
 * Expressions.
 *
 * Nodes are hash-consed: building the same (type, left, right) twice yields
 * the same node.  That makes equality a pointer compare, shares the many
 * copies of menu dependencies that propagation creates, and lets the value
 * of a node be cached.  Nothing ever mutates a node after creation.
 *
 * The structural rewrites (transform, eliminate_dups, eliminate_eq) must give
 * the same shapes as the kernel's, because expressions are printed in
 * warnings and help texts.  Linux 6.12 works on immutable nodes like ours;
 * 6.1 rewrote trees in place, which only differs in expr_eliminate_dups, so
 * that one is replayed on a small mutable tree (struct mnode) in 6.1 mode.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- interning ---- */

/* Multiplicative hashing: the slot is the top bits of the product. */
static inline size_t expr_slot(const struct kconf *kc, enum expr_type type, const void *l, const void *r)
{
	uint64_t h = ((uint64_t)(uintptr_t)l + (uint64_t)(uintptr_t)r * 0xC2B2AE3D27D4EB4Full + type) *
		     0x9E3779B97F4A7C15ull;

	return (size_t)(h >> kc->expr_hash_shift);
}

/*
 * The intern table is open-addressed with linear probing and at most 70%
 * full, so nodes need no chain link.
 */
static void expr_table_grow(struct kconf *kc)
{
	/* a kernel tree makes some 60k (6.12) to 100k (6.1) nodes: start big enough for all */
	size_t osize = kc->expr_hash_size, nsize = osize ? osize * 2 : 1u << 18;
	struct expr **otab = kc->expr_hash;

	kc->expr_hash = big_zalloc(nsize * sizeof(*kc->expr_hash));
	kc->expr_hash_size = nsize;
	kc->expr_hash_shift = 64 - (unsigned)__builtin_ctzll(nsize);
	kc->expr_hash_limit = nsize * 7 / 10;	/* at most 70% full */
	for (size_t i = 0; i < osize; i++) {
		struct expr *e = otab[i];
		size_t b;

		if (!e)
			continue;
		b = expr_slot(kc, e->type, e->left.expr, e->right.expr);
		while (kc->expr_hash[b])
			b = (b + 1) & (nsize - 1);
		kc->expr_hash[b] = e;
	}
	big_free(otab, osize * sizeof(*otab));
}

/* A new node e in free slot b: its fields, and its place in the table */
static inline __attribute__((always_inline)) struct expr *expr_fill(struct kconf *kc, size_t b, struct expr *e,
								 enum expr_type type, void *l, void *r)
{
	const struct expr *le = l, *re = r;	/* the operands, when they are nodes */

	e->type = type;
	e->left.expr = l;
	e->right.expr = r;
	switch (type) {
	case E_AND: case E_OR:
		e->flags = ((le->flags | re->flags) & (EXPR_HAS_YN | EXPR_MAY_TRANSFORM)) |
			   ((le->syms & re->syms) ? 0 : le->flags & re->flags & EXPR_LEAVES_DISJOINT);
		e->syms = le->syms | re->syms;
		break;
	case E_NOT:
		/* !A of a plain symbol A (not y, m or n) is the one kept as it is */
		e->flags = EXPR_LEAVES_DISJOINT |
			   (!le || le->type != E_SYMBOL || (le->flags & EXPR_MAY_TRANSFORM) ?
			    EXPR_MAY_TRANSFORM : 0);
		e->syms = le ? le->syms : 0;
		break;
	case E_SYMBOL:
		e->flags = EXPR_LEAVES_DISJOINT;
		if (l == &kc->symbol_yes || l == &kc->symbol_no)
			e->flags |= EXPR_HAS_YN | EXPR_MAY_TRANSFORM;
		else if (l == &kc->symbol_mod)
			e->flags |= EXPR_MAY_TRANSFORM;
		e->syms = expr_sym_bit(l);
		break;
	case E_LIST:	/* left: the rest of the list, right: a member */
		e->flags = EXPR_LEAVES_DISJOINT;
		e->syms = (le ? le->syms : 0) | expr_sym_bit(r);
		break;
	case E_EQUAL: case E_UNEQUAL:	/* 'bool = y' and the like are rewritten */
		e->flags = EXPR_MAY_TRANSFORM | EXPR_LEAVES_DISJOINT;
		e->syms = expr_sym_bit(l) | expr_sym_bit(r);
		break;
	default:	/* other comparisons, E_RANGE: two symbols */
		e->flags = EXPR_LEAVES_DISJOINT;
		e->syms = expr_sym_bit(l) | expr_sym_bit(r);
		break;
	}
	kc->expr_hash[b] = e;
	kc->nr_exprs++;
	return e;
}

/* expr_insert when the table must grow or the arena needs a new block */
static __attribute__((noinline)) struct expr *expr_insert_slow(struct kconf *kc, size_t b,
								enum expr_type type, void *l, void *r)
{
	if (kc->nr_exprs >= kc->expr_hash_limit) {
		expr_table_grow(kc);
		for (b = expr_slot(kc, type, l, r); kc->expr_hash[b]; b = (b + 1) & (kc->expr_hash_size - 1))
			;
	}
	return expr_fill(kc, b, arena_alloc(&kc->arena, sizeof(struct expr)), type, l, r);
}

/*
 * The miss path of expr_lookup: a new node in free slot b.  Its common case
 * makes no call (the rare one is a tail call), so it saves no registers.
 */
static __attribute__((noinline)) struct expr *expr_insert(struct kconf *kc, size_t b,
							   enum expr_type type, void *l, void *r)
{
	if (kc->nr_exprs >= kc->expr_hash_limit || arena_room(&kc->arena) < sizeof(struct expr))
		return expr_insert_slow(kc, b, type, l, r);
	return expr_fill(kc, b, arena_alloc(&kc->arena, sizeof(struct expr)), type, l, r);
}

static inline struct expr *expr_lookup(struct kconf *kc, enum expr_type type, void *l, void *r)
{
	size_t mask, b;
	struct expr *e;

	if (!kc->expr_hash)
		expr_table_grow(kc);
	mask = kc->expr_hash_size - 1;
	for (b = expr_slot(kc, type, l, r); (e = kc->expr_hash[b]); b = (b + 1) & mask)
		if (e->left.expr == l && e->right.expr == r && e->type == type)
			return e;
	return expr_insert(kc, b, type, l, r);
}

/* ---- results of the rewrites ---- */

/*
 * transform and eliminate_dups are pure functions of a node and the symbol
 * types (which menu_set_type may still change: kc->type_gen).  menu_finalize
 * applies them to the same sub-expressions over and over (a parent's
 * dependencies in every child), so their results are cached here.
 * It is a cache, not a map: one slot per hash, a newer entry evicts an
 * older one, and a miss just recomputes.  Its memory is given back after
 * finalizing.
 */
enum memo_op {
	MEMO_TRANSFORM = 1, MEMO_DUPS,
	MEMO_EQ_N, MEMO_NE_N,	/* expr_trans_compare(e, =/!=, n) of an &&/|| */
};

struct memo_slot {
	const struct expr *key;
	struct expr *val;
	unsigned gen;		/* kc->type_gen + 1 when stored */
	unsigned op;		/* enum memo_op */
};

#define MEMO_BITS 16		/* 65536 slots * 24 bytes */

struct expr_memo {
	struct memo_slot slot[(size_t)1 << MEMO_BITS];
};

static __attribute__((noinline)) struct expr_memo *memo_create(struct kconf *kc)
{
	kc->expr_memo = big_zalloc(sizeof(*kc->expr_memo));
	return kc->expr_memo;
}

static inline struct memo_slot *memo_slot(struct kconf *kc, enum memo_op op, const struct expr *key)
{
	struct expr_memo *m = kc->expr_memo ? kc->expr_memo : memo_create(kc);
	uint64_t h = ((uint64_t)(uintptr_t)key + op) * 0x9E3779B97F4A7C15ull;

	return &m->slot[h >> (64 - MEMO_BITS)];
}

static inline struct expr *memo_get(struct kconf *kc, enum memo_op op, const struct expr *key)
{
	struct memo_slot *p = memo_slot(kc, op, key);

	if (p->key == key && p->op == (unsigned)op && p->gen == kc->type_gen + 1)
		return p->val;
	return NULL;
}

static inline void memo_put(struct kconf *kc, enum memo_op op, const struct expr *key, struct expr *val)
{
	struct memo_slot *p = memo_slot(kc, op, key);

	p->key = key;
	p->val = val;
	p->gen = kc->type_gen + 1;
	p->op = op;
}

void expr_clear_flag_all(struct kconf *kc, unsigned char flag)
{
	for (size_t i = 0; i < kc->expr_hash_size; i++)
		if (kc->expr_hash[i])
			kc->expr_hash[i]->flags &= (unsigned char)~flag;
}

void expr_memo_release(struct kconf *kc)
{
	big_free(kc->expr_memo, sizeof(*kc->expr_memo));
	kc->expr_memo = NULL;
	expr_mnode_pool_free(kc);
}

struct expr *expr_alloc_symbol_new(struct kconf *kc, struct symbol *sym)
{
	sym->leaf = expr_lookup(kc, E_SYMBOL, sym, NULL);
	return sym->leaf;
}

struct expr *expr_alloc_one(struct kconf *kc, enum expr_type type, struct expr *ce)
{
	return expr_lookup(kc, type, ce, NULL);
}

struct expr *expr_alloc_two(struct kconf *kc, enum expr_type type, struct expr *e1, struct expr *e2)
{
	return expr_lookup(kc, type, e1, e2);
}

struct expr *expr_alloc_comp(struct kconf *kc, enum expr_type type, struct symbol *s1, struct symbol *s2)
{
	return expr_lookup(kc, type, s1, s2);
}

/* e's type over new operands; e itself when they are unchanged (no lookup) */
static struct expr *rebuild_two(struct kconf *kc, struct expr *e, struct expr *l, struct expr *r)
{
	if (l == e->left.expr && r == e->right.expr)
		return e;
	return expr_alloc_two(kc, e->type, l, r);
}

struct expr *expr_alloc_and(struct kconf *kc, struct expr *e1, struct expr *e2)
{
	if (!e1)
		return e2;
	return e2 ? expr_alloc_two(kc, E_AND, e1, e2) : e1;
}

struct expr *expr_alloc_or(struct kconf *kc, struct expr *e1, struct expr *e2)
{
	if (!e1)
		return e2;
	return e2 ? expr_alloc_two(kc, E_OR, e1, e2) : e1;
}

bool expr_is_yes(struct kconf *kc, const struct expr *e)
{
	return !e || (e->type == E_SYMBOL && e->left.sym == &kc->symbol_yes);
}

bool expr_is_no(struct kconf *kc, const struct expr *e)
{
	return e && e->type == E_SYMBOL && e->left.sym == &kc->symbol_no;
}

static bool is_sym(const struct expr *e, const struct symbol *s)
{
	return e->type == E_SYMBOL && e->left.sym == s;
}

/* ---- elimination of common operands ---- */

static struct expr *expr_eliminate_yn(struct kconf *kc, struct expr *e);
bool expr_eq(struct kconf *kc, struct expr *e1, struct expr *e2);

static void eliminate_eq_walk(struct kconf *kc, enum expr_type type, struct expr **ep1, struct expr **ep2)
{
	struct expr *l, *r;

	if ((*ep1)->type == type) {
		l = (*ep1)->left.expr;
		r = (*ep1)->right.expr;
		eliminate_eq_walk(kc, type, &l, ep2);
		eliminate_eq_walk(kc, type, &r, ep2);
		*ep1 = rebuild_two(kc, *ep1, l, r);
		return;
	}
	if ((*ep2)->type == type) {
		l = (*ep2)->left.expr;
		r = (*ep2)->right.expr;
		eliminate_eq_walk(kc, type, ep1, &l);
		eliminate_eq_walk(kc, type, ep1, &r);
		*ep2 = rebuild_two(kc, *ep2, l, r);
		return;
	}
	/* two leaves; constants y/n are what we eliminate to, never from */
	if ((*ep1)->type == E_SYMBOL && (*ep2)->type == E_SYMBOL &&
	    (*ep1)->left.sym == (*ep2)->left.sym &&
	    ((*ep1)->left.sym == &kc->symbol_yes || (*ep1)->left.sym == &kc->symbol_no))
		return;
	if (!expr_eq(kc, *ep1, *ep2))
		return;
	kc->trans_count++;
	if (type == E_OR) {
		*ep1 = *ep2 = expr_alloc_symbol(kc, &kc->symbol_no);
	} else if (type == E_AND) {
		*ep1 = *ep2 = expr_alloc_symbol(kc, &kc->symbol_yes);
	}
}

void expr_eliminate_eq(struct kconf *kc, struct expr **ep1, struct expr **ep2)
{
	if (!*ep1 || !*ep2)
		return;
	if ((*ep1)->type == E_OR || (*ep1)->type == E_AND)
		eliminate_eq_walk(kc, (*ep1)->type, ep1, ep2);
	if ((*ep1)->type != (*ep2)->type && ((*ep2)->type == E_OR || (*ep2)->type == E_AND))
		eliminate_eq_walk(kc, (*ep2)->type, ep1, ep2);
	*ep1 = expr_eliminate_yn(kc, *ep1);
	*ep2 = expr_eliminate_yn(kc, *ep2);
}

/* Equality modulo operand order within one &&/|| level. */
bool expr_eq(struct kconf *kc, struct expr *e1, struct expr *e2)
{
	if (!e1 || !e2)
		return expr_is_yes(kc, e1) && expr_is_yes(kc, e2);
	if (e1 == e2)
		return true;
	if (e1->type != e2->type)
		return false;
	switch (e1->type) {
	case E_EQUAL: case E_GEQ: case E_GTH: case E_LEQ: case E_LTH: case E_UNEQUAL:
	case E_SYMBOL:
		return false;	/* interned: equal operands would be the same node */
	case E_NOT:
		return expr_eq(kc, e1->left.expr, e2->left.expr);
	case E_AND:
	case E_OR: {
		int saved = kc->trans_count;
		expr_eliminate_eq(kc, &e1, &e2);
		bool res = e1->type == E_SYMBOL && e2->type == E_SYMBOL &&
			   e1->left.sym == e2->left.sym;
		kc->trans_count = saved;
		return res;
	}
	default:
		return false;
	}
}

/*
 * When the top node does not simplify, 6.1 (rewriting in place) keeps the
 * simplified children, while 6.12 returns the node as it was.
 */
static struct expr *yn_keep(struct kconf *kc, struct expr *e, struct expr *l, struct expr *r)
{
	if (kc->kver >= KV(6, 12))
		return e;
	return rebuild_two(kc, e, l, r);
}

/* e && n -> n, e && y -> e, e || n -> e, e || y -> y, recursively */
static struct expr *expr_eliminate_yn(struct kconf *kc, struct expr *e)
{
	struct symbol *Y = &kc->symbol_yes, *N = &kc->symbol_no;
	struct expr *l, *r;

	/* nothing to eliminate: the result is e itself in both versions */
	if (!e || !(e->flags & EXPR_HAS_YN))
		return e;
	if (e->type == E_AND) {
		l = expr_eliminate_yn(kc, e->left.expr);
		r = expr_eliminate_yn(kc, e->right.expr);
		if (is_sym(l, N)) return l;
		if (is_sym(l, Y)) return r;
		if (is_sym(r, N)) return r;
		if (is_sym(r, Y)) return l;
		return yn_keep(kc, e, l, r);
	}
	if (e->type == E_OR) {
		l = expr_eliminate_yn(kc, e->left.expr);
		r = expr_eliminate_yn(kc, e->right.expr);
		if (is_sym(l, N)) return r;
		if (is_sym(l, Y)) return l;
		if (is_sym(r, N)) return l;
		if (is_sym(r, Y)) return r;
		return yn_keep(kc, e, l, r);
	}
	return e;
}

/* Leaf operand shape shared by the join rules: A, !A, A=x, A!=x. */
static bool join_operand(const struct expr *e1, const struct expr *e2,
			 struct symbol **sym1, struct symbol **sym2)
{
	const struct expr *t;

	if (e1->type != E_EQUAL && e1->type != E_UNEQUAL && e1->type != E_SYMBOL && e1->type != E_NOT)
		return false;
	if (e2->type != E_EQUAL && e2->type != E_UNEQUAL && e2->type != E_SYMBOL && e2->type != E_NOT)
		return false;
	if (e1->type == E_NOT) {
		t = e1->left.expr;
		if (t->type != E_EQUAL && t->type != E_UNEQUAL && t->type != E_SYMBOL)
			return false;
		*sym1 = t->left.sym;
	} else {
		*sym1 = e1->left.sym;
	}
	if (e2->type == E_NOT) {
		if (e2->left.expr->type != E_SYMBOL)
			return false;
		*sym2 = e2->left.expr->left.sym;
	} else {
		*sym2 = e2->left.sym;
	}
	return *sym1 == *sym2 && ((*sym1)->type == S_BOOLEAN || (*sym1)->type == S_TRISTATE);
}

static bool cmp_pair(const struct expr *e1, const struct expr *e2, enum expr_type t,
		     const struct symbol *a, const struct symbol *b)
{
	return e1->type == t && e2->type == t &&
	       ((e1->right.sym == a && e2->right.sym == b) ||
		(e1->right.sym == b && e2->right.sym == a));
}

/* e1 || e2 -> one operand, or NULL when nothing simplifies */
static struct expr *expr_join_or(struct kconf *kc, struct expr *e1, struct expr *e2)
{
	struct symbol *s1, *s2, *Y = &kc->symbol_yes, *M = &kc->symbol_mod, *N = &kc->symbol_no;

	if (expr_eq(kc, e1, e2))
		return e1;
	if (!join_operand(e1, e2, &s1, &s2))
		return NULL;
	if (s1->type == S_TRISTATE) {
		if (cmp_pair(e1, e2, E_EQUAL, Y, M))
			return expr_alloc_comp(kc, E_UNEQUAL, s1, N);
		if (cmp_pair(e1, e2, E_EQUAL, Y, N))
			return expr_alloc_comp(kc, E_UNEQUAL, s1, M);
		if (cmp_pair(e1, e2, E_EQUAL, M, N))
			return expr_alloc_comp(kc, E_UNEQUAL, s1, Y);
	}
	if (s1->type == S_BOOLEAN) {
		/* A || !A -> y */
		if ((e1->type == E_NOT && e1->left.expr->type == E_SYMBOL && e2->type == E_SYMBOL) ||
		    (e2->type == E_NOT && e2->left.expr->type == E_SYMBOL && e1->type == E_SYMBOL))
			return expr_alloc_symbol(kc, Y);
	}
	return NULL;
}

static bool sym_cmp(const struct expr *a, const struct expr *b, enum expr_type bt, const struct symbol *v)
{
	return a->type == E_SYMBOL && b->type == bt && b->right.sym == v;
}

/* e1 && e2 -> one operand, or NULL */
static struct expr *expr_join_and(struct kconf *kc, struct expr *e1, struct expr *e2)
{
	struct symbol *s1, *s2, *Y = &kc->symbol_yes, *M = &kc->symbol_mod, *N = &kc->symbol_no;

	if (expr_eq(kc, e1, e2))
		return e1;
	if (!join_operand(e1, e2, &s1, &s2))
		return NULL;
	/* A && A=y -> A=y */
	if (sym_cmp(e1, e2, E_EQUAL, Y) || sym_cmp(e2, e1, E_EQUAL, Y))
		return expr_alloc_comp(kc, E_EQUAL, s1, Y);
	/* A && A!=n -> A */
	if (sym_cmp(e1, e2, E_UNEQUAL, N) || sym_cmp(e2, e1, E_UNEQUAL, N))
		return expr_alloc_symbol(kc, s1);
	/* A && A!=m -> A=y */
	if (sym_cmp(e1, e2, E_UNEQUAL, M) || sym_cmp(e2, e1, E_UNEQUAL, M))
		return expr_alloc_comp(kc, E_EQUAL, s1, Y);
	if (s1->type == S_TRISTATE) {
		/* A=b && A!=c -> b==c ? n : A=b */
		if (e1->type == E_EQUAL && e2->type == E_UNEQUAL) {
			struct symbol *b = e1->right.sym;
			if ((e2->right.sym->flags & SYMBOL_CONST) && (b->flags & SYMBOL_CONST))
				return b != e2->right.sym ? expr_alloc_comp(kc, E_EQUAL, s1, b)
							  : expr_alloc_symbol(kc, N);
		}
		if (e1->type == E_UNEQUAL && e2->type == E_EQUAL) {
			struct symbol *b = e2->right.sym;
			if ((e1->right.sym->flags & SYMBOL_CONST) && (b->flags & SYMBOL_CONST))
				return b != e1->right.sym ? expr_alloc_comp(kc, E_EQUAL, s1, b)
							  : expr_alloc_symbol(kc, N);
		}
		if (cmp_pair(e1, e2, E_UNEQUAL, Y, N))
			return expr_alloc_comp(kc, E_EQUAL, s1, M);
		if (cmp_pair(e1, e2, E_UNEQUAL, Y, M))
			return expr_alloc_comp(kc, E_EQUAL, s1, N);
		if (cmp_pair(e1, e2, E_UNEQUAL, M, N))
			return expr_alloc_comp(kc, E_EQUAL, s1, Y);
	}
	return NULL;
}

static struct expr *expr_join(struct kconf *kc, enum expr_type type, struct expr *a, struct expr *b)
{
	return type == E_OR ? expr_join_or(kc, a, b) : expr_join_and(kc, a, b);
}

/* The symbol a join rule would look at (join_operand's), or NULL. */
static const struct symbol *join_key(const struct expr *e)
{
	switch (e->type) {
	case E_SYMBOL: case E_EQUAL: case E_UNEQUAL:
		return e->left.sym;
	case E_NOT:
		e = e->left.expr;
		if (e->type == E_SYMBOL || e->type == E_EQUAL || e->type == E_UNEQUAL)
			return e->left.sym;
		return NULL;
	default:
		return NULL;
	}
}

/*
 * Can expr_join() of a and b give anything?  Only when they are equal
 * (expr_eq: the same node, or two !, && or || of the same kind) or when a
 * join rule sees the same symbol in both.  Cheap, and most pairs fail it.
 */
static bool may_join(const struct expr *a, const struct expr *b)
{
	const struct symbol *ka;

	if (a == b)
		return true;
	if (a->type == b->type && (a->type == E_NOT || a->type == E_AND || a->type == E_OR))
		return true;
	ka = join_key(a);
	return ka && ka == join_key(b);
}

/* 6.12 shape: compare the leaves of one side with the leaves of the other. */
static void dups_walk(struct kconf *kc, enum expr_type type, struct expr **ep1, struct expr **ep2)
{
	struct expr *l, *r, *tmp;

	/*
	 * Leaves can only join when they are equal or test the same symbol,
	 * and equal trees have a symbol in common (y and n count), so
	 * without one nothing below changes.
	 */
	if (!((*ep1)->syms & (*ep2)->syms))
		return;
	if ((*ep1)->type == type) {
		l = (*ep1)->left.expr;
		r = (*ep1)->right.expr;
		dups_walk(kc, type, &l, ep2);
		dups_walk(kc, type, &r, ep2);
		*ep1 = rebuild_two(kc, *ep1, l, r);
		return;
	}
	if ((*ep2)->type == type) {
		l = (*ep2)->left.expr;
		r = (*ep2)->right.expr;
		dups_walk(kc, type, ep1, &l);
		dups_walk(kc, type, ep1, &r);
		*ep2 = rebuild_two(kc, *ep2, l, r);
		return;
	}
	if (type != E_OR && type != E_AND)
		return;
	if (!may_join(*ep1, *ep2))
		return;
	tmp = expr_join(kc, type, *ep1, *ep2);
	if (tmp) {
		*ep1 = expr_alloc_symbol(kc, type == E_OR ? &kc->symbol_no : &kc->symbol_yes);
		*ep2 = tmp;
		kc->trans_count++;
	}
}

static struct expr *dups_612_compute(struct kconf *kc, struct expr *e);

/*
 * A tree without y/n on its spine whose leaves test disjoint symbols (so
 * every leaf) is its own result: no two leaves can join (see dups_walk).
 */
static inline struct expr *eliminate_dups_612(struct kconf *kc, struct expr *e)
{
	if ((e->flags & (EXPR_HAS_YN | EXPR_LEAVES_DISJOINT)) == EXPR_LEAVES_DISJOINT)
		return e;
	return dups_612_compute(kc, e);
}

static __attribute__((noinline)) struct expr *dups_612_compute(struct kconf *kc, struct expr *e)
{
	int saved = kc->trans_count;
	struct expr *orig = e, *memo;

	memo = memo_get(kc, MEMO_DUPS, e);
	if (memo)
		return memo;
	do {
		kc->trans_count = 0;
		if (e->type == E_OR || e->type == E_AND) {
			struct expr *l = eliminate_dups_612(kc, e->left.expr);
			struct expr *r = eliminate_dups_612(kc, e->right.expr);
			dups_walk(kc, e->type, &l, &r);
			e = rebuild_two(kc, e, l, r);
		}
		e = expr_eliminate_yn(kc, e);
	} while (kc->trans_count);
	kc->trans_count = saved;
	memo_put(kc, MEMO_DUPS, orig, e);
	return e;
}

/*
 * 6.1 shape.  The 6.1 walk passes the same tree as both operands and skips
 * a leaf compared with itself by node identity; with interned nodes two
 * equal leaves would look identical, so positions get their own nodes here.
 */
struct mnode {
	enum expr_type type;		/* E_AND/E_OR spine, or E_NONE for a leaf */
	struct mnode *l, *r;
	struct expr *leaf;
	/* as built by mnode_from; only exact until the walk's first join */
	uint64_t syms;			/* symbol bits of the leaves */
	bool disjoint;			/* leaves test pairwise disjoint symbols */
};

/*
 * The nodes of one walk live until it ends, so they come from a stack of
 * fixed chunks (mark, allocate, release) kept in kc: a calloc and free per
 * node cost 6.1 about 35M instructions per kernel configuration.
 */
#define MNODE_CHUNK 1024
struct mnode_pool {
	struct mnode **chunks;
	size_t nr_chunks, top;		/* top: nodes in use, over all chunks */
};

static struct mnode *mnode_new(struct kconf *kc)
{
	struct mnode_pool *p = kc->mnode_pool;

	if (!p)
		p = kc->mnode_pool = xcalloc(1, sizeof(*p));
	if (p->top == p->nr_chunks * MNODE_CHUNK) {
		p->chunks = xrealloc(p->chunks, (p->nr_chunks + 1) * sizeof(*p->chunks));
		p->chunks[p->nr_chunks++] = xmalloc(MNODE_CHUNK * sizeof(struct mnode));
	}
	struct mnode *m = &p->chunks[p->top / MNODE_CHUNK][p->top % MNODE_CHUNK];
	p->top++;
	return m;
}

static size_t mnode_mark(struct kconf *kc)
{
	return kc->mnode_pool ? kc->mnode_pool->top : 0;
}

static void mnode_release(struct kconf *kc, size_t mark)
{
	if (kc->mnode_pool)
		kc->mnode_pool->top = mark;
}

void expr_mnode_pool_free(struct kconf *kc)
{
	struct mnode_pool *p = kc->mnode_pool;

	if (!p)
		return;
	for (size_t i = 0; i < p->nr_chunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p);
	kc->mnode_pool = NULL;
}

static struct mnode *mnode_from(struct kconf *kc, struct expr *e)
{
	struct mnode *m = mnode_new(kc);
	if (e->type == E_AND || e->type == E_OR) {
		m->type = e->type;
		m->l = mnode_from(kc, e->left.expr);
		m->r = mnode_from(kc, e->right.expr);
		m->leaf = NULL;
	} else {
		m->type = E_NONE;
		m->l = m->r = NULL;
		m->leaf = e;
	}
	m->syms = e->syms;
	m->disjoint = e->flags & EXPR_LEAVES_DISJOINT;
	return m;
}

static struct expr *mnode_to(struct kconf *kc, const struct mnode *m)
{
	if (m->type == E_NONE)
		return m->leaf;
	return expr_alloc_two(kc, m->type, mnode_to(kc, m->l), mnode_to(kc, m->r));
}

static enum expr_type mnode_type(const struct mnode *m)
{
	return m->type == E_NONE ? m->leaf->type : m->type;
}

/* the replaced subtree stays in the pool until the walk ends */
static void mnode_set(struct kconf *kc, struct mnode *m, struct expr *e)
{
	m->l = m->r = NULL;
	if (e->type == E_AND || e->type == E_OR) {
		*m = *mnode_from(kc, e);
	} else {
		m->type = E_NONE;
		m->leaf = e;
		m->syms = e->syms;
		m->disjoint = true;
	}
}

static uint64_t mnode_syms(struct kconf *kc, const struct mnode *m)
{
	if (!kc->trans_count || m->type == E_NONE)
		return m->syms;
	return mnode_syms(kc, m->l) | mnode_syms(kc, m->r);
}

static void dups_walk_61(struct kconf *kc, enum expr_type type, struct mnode *m1, struct mnode *m2)
{
	/* no join inside m1 and none between m1 and m2: nothing below changes */
	if (!kc->trans_count && m1->disjoint && !(m1->syms & m2->syms))
		return;
	if (m1->type == type) {
		dups_walk_61(kc, type, m1->l, m2);
		dups_walk_61(kc, type, m1->r, m2);
		return;
	}
	if (m2->type == type) {
		dups_walk_61(kc, type, m1, m2->l);
		dups_walk_61(kc, type, m1, m2->r);
		return;
	}
	if (m1 == m2)
		return;
	/* a subtree with disjoint leaves joins nothing against itself */
	if ((m1->type == E_OR || m1->type == E_AND) && (kc->trans_count || !m1->disjoint))
		dups_walk_61(kc, m1->type, m1, m1);
	if (type != E_OR && type != E_AND)
		return;
	/* a leaf and a spine never join; two leaves only as may_join() says */
	if ((m1->type == E_NONE) != (m2->type == E_NONE))
		return;
	/* without a symbol in common nothing joins (see dups_walk) */
	if (m1->type == E_NONE ? !(m1->leaf->syms & m2->leaf->syms) || !may_join(m1->leaf, m2->leaf)
			       : !(mnode_syms(kc, m1) & mnode_syms(kc, m2)))
		return;
	struct expr *a = mnode_to(kc, m1), *b = mnode_to(kc, m2);
	struct expr *tmp = expr_join(kc, type, a, b);
	if (tmp) {
		mnode_set(kc, m1, expr_alloc_symbol(kc, type == E_OR ? &kc->symbol_no : &kc->symbol_yes));
		mnode_set(kc, m2, tmp);
		kc->trans_count++;
	}
}

/* The leaves of e's spine of &&s or ||s (type t), at most max; false if more */
static bool spine_leaves(struct expr *e, enum expr_type t, struct expr **leaf, size_t max, size_t *n)
{
	if (e->type == t)
		return spine_leaves(e->left.expr, t, leaf, max, n) &&
		       spine_leaves(e->right.expr, t, leaf, max, n);
	if (*n == max)
		return false;
	leaf[(*n)++] = e;
	return true;
}

/*
 * Would the 6.1 walk of &&/|| e join anything?  Until its first join it
 * offers every two leaf positions of the spine to expr_join(), both ways
 * round, and walks each &&/|| leaf on its own; so when none of those joins,
 * the walk changes nothing.  This asks the same questions without building
 * the mutable tree (most walks join nothing), and says yes for long spines.
 */
static bool walk_61_may_join(struct kconf *kc, struct expr *e)
{
	struct expr *leaf[32];
	enum expr_type t = e->type;
	size_t n = 0;

	if (!spine_leaves(e, t, leaf, 32, &n))
		return true;
	for (size_t i = 0; i < n; i++) {
		struct expr *a = leaf[i];

		if ((a->type == E_AND || a->type == E_OR) && !(a->flags & EXPR_LEAVES_DISJOINT) &&
		    walk_61_may_join(kc, a))
			return true;
		for (size_t j = i + 1; j < n; j++) {
			struct expr *b = leaf[j];

			/* the filter of dups_walk_61 */
			if (!(a->syms & b->syms) || !may_join(a, b))
				continue;
			if (expr_join(kc, t, a, b) || expr_join(kc, t, b, a))
				return true;
		}
	}
	return false;
}

static struct expr *eliminate_dups_61(struct kconf *kc, struct expr *e)
{
	int saved = kc->trans_count;

	for (;;) {
		kc->trans_count = 0;
		if (e->type == E_OR || e->type == E_AND) {
			if (!walk_61_may_join(kc, e))
				break;
			size_t mark = mnode_mark(kc);
			struct mnode *m = mnode_from(kc, e);
			dups_walk_61(kc, mnode_type(m), m, m);
			e = mnode_to(kc, m);
			mnode_release(kc, mark);
		}
		if (!kc->trans_count)
			break;
		e = expr_eliminate_yn(kc, e);
	}
	kc->trans_count = saved;
	return e;
}

struct expr *expr_eliminate_dups(struct kconf *kc, struct expr *e)
{
	struct expr *r;

	if (!e)
		return e;
	if (kc->kver >= KV(6, 12))
		return eliminate_dups_612(kc, e);
	/* no two leaves can join (see dups_walk): the 6.1 walk is a no-op */
	if (e->flags & EXPR_LEAVES_DISJOINT)
		return e;
	/* 6.1's in-place algorithm is still a pure function of the input */
	r = memo_get(kc, MEMO_DUPS, e);
	if (r)
		return r;
	r = eliminate_dups_61(kc, e);
	memo_put(kc, MEMO_DUPS, e, r);
	return r;
}

/* ---- normalisation of comparisons and negations ---- */

static struct expr *transform_memo(struct kconf *kc, struct expr *e, bool *printed);
static struct expr *transform_node(struct kconf *kc, struct expr *e, bool *printed);

/* e itself when it has nothing to rewrite (a plain symbol...): skips the memo */
static inline struct expr *transform(struct kconf *kc, struct expr *e, bool *printed)
{
	if (!e || !(e->flags & EXPR_MAY_TRANSFORM))
		return e;
	return transform_memo(kc, e, printed);
}

/*
 * expr_transform is a pure function of the node (given kc->kver and symbol
 * types), except that it prints a warning for each 'bool = m' it rewrites.
 * Results are memoized unless computing them printed, so the warnings
 * still come exactly as often as the kernel prints them.
 */
struct expr *expr_transform(struct kconf *kc, struct expr *e)
{
	bool printed = false;

	return transform(kc, e, &printed);
}

static struct expr *transform_memo(struct kconf *kc, struct expr *e, bool *printed)
{
	struct expr *orig = e, *r;
	bool pr = false;

	r = memo_get(kc, MEMO_TRANSFORM, e);
	if (r)
		return r;
	r = transform_node(kc, e, &pr);
	if (pr) {
		*printed = true;
	} else {
		memo_put(kc, MEMO_TRANSFORM, orig, r);
	}
	return r;
}

static struct expr *transform_node(struct kconf *kc, struct expr *e, bool *printed)
{
	struct symbol *Y = &kc->symbol_yes, *M = &kc->symbol_mod, *N = &kc->symbol_no;

	switch (e->type) {
	case E_EQUAL: case E_GEQ: case E_GTH: case E_LEQ: case E_LTH: case E_UNEQUAL:
	case E_SYMBOL: case E_LIST:
		break;
	case E_NOT: {
		struct expr *c = transform(kc, e->left.expr, printed);
		if (c != e->left.expr)
			e = expr_alloc_one(kc, E_NOT, c);
		break;
	}
	default: {
		/*
		 * The order matters for the warnings below: 6.1 rewrites the
		 * left operand first; 6.12 passes both as arguments of
		 * expr_alloc_two(), which gcc evaluates right to left.
		 */
		struct expr *l, *r;
		if (kc->kver >= KV(6, 12)) {
			r = transform(kc, e->right.expr, printed);
			l = transform(kc, e->left.expr, printed);
		} else {
			l = transform(kc, e->left.expr, printed);
			r = transform(kc, e->right.expr, printed);
		}
		e = rebuild_two(kc, e, l, r);
	}
	}

	switch (e->type) {
	case E_EQUAL:
		if (e->left.sym->type != S_BOOLEAN)
			break;
		if (e->right.sym == N)
			return expr_alloc_one(kc, E_NOT, expr_alloc_symbol(kc, e->left.sym));
		if (e->right.sym == M) {
			fprintf(kc->out, "boolean symbol %s tested for 'm'? test forced to 'n'\n",
				e->left.sym->name);
			*printed = true;
			return expr_alloc_symbol(kc, N);
		}
		if (e->right.sym == Y)
			return expr_alloc_symbol(kc, e->left.sym);
		break;
	case E_UNEQUAL:
		if (e->left.sym->type != S_BOOLEAN)
			break;
		if (e->right.sym == N)
			return expr_alloc_symbol(kc, e->left.sym);
		if (e->right.sym == M) {
			fprintf(kc->out, "boolean symbol %s tested for 'm'? test forced to 'y'\n",
				e->left.sym->name);
			*printed = true;
			return expr_alloc_symbol(kc, Y);
		}
		if (e->right.sym == Y)
			return expr_alloc_one(kc, E_NOT, expr_alloc_symbol(kc, e->left.sym));
		break;
	case E_NOT: {
		struct expr *c = e->left.expr;
		switch (c->type) {
		case E_NOT:
			return kc->kver >= KV(6, 12) ? c->left.expr : transform(kc, c->left.expr, printed);
		case E_EQUAL:
		case E_UNEQUAL:
			return expr_alloc_comp(kc, c->type == E_EQUAL ? E_UNEQUAL : E_EQUAL,
					       c->left.sym, c->right.sym);
		case E_LEQ:
		case E_GEQ:
			return expr_alloc_comp(kc, c->type == E_LEQ ? E_GTH : E_LTH,
					       c->left.sym, c->right.sym);
		case E_LTH:
		case E_GTH:
			return expr_alloc_comp(kc, c->type == E_LTH ? E_GEQ : E_LEQ,
					       c->left.sym, c->right.sym);
		case E_OR:
			return transform(kc, expr_alloc_and(kc,
				expr_alloc_one(kc, E_NOT, c->left.expr),
				expr_alloc_one(kc, E_NOT, c->right.expr)), printed);
		case E_AND:
			return transform(kc, expr_alloc_or(kc,
				expr_alloc_one(kc, E_NOT, c->left.expr),
				expr_alloc_one(kc, E_NOT, c->right.expr)), printed);
		case E_SYMBOL:
			if (c->left.sym == Y)
				return expr_alloc_symbol(kc, N);
			if (c->left.sym == M)
				return expr_alloc_symbol(kc, M);
			if (c->left.sym == N)
				return expr_alloc_symbol(kc, Y);
			break;
		default:
			break;
		}
		break;
	}
	default:
		break;
	}
	return e;
}

bool expr_contains_symbol(struct expr *dep, struct symbol *sym)
{
	if (!dep || !(dep->syms & expr_sym_bit(sym)))
		return false;
	switch (dep->type) {
	case E_AND:
	case E_OR:
		return expr_contains_symbol(dep->left.expr, sym) ||
		       expr_contains_symbol(dep->right.expr, sym);
	case E_SYMBOL:
		return dep->left.sym == sym;
	case E_EQUAL: case E_GEQ: case E_GTH: case E_LEQ: case E_LTH: case E_UNEQUAL:
		return dep->left.sym == sym || dep->right.sym == sym;
	case E_NOT:
		return expr_contains_symbol(dep->left.expr, sym);
	default:
		return false;
	}
}

bool expr_depends_symbol(struct kconf *kc, struct expr *dep, struct symbol *sym)
{
	if (!dep)
		return false;
	switch (dep->type) {
	case E_AND:
		return expr_depends_symbol(kc, dep->left.expr, sym) ||
		       expr_depends_symbol(kc, dep->right.expr, sym);
	case E_SYMBOL:
		return dep->left.sym == sym;
	case E_EQUAL:
		return dep->left.sym == sym &&
		       (dep->right.sym == &kc->symbol_yes || dep->right.sym == &kc->symbol_mod);
	case E_UNEQUAL:
		return dep->left.sym == sym && dep->right.sym == &kc->symbol_no;
	default:
		return false;
	}
}

/* Push an explicit comparison with sym ('type' is E_EQUAL/E_UNEQUAL) into e. */
struct expr *expr_trans_compare(struct kconf *kc, struct expr *e, enum expr_type type, struct symbol *sym)
{
	struct expr *e1, *e2;
	struct symbol *Y = &kc->symbol_yes, *M = &kc->symbol_mod, *N = &kc->symbol_no;

	if (!e) {
		e = expr_alloc_symbol(kc, sym);
		if (type == E_UNEQUAL)
			e = expr_alloc_one(kc, E_NOT, e);
		return e;
	}
	switch (e->type) {
	case E_AND:
	case E_OR: {
		/* 'dep != n' is taken of the same parent deps for many entries */
		enum memo_op op = type == E_EQUAL ? MEMO_EQ_N : MEMO_NE_N;
		struct expr *orig = e, *r = NULL;

		if (sym == N && (type == E_EQUAL || type == E_UNEQUAL) &&
		    (r = memo_get(kc, op, orig)))
			return r;
		e1 = expr_trans_compare(kc, e->left.expr, E_EQUAL, sym);
		e2 = expr_trans_compare(kc, e->right.expr, E_EQUAL, sym);
		if (sym == Y)
			e = expr_alloc_two(kc, e->type, e1, e2);
		if (sym == N)
			e = expr_alloc_two(kc, e->type == E_AND ? E_OR : E_AND, e1, e2);
		if (type == E_UNEQUAL)
			e = expr_alloc_one(kc, E_NOT, e);
		if (sym == N && (type == E_EQUAL || type == E_UNEQUAL))
			memo_put(kc, op, orig, e);
		return e;
	}
	case E_NOT:
		return expr_trans_compare(kc, e->left.expr, type == E_EQUAL ? E_UNEQUAL : E_EQUAL, sym);
	case E_UNEQUAL: case E_LTH: case E_LEQ: case E_GTH: case E_GEQ: case E_EQUAL:
		if (type == E_EQUAL) {
			if (sym == Y) return e;
			if (sym == M) return expr_alloc_symbol(kc, N);
			if (sym == N) return expr_alloc_one(kc, E_NOT, e);
		} else {
			if (sym == Y) return expr_alloc_one(kc, E_NOT, e);
			if (sym == M) return expr_alloc_symbol(kc, Y);
			if (sym == N) return e;
		}
		break;
	case E_SYMBOL:
		return expr_alloc_comp(kc, type, e->left.sym, sym);
	default:
		break;
	}
	return NULL;
}

/* ---- evaluation ---- */

enum value_kind { K_STRING, K_SIGNED, K_UNSIGNED };

static enum value_kind parse_number(const char *str, enum symbol_type type,
				    long long *sval, unsigned long long *uval)
{
	char *tail;
	enum value_kind kind;

	errno = 0;
	switch (type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		*sval = !strcmp(str, "n") ? 0 : !strcmp(str, "m") ? 1 : !strcmp(str, "y") ? 2 : -1;
		return K_SIGNED;
	case S_INT:
		*sval = strtoll(str, &tail, 10);
		kind = K_SIGNED;
		break;
	case S_HEX:
		*uval = strtoull(str, &tail, 16);
		kind = K_UNSIGNED;
		break;
	default:
		*sval = strtoll(str, &tail, 0);
		kind = K_SIGNED;
		break;
	}
	return !errno && !*tail && tail > str && isxdigit((unsigned char)tail[-1]) ? kind : K_STRING;
}

tristate expr_compare_strings(enum expr_type op, const char *s1, enum symbol_type t1,
			      const char *s2, enum symbol_type t2)
{
	long long lsv = 0, rsv = 0;
	unsigned long long luv = 0, ruv = 0;
	enum value_kind k1 = K_STRING, k2 = K_STRING;
	int res;

	if (t1 != S_STRING || t2 != S_STRING) {
		k1 = parse_number(s1, t1, &lsv, &luv);
		k2 = parse_number(s2, t2, &rsv, &ruv);
	}
	if (k1 == K_STRING || k2 == K_STRING) {
		res = strcmp(s1, s2);
	} else if (k1 == K_UNSIGNED || k2 == K_UNSIGNED) {
		/* the kernel reads both through the same union */
		unsigned long long a = k1 == K_UNSIGNED ? luv : (unsigned long long)lsv;
		unsigned long long b = k2 == K_UNSIGNED ? ruv : (unsigned long long)rsv;
		res = (a > b) - (a < b);
	} else {
		res = (lsv > rsv) - (lsv < rsv);
	}
	switch (op) {
	case E_EQUAL: return res ? no : yes;
	case E_GEQ: return res >= 0 ? yes : no;
	case E_GTH: return res > 0 ? yes : no;
	case E_LEQ: return res <= 0 ? yes : no;
	case E_LTH: return res < 0 ? yes : no;
	case E_UNEQUAL: return res ? yes : no;
	default: return no;
	}
}

static tristate expr_compare_value(struct kconf *kc, struct expr *e)
{
	struct symbol *ls = e->left.sym, *rs = e->right.sym;

	sym_calc_value(kc, ls);
	sym_calc_value(kc, rs);
	sym_note_read(kc, ls);
	sym_note_read(kc, rs);
	return expr_compare_strings((enum expr_type)e->type, sym_get_string_value(kc, ls), ls->type,
				    sym_get_string_value(kc, rs), rs->type);
}

static tristate expr_eval(struct kconf *kc, struct expr *e);

/*
 * 6.12 caches every node's value until expr_invalidate_all(); the cache can
 * be stale within one pass and the kernel's results depend on that, so we
 * cache exactly the same way.
 *
 * 6.1 evaluates afresh every time; we cache only what a fresh evaluation
 * would give and where it would have no side effect: a value computed from
 * symbols that were all valid and not being computed (sym_note_busy_read()
 * counts kc->eval_unstable) stays right until a symbol loses SYMBOL_VALID
 * (expr_symbols_invalidated()) or a type changes.
 * A leaf whose symbol is valid (most nodes) is answered without a call.
 */
static inline tristate node_value(struct kconf *kc, struct expr *e)
{
	tristate v;
	unsigned unstable;

	if (!e)
		return yes;
	if (e->val_gen == kc->eval_gen)
		return e->val;
	if (e->type == E_SYMBOL && (e->left.sym->flags & SYMBOL_VALID)) {
		sym_note_read(kc, e->left.sym);
		v = e->left.sym->curr.tri;
		if (kc->kver < KV(6, 12))
			return v;	/* as cheap as the cache */
	} else {
		unstable = kc->eval_unstable;
		v = expr_eval(kc, e);
		if (kc->kver < KV(6, 12) && kc->eval_unstable != unstable)
			return v;
	}
	e->val = v;
	e->val_gen = kc->eval_gen;
	return v;
}

static tristate expr_eval(struct kconf *kc, struct expr *e)
{
	tristate a, b;

	switch (e->type) {
	case E_SYMBOL:
		sym_calc_value(kc, e->left.sym);
		sym_note_read(kc, e->left.sym);
		return e->left.sym->curr.tri;
	case E_AND:
		a = node_value(kc, e->left.expr);
		b = node_value(kc, e->right.expr);
		return TRI_AND(a, b);
	case E_OR:
		a = node_value(kc, e->left.expr);
		b = node_value(kc, e->right.expr);
		return TRI_OR(a, b);
	case E_NOT:
		return TRI_NOT(node_value(kc, e->left.expr));
	case E_EQUAL: case E_GEQ: case E_GTH: case E_LEQ: case E_LTH: case E_UNEQUAL:
		return expr_compare_value(kc, e);
	default:
		fprintf(kc->out, "expr_calc_value: %d?\n", e->type);
		kc->eval_unstable++;	/* 6.1 prints this every time */
		sym_replay_lost(kc);
		return no;
	}
}

tristate expr_calc_value(struct kconf *kc, struct expr *e)
{
	/* a type change alters comparisons (6.1 can evaluate before the types settle) */
	if (kc->kver < KV(6, 12) && kc->eval_type_gen != kc->type_gen) {
		kc->eval_type_gen = kc->type_gen;
		kc->eval_gen++;
	}
	return node_value(kc, e);
}

void expr_invalidate_all(struct kconf *kc)
{
	kc->eval_gen++;
	sym_replay_lost(kc);	/* a full invalidation in symbol.c sets it again */
}

void expr_symbols_invalidated(struct kconf *kc)
{
	if (kc->kver < KV(6, 12))
		kc->eval_gen++;
	sym_replay_lost(kc);
}

/* ---- printing ---- */

/* Does an operator of type t2 need parentheses inside one of type t1? */
static bool needs_parens(enum expr_type t1, enum expr_type t2)
{
	if (t1 == t2)
		return false;
	switch (t1) {
	case E_LEQ: case E_LTH: case E_GEQ: case E_GTH:
		if (t2 == E_EQUAL || t2 == E_UNEQUAL)
			return true;
		/* fallthrough */
	case E_EQUAL: case E_UNEQUAL:
		if (t2 == E_NOT)
			return true;
		/* fallthrough */
	case E_NOT:
		if (t2 == E_AND)
			return true;
		/* fallthrough */
	case E_AND:
		if (t2 == E_OR)
			return true;
		/* fallthrough */
	case E_OR:
		if (t2 == E_LIST)
			return true;
		/* fallthrough */
	case E_LIST:
		return t2 == E_NONE;
	default:
		return false;
	}
}

struct printer {
	struct kconf *kc;
	struct kstr *out;
	bool values;		/* append " [=value]" to symbols */
};

static void emit(struct printer *p, struct symbol *sym, const char *str)
{
	struct kstr *gs = p->out;
	const char *sym_str = NULL;

	if (!p->values) {
		kstr_append(gs, str);
		return;
	}
	if (sym)
		sym_str = sym_get_string_value(p->kc, sym);
	if (gs->max_width) {
		size_t extra = strlen(str);
		const char *last_cr = strrchr(gs->s, '\n');
		if (sym_str)
			extra += 4 + strlen(sym_str);
		if (!last_cr)
			last_cr = gs->s;
		size_t last_len = strlen(gs->s) - (size_t)(last_cr - gs->s);
		if (last_len + extra > (size_t)gs->max_width)
			kstr_append(gs, "\\\n");
	}
	kstr_append(gs, str);
	if (sym && sym->type != S_UNKNOWN)
		kstr_printf(gs, " [=%s]", sym_str);
}

static void emit_left_sym(struct printer *p, struct symbol *s)
{
	if (s->name)
		emit(p, s, s->name);
	else
		emit(p, NULL, "<choice>");
}

static void print_expr(struct printer *p, const struct expr *e, enum expr_type prev)
{
	if (!e) {
		emit(p, NULL, "y");
		return;
	}
	bool paren = needs_parens(prev, e->type);
	if (paren)
		emit(p, NULL, "(");
	switch (e->type) {
	case E_SYMBOL:
		emit_left_sym(p, e->left.sym);
		break;
	case E_NOT:
		emit(p, NULL, "!");
		print_expr(p, e->left.expr, E_NOT);
		break;
	case E_EQUAL: case E_UNEQUAL: case E_LEQ: case E_LTH: case E_GEQ: case E_GTH: {
		static const char *const ops[] = {
			[E_EQUAL] = "=", [E_UNEQUAL] = "!=", [E_LEQ] = "<=",
			[E_LTH] = "<", [E_GEQ] = ">=", [E_GTH] = ">",
		};
		emit_left_sym(p, e->left.sym);
		emit(p, NULL, ops[e->type]);
		emit(p, e->right.sym, e->right.sym->name);
		break;
	}
	case E_OR:
		print_expr(p, e->left.expr, E_OR);
		emit(p, NULL, " || ");
		print_expr(p, e->right.expr, E_OR);
		break;
	case E_AND:
		print_expr(p, e->left.expr, E_AND);
		emit(p, NULL, " && ");
		print_expr(p, e->right.expr, E_AND);
		break;
	case E_LIST:
		emit(p, e->right.sym, e->right.sym->name);
		if (e->left.expr) {
			emit(p, NULL, " ^ ");
			print_expr(p, e->left.expr, E_LIST);
		}
		break;
	case E_RANGE:
		emit(p, NULL, "[");
		emit(p, e->left.sym, e->left.sym->name);
		emit(p, NULL, " ");
		emit(p, e->right.sym, e->right.sym->name);
		emit(p, NULL, "]");
		break;
	default: {
		char buf[32];
		snprintf(buf, sizeof(buf), "<unknown type %d>", e->type);
		emit(p, NULL, buf);
		break;
	}
	}
	if (paren)
		emit(p, NULL, ")");
}

void expr_print_kstr(struct kconf *kc, const struct expr *e, struct kstr *out)
{
	struct printer p = { kc, out, false };
	print_expr(&p, e, E_NONE);
}

void expr_print_kstr_values(struct kconf *kc, const struct expr *e, struct kstr *out)
{
	struct printer p = { kc, out, true };
	print_expr(&p, e, E_NONE);
}

/* Top-level || terms on their own "  - " lines, those whose value is pr_type. */
static void print_revdep(struct printer *p, struct expr *e, tristate pr_type, const char **title)
{
	if (e->type == E_OR) {
		print_revdep(p, e->left.expr, pr_type, title);
		print_revdep(p, e->right.expr, pr_type, title);
	} else if (expr_calc_value(p->kc, e) == pr_type) {
		if (*title) {
			emit(p, NULL, *title);
			*title = NULL;
		}
		emit(p, NULL, "  - ");
		print_expr(p, e, E_NONE);
		emit(p, NULL, "\n");
	}
}

void expr_print_revdep(struct kconf *kc, struct expr *e, struct kstr *out,
		       tristate pr_type, const char *title)
{
	struct printer p = { kc, out, true };
	print_revdep(&p, e, pr_type, &title);
}
