/*
 * The keyring's scope option: the PDS key ("* <key> scope=parliament-tenant")
 * signs any office's parliament-tenant report and nothing else; no office
 * key signs a parliament-tenant report.
 */
#include "fixture.h"
#include "reporter/keyring.h"

#define K1 "1111111111111111111111111111111111111111111111111111111111111111"
#define KP "9999999999999999999999999999999999999999999999999999999999999999"

static const char ring_text[] =
    "exampleshire-north " K1 "\n"
    "* " KP " scope=parliament-tenant valid-after=2026-01-01\n";

/* Parses text as "ring". */
static int
parse(struct pc_keyring **ring_out, const char *text)
{
	pc_error_clear();
	return pc_keyring_parse(ring_out, "ring", text, strlen(text));
}

Test(keyring_scope, pds_key_signs_tenant_reports_of_any_office)
{
	struct pc_keyring *ring = NULL;
	const struct pc_keyring_entry *e = NULL;

	cr_assert_eq(parse(&ring, ring_text), 0, "%s", pc_error_get());
	cr_assert(ring->entries[1].tenant);
	cr_assert_str_eq(ring->entries[1].office_id, "*");
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north",
			 "parliament-tenant", KP, "2026-11-02", &e), 0, "%s",
	    pc_error_get());
	cr_assert_eq(e->line, 2);
	cr_assert_eq(pc_keyring_check(ring, "pds-unassigned",
			 "parliament-tenant", KP, "2026-11-02", NULL), 0);
	/* Its validity window still holds. */
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north",
			 "parliament-tenant", KP, "2025-12-31", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "outside its validity") != NULL);
	pc_keyring_free(ring);
}

Test(keyring_scope, pds_key_cannot_sign_an_office_report)
{
	struct pc_keyring *ring = NULL;

	cr_assert_eq(parse(&ring, ring_text), 0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, KP,
			 "2026-11-02", NULL), PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "wrong scope: ") == pc_error_get(),
	    "%s", pc_error_get());
	cr_assert(strstr(pc_error_get(), "ring:2") != NULL);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", "office",
			 KP, "2026-11-02", NULL), PC_EINVALID);
	pc_keyring_free(ring);
}

Test(keyring_scope, office_key_cannot_sign_a_tenant_report)
{
	struct pc_keyring *ring = NULL;

	cr_assert_eq(parse(&ring, ring_text), 0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north",
			 "parliament-tenant", K1, "2026-11-02", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "wrong scope: ") == pc_error_get(),
	    "%s", pc_error_get());
	cr_assert(strstr(pc_error_get(), "PDS key") != NULL);
	/* Its own office's reports are still fine. */
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", "office",
			 K1, "2026-11-02", NULL), 0);
	pc_keyring_free(ring);
}

Test(keyring_scope, revoked_pds_key_is_refused)
{
	struct pc_keyring *ring = NULL;

	cr_assert_eq(parse(&ring, "* " KP " scope=parliament-tenant revoked\n"),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north",
			 "parliament-tenant", KP, "2026-11-02", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "revoked key") != NULL);
	pc_keyring_free(ring);
}

/* Asserts text is refused naming ring:1 and saying what. */
static void
refused(const char *text, const char *what)
{
	struct pc_keyring *ring = NULL;

	cr_assert_eq(parse(&ring, text), PC_ECONFIG, "accepted: %s", text);
	cr_assert(strstr(pc_error_get(), "ring:1:") != NULL, "%s",
	    pc_error_get());
	cr_assert(strstr(pc_error_get(), what) != NULL, "%s", pc_error_get());
}

Test(keyring_scope, refuses_star_without_scope_and_scope_without_star)
{
	refused("* " KP "\n", "add scope=parliament-tenant");
	refused("exampleshire-north " KP " scope=parliament-tenant\n",
	    "listed once with office *");
	refused("* " KP " scope=office\n", "unknown scope");
	refused("* " KP " scope=parliament-tenant scope=parliament-tenant\n",
	    "given twice");
}
