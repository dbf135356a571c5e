/* SPDX-License-Identifier: MIT */
/* include/kconf/query.h: symbol descriptions and search, through the public API only. */
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "kconf/kconf.h"
#include "kconf/query.h"

static const char tree[] =
	"config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n"
	"menu \"Drivers\"\n"
	"config USB\n\ttristate \"Support for Host-side USB\"\n\tdefault m\n"
	"config USB_STORAGE\n\ttristate \"USB Mass Storage\"\n\tdepends on USB\n\tselect SCSI\n"
	"config SCSI\n\ttristate \"SCSI support\"\n\timply BLK_DEV if USB\n"
	"config BLK_DEV\n\tbool\n"
	"config HZ\n\tint \"Timer frequency\"\n\trange 100 1000\n\tdefault 250 if USB\n\tdefault 100\n"
	"endmenu\n";

/* A fresh file per test; the caller frees and unlinks it. */
static char *write_tree(void)
{
	char *path = strdup("/tmp/kforge-query-XXXXXX");
	int fd = path ? mkstemp(path) : -1;

	if (fd < 0)
		return NULL;
	if (write(fd, tree, sizeof(tree) - 1) < 0) {
		close(fd);
		return NULL;
	}
	close(fd);
	return path;
}

static struct kconf *load(int minor, const char *path)
{
	struct kconf *kc = kconf_new(6, minor);

	if (kconf_load(kc, path) != 0) {
		kconf_free(kc);
		return NULL;
	}
	kconf_compute_all(kc);
	return kc;
}

TEST(iterates_defined_symbols_in_definition_order)
{
	char *path = write_tree();
	struct kconf *kc = load(12, path);
	const char *want[] = { "MODULES", "USB", "USB_STORAGE", "SCSI", "BLK_DEV", "HZ" };
	struct symbol *sym;
	size_t pos = 0, i = 0;

	CHECK(kc != NULL);
	while ((sym = kconf_sym_next(kc, &pos)) && i < 6)
		CHECK_STREQ(kconf_sym_name(sym), want[i++]);
	CHECK_EQ(i, 6);
	CHECK(kconf_find_loose(kc, "CONFIG_USB") == kconf_find(kc, "USB"));
	CHECK(kconf_find_loose(kc, "NOPE") == NULL);
	kconf_free(kc);
	unlink(path);
	free(path);
}

TEST(info_has_definitions_location_and_reverse_dependencies)
{
	char *path = write_tree();

	for (int minor = 1; minor <= 12; minor += 11) {
		struct kconf *kc = load(minor, path);
		struct kconf_sym_info *info;

		CHECK(kc != NULL);
		/* USB=m, USB_STORAGE has no value: n; SCSI is selected by nothing active */
		info = kconf_sym_info(kc, kconf_find(kc, "SCSI"));
		CHECK_STREQ(info->type, "tristate");
		CHECK_EQ(info->ndefs, 1);
		CHECK_STREQ(info->defs[0].prompt, "SCSI support");
		CHECK_EQ(info->defs[0].nlocation, 2);
		CHECK_STREQ(info->defs[0].location[0].prompt, "Drivers");
		CHECK(info->defs[0].location[0].sym_name == NULL);
		CHECK_STREQ(info->defs[0].location[1].sym_name, "SCSI");
		CHECK_EQ(info->nselected_by, 1);
		CHECK_STREQ(kconf_sym_name(info->selected_by[0].by), "USB_STORAGE");
		CHECK_EQ(info->selected_by[0].line, 12);
		CHECK_EQ(info->selected_by[0].value, 'n');
		CHECK_STREQ(info->selected_by[0].expr, "USB_STORAGE [=n] && USB [=m]");
		CHECK_EQ(info->nimplies, 1);
		CHECK_STREQ(info->implies[0].expr, "BLK_DEV");
		CHECK_STREQ(info->implies[0].own_cond, "USB [=m]");
		kconf_sym_info_free(info);

		info = kconf_sym_info(kc, kconf_find(kc, "HZ"));
		CHECK_STREQ(info->value, "250");
		CHECK_STREQ(info->range, "[100 1000]");
		CHECK_EQ(info->ndefaults, 2);
		CHECK_STREQ(info->defaults[0].expr, "250");
		CHECK_STREQ(info->defaults[0].own_cond, "USB [=m]");
		CHECK_EQ(info->defaults[0].cond_value, 'm');
		CHECK(info->defaults[1].cond == NULL);
		CHECK(info->visible && info->changeable);
		kconf_sym_info_free(info);

		info = kconf_sym_info(kc, kconf_find(kc, "USB_STORAGE"));
		CHECK_STREQ(info->depends_on, "USB [=m]");
		CHECK_STREQ(info->allowed, "nm");
		kconf_sym_info_free(info);
		kconf_free(kc);
	}
	unlink(path);
	free(path);
}

TEST(describe_is_menuconfigs_text)
{
	char *path = write_tree();
	struct kconf *kc = load(12, path);
	char *text = kconf_sym_describe(kc, kconf_find(kc, "USB_STORAGE"));

	const char *head = "Symbol: USB_STORAGE [=n]\nType  : tristate\nDefined at ";
	const char *tail =
		":9\n"
		"  Prompt: USB Mass Storage\n"
		"  Depends on: USB [=m]\n"
		"  Location:\n"
		"    -> Drivers\n"
		"      -> Support for Host-side USB (USB [=m])\n"
		"        -> USB Mass Storage (USB_STORAGE [=n])\n"
		"Selects: SCSI [=n]\n"
		"\n\n";

	CHECK(strncmp(text, head, strlen(head)) == 0);
	CHECK(strlen(text) > strlen(tail) && strcmp(text + strlen(text) - strlen(tail), tail) == 0);
	free(text);
	kconf_free(kc);
	unlink(path);
	free(path);
}

TEST(search_ranks_exact_then_name_then_prompt)
{
	char *path = write_tree();
	struct kconf *kc = load(12, path);
	struct kconf_match *m;
	char err[128];
	long n = kconf_search(kc, "usb", 0, &m, err, sizeof(err));

	CHECK_EQ(n, 2);
	CHECK_STREQ(kconf_sym_name(m[0].sym), "USB");
	CHECK_EQ(m[0].kind, KCONF_MATCH_EXACT);
	CHECK_STREQ(kconf_sym_name(m[1].sym), "USB_STORAGE");
	CHECK_EQ(m[1].kind, KCONF_MATCH_NAME);
	free(m);

	n = kconf_search(kc, "CONFIG_mass", 0, &m, err, sizeof(err));
	CHECK_EQ(n, 1);
	CHECK_EQ(m[0].kind, KCONF_MATCH_PROMPT);
	CHECK_STREQ(m[0].prompt, "USB Mass Storage");
	free(m);

	CHECK_EQ(kconf_search(kc, "mass", KCONF_SEARCH_CASE, &m, err, sizeof(err)), 0);
	free(m);
	CHECK_EQ(kconf_search(kc, "(", 0, &m, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');
	CHECK_EQ(kconf_search(kc, "(", KCONF_SEARCH_LITERAL, &m, err, sizeof(err)), 0);
	free(m);
	kconf_free(kc);
	unlink(path);
	free(path);
}
