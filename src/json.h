/* SPDX-License-Identifier: MIT */
/*
 * kforge CLI: a small streaming JSON writer for the --json outputs.
 *
 *	struct json j;
 *	json_init(&j, stdout);
 *	json_begin_object(&j);
 *	json_key(&j, "name"); json_string(&j, "FOO");
 *	json_end_object(&j);
 *	json_finish(&j);	// final newline
 *
 * Output is indented by two spaces per level; commas are placed by the
 * writer.  Strings are escaped; bytes that are not valid UTF-8 are taken as
 * Latin-1 (old Kconfig files), so the document is always valid JSON.
 */
#ifndef KFORGE_JSON_H
#define KFORGE_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *fp;
	int depth;
	bool has_items[JSON_MAX_DEPTH];	/* an item was written at this level */
	bool after_key;			/* the next value follows "key": */
};

void json_init(struct json *j, FILE *fp);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);	/* NULL writes null */
void json_char_string(struct json *j, char c);		/* a one-letter string */
void json_int(struct json *j, long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
void json_finish(struct json *j);

/* Shorthands for "key": value members. */
void json_member_string(struct json *j, const char *key, const char *s);
void json_member_int(struct json *j, const char *key, long v);
void json_member_bool(struct json *j, const char *key, bool v);

/*
 * "origin": [...] of libkconf's value origin (kconf/origin.h), the same shape
 * in every command's output: cause, description, file, line, text, detail,
 * by, symbols.
 */
struct kconf;
struct kconf_origin;
void json_member_origin(struct json *j, struct kconf *kc, const struct kconf_origin *head);

#endif /* KFORGE_JSON_H */
