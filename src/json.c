/* SPDX-License-Identifier: MIT */
/* kforge CLI: the streaming JSON writer of json.h. */
#include <stdlib.h>

#include "kconf/kconf.h"
#include "kconf/origin.h"
#include "json.h"

void json_init(struct json *j, FILE *fp)
{
	j->fp = fp;
	j->depth = 0;
	j->has_items[0] = false;
	j->after_key = false;
}

static void indent(struct json *j)
{
	fputc('\n', j->fp);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->fp);
}

/* Before any value: a comma and a new line inside containers, unless after a key. */
static void before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->has_items[j->depth])
		fputc(',', j->fp);
	j->has_items[j->depth] = true;
	indent(j);
}

static void open_container(struct json *j, char c)
{
	before_value(j);
	fputc(c, j->fp);
	if (j->depth + 1 >= JSON_MAX_DEPTH) {
		fprintf(stderr, "kforge: JSON nested too deeply\n");
		abort();
	}
	j->has_items[++j->depth] = false;
}

static void close_container(struct json *j, char c)
{
	bool had_items = j->has_items[j->depth--];

	if (had_items)
		indent(j);
	fputc(c, j->fp);
}

void json_begin_object(struct json *j) { open_container(j, '{'); }
void json_end_object(struct json *j) { close_container(j, '}'); }
void json_begin_array(struct json *j) { open_container(j, '['); }
void json_end_array(struct json *j) { close_container(j, ']'); }

/* Length of the valid UTF-8 sequence at s, or 0 if there is none. */
static int utf8_length(const unsigned char *s)
{
	int n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* no overlong forms, no surrogates, nothing above U+10FFFF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static void write_escaped(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', fp);
	while (*s) {
		unsigned char c = *s;

		if (c == '"' || c == '\\') {
			fputc('\\', fp);
			fputc(c, fp);
		} else if (c == '\n') {
			fputs("\\n", fp);
		} else if (c == '\t') {
			fputs("\\t", fp);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(fp, "\\u%04x", c);
		} else if (c >= 0x80) {
			int n = utf8_length(s);

			if (n) {
				fwrite(s, 1, (size_t)n, fp);
				s += n;
				continue;
			}
			fprintf(fp, "\\u%04x", c);	/* Latin-1 */
		} else {
			/* a run of plain characters at once */
			size_t run = 1;

			while (s[run] >= 0x20 && s[run] < 0x7f && s[run] != '"' && s[run] != '\\')
				run++;
			fwrite(s, 1, run, fp);
			s += run;
			continue;
		}
		s++;
	}
	fputc('"', fp);
}

void json_key(struct json *j, const char *key)
{
	before_value(j);
	write_escaped(j->fp, key);
	fputs(": ", j->fp);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	before_value(j);
	write_escaped(j->fp, s);
}

void json_char_string(struct json *j, char c)
{
	char s[2] = { c, '\0' };

	json_string(j, s);
}

void json_int(struct json *j, long v)
{
	before_value(j);
	fprintf(j->fp, "%ld", v);
}

void json_bool(struct json *j, bool v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->fp);
}

void json_null(struct json *j)
{
	before_value(j);
	fputs("null", j->fp);
}

void json_finish(struct json *j)
{
	fputc('\n', j->fp);
}

void json_member_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_member_int(struct json *j, const char *key, long v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_member_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_member_origin(struct json *j, struct kconf *kc, const struct kconf_origin *head)
{
	json_key(j, "origin");
	json_begin_array(j);
	for (const struct kconf_origin *o = head; o; o = o->next) {
		char *d = kconf_origin_describe(kc, o);

		json_begin_object(j);
		json_member_string(j, "cause", kconf_cause_name(o->cause));
		json_member_string(j, "description", d);
		json_member_string(j, "file", o->file);
		if (o->file)
			json_member_int(j, "line", o->line);
		else
			json_member_string(j, "line", NULL);
		json_member_string(j, "text", o->text);
		json_member_string(j, "detail", o->detail);
		json_member_string(j, "by", o->by ? kconf_sym_name(o->by) : NULL);
		json_key(j, "symbols");
		json_begin_array(j);
		for (size_t i = 0; i < o->nsyms; i++)
			json_string(j, kconf_sym_name(o->syms[i]));
		json_end_array(j);
		json_end_object(j);
		free(d);
	}
	json_end_array(j);
}
