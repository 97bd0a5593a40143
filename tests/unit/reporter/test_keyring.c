/*
 * The PDS keyring: one line per office key, modelled on OpenSSH
 * allowed_signers; malformed lines are refused naming file:line; the check
 * says unknown, revoked or outside the validity window.
 */
#include "fixture.h"
#include "reporter/keyring.h"

#define K1 "1111111111111111111111111111111111111111111111111111111111111111"
#define K2 "2222222222222222222222222222222222222222222222222222222222222222"

/* Parses text as "ring"; returns the code, *ring_out set on success. */
static int
parse(struct pc_keyring **ring_out, const char *text)
{
	pc_error_clear();
	return pc_keyring_parse(ring_out, "ring", text, strlen(text));
}

/* Asserts text is refused with an error naming ring:line. */
static void
assert_refused(const char *text, int line)
{
	struct pc_keyring *ring = NULL;
	char want[32];

	cr_assert_eq(parse(&ring, text), PC_ECONFIG, "accepted: %s", text);
	cr_assert_null(ring);
	snprintf(want, sizeof(want), "ring:%d:", line);
	cr_assert(strstr(pc_error_get(), want) != NULL,
	    "\"%s\" does not name %s", pc_error_get(), want);
}

Test(keyring, parses_lines_comments_and_options)
{
	struct pc_keyring *ring = NULL;

	cr_assert_eq(parse(&ring,
			 "# PDS keyring: office-id key-id [options]\n"
			 "\n"
			 "exampleshire-north " K1 "\n"
			 "  westshire-south\t" K2 " valid-after=2026-01-01 "
			 "valid-before=2027-01-01\r\n"
			 "exampleshire-north " K2 " revoked\n"),
	    0, "%s", pc_error_get());
	cr_assert_eq(ring->n, 3);
	cr_assert_str_eq(ring->entries[0].office_id, "exampleshire-north");
	cr_assert_str_eq(ring->entries[0].key_id, K1);
	cr_assert_eq(ring->entries[0].line, 3);
	cr_assert_str_eq(ring->entries[1].valid_after, "2026-01-01");
	cr_assert_str_eq(ring->entries[1].valid_before, "2027-01-01");
	cr_assert_not(ring->entries[1].revoked);
	cr_assert(ring->entries[2].revoked);
	cr_assert_eq(ring->entries[2].line, 5);
	pc_keyring_free(ring);
}

Test(keyring, empty_keyring_is_empty)
{
	struct pc_keyring *ring = NULL;

	cr_assert_eq(parse(&ring, ""), 0);
	cr_assert_eq(ring->n, 0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2026-11-02", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "unknown key") != NULL);
	pc_keyring_free(ring);
}

Test(keyring, malformed_lines_name_file_and_line)
{
	assert_refused("exampleshire-north\n", 1);
	assert_refused("# ok\nexampleshire-north " K1 " bogus=1\n", 2);
	assert_refused("\n\nexampleshire-north 1234\n", 3);
	assert_refused("exampleshire-north " K1 "x\n", 1);
	assert_refused("Exampleshire-North " K1 "\n", 1);
	assert_refused("-office " K1 "\n", 1);
	assert_refused("exampleshire-north "
		       "AAAA111111111111111111111111111111111111111111111111111"
		       "111111111\n",
	    1);
	assert_refused("exampleshire-north " K1 " valid-after=2026-1-1\n", 1);
	assert_refused("exampleshire-north " K1 " valid-after=2026-13-01\n",
	    1);
	assert_refused("exampleshire-north " K1 " valid-before=\n", 1);
	assert_refused("exampleshire-north " K1
		       " valid-after=2026-01-01 valid-after=2026-02-01\n",
	    1);
	assert_refused("exampleshire-north " K1
		       " valid-after=2027-01-01 valid-before=2026-01-01\n",
	    1);
	assert_refused("exampleshire-north " K1 "\nexampleshire-north\0 x\n",
	    2);
}

Test(keyring, nul_byte_and_long_line_are_refused)
{
	struct pc_keyring *ring = NULL;
	char text[2048];
	const char nul[] = "exampleshire-north " K1 "\0 revoked\n";

	cr_assert_eq(pc_keyring_parse(&ring, "ring", nul, sizeof(nul) - 1),
	    PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), "ring:1:") != NULL);
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	cr_assert_eq(parse(&ring, text), PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), "ring:1:") != NULL);
	cr_assert_null(ring);
}

Test(keyring, check_office_window_and_revocation)
{
	struct pc_keyring *ring = NULL;
	const struct pc_keyring_entry *e = NULL;

	cr_assert_eq(parse(&ring,
			 "exampleshire-north " K1 " valid-after=2026-01-01 "
			 "valid-before=2027-01-01\n"
			 "westshire-south " K2 "\n"),
	    0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2026-11-02", &e),
	    0);
	cr_assert_eq(e->line, 1);
	/* valid-after is inclusive, valid-before exclusive. */
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2026-01-01", NULL),
	    0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2025-12-31", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "validity window") != NULL);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2027-01-01", NULL),
	    PC_EINVALID);
	/* Another office's key cannot sign this office's report. */
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K2,
			 "2026-11-02", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "unknown key") != NULL);
	cr_assert(strstr(pc_error_get(), "westshire-south") != NULL);
	pc_keyring_free(ring);
}

Test(keyring, revocation_wins_over_any_other_line)
{
	struct pc_keyring *ring = NULL;

	/* The key was registered, then revoked on a later line (for
	 * example after the office's PC was stolen). */
	cr_assert_eq(parse(&ring, "exampleshire-north " K1 "\n"
				  "exampleshire-north " K1 " revoked\n"),
	    0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2026-11-02", NULL),
	    PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "revoked") != NULL);
	cr_assert(strstr(pc_error_get(), "ring:2") != NULL);
	pc_keyring_free(ring);
}

Test(keyring, key_rotation_with_windows)
{
	struct pc_keyring *ring = NULL;

	/* Old key until 1 November, new key from then: old reports stay
	 * verifiable, and the old key cannot sign new ones. */
	cr_assert_eq(parse(&ring, "exampleshire-north " K1
				  " valid-before=2026-11-01\n"
				  "exampleshire-north " K2
				  " valid-after=2026-11-01\n"),
	    0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2026-10-01", NULL),
	    0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K1,
			 "2026-11-02", NULL),
	    PC_EINVALID);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K2,
			 "2026-11-02", NULL),
	    0);
	cr_assert_eq(pc_keyring_check(ring, "exampleshire-north", NULL, K2,
			 "2026-10-01", NULL),
	    PC_EINVALID);
	pc_keyring_free(ring);
}

Test(keyring, load_refuses_a_directory_and_a_missing_file)
{
	struct pc_keyring *ring = NULL;
	char *dir = fx_tmpdir(), path[4096];

	cr_assert_neq(pc_keyring_load(&ring, dir), 0);
	cr_assert_null(ring);
	fx_path(path, sizeof(path), dir, "missing");
	cr_assert_neq(pc_keyring_load(&ring, path), 0);
	cr_assert_null(ring);
	fx_rmrf(dir);
	free(dir);
}
