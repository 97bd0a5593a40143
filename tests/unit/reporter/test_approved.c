/* PDS's approved-policies file: parsing with file:line errors, lookup, the
 * default beside the keyring, and the shipped file approving the shipped
 * baseline (policies/update-approved-policies.sh keeps it current). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/policy.h"
#include "fixture.h"
#include "reporter/approved.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define F64 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
#define E64 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

/* Parses text expecting failure; returns the error. */
static const char *
parse_fail(const char *text)
{
	struct pc_approved *a = NULL;

	cr_assert_neq(pc_approved_parse(&a, "approved", text, strlen(text)),
	    0, "%s should fail", text);
	cr_assert_null(a);
	return pc_error_get();
}

Test(approved, lines_comments_and_lookup)
{
	static const char text[] = "# PDS\n\n" H64 " baseline 1\r\n"
				   "  ffffffffffffffffffffffffffffffffffffffffffffff"
				   "ffffffffffffffffff\tbaseline-2027 2\n";
	struct pc_approved *a = NULL;
	const struct pc_approved_entry *e;

	cr_assert_eq(pc_approved_parse(&a, "approved", text,
			 sizeof(text) - 1), 0, "%s", pc_error_get());
	cr_assert_eq(a->n, 2);
	e = pc_approved_find(a, H64);
	cr_assert_not_null(e);
	cr_assert_str_eq(e->policy_id, "baseline");
	cr_assert_eq(e->version, 1);
	cr_assert_eq(e->line, 3);
	cr_assert_eq(pc_approved_find(a, F64)->line, 4);
	cr_assert_null(pc_approved_find(a, E64));
	pc_approved_free(a);
}

Test(approved, malformed_lines_name_file_and_line)
{
	const char *e;

	e = parse_fail("# x\n" H64 " baseline\n");
	cr_assert(strstr(e, "approved:2: expected <sha256> <policy-id> "
			    "<version> (three fields), got 2"), "%s", e);
	e = parse_fail("ABC baseline 1\n");
	cr_assert(strstr(e, "approved:1: the policy hash must be 64 "
			    "lowercase hex"), "%s", e);
	e = parse_fail(H64 " base<line 1\n");
	cr_assert(strstr(e, "approved:1: policy id may hold"), "%s", e);
	e = parse_fail(H64 " baseline one\n");
	cr_assert(strstr(e, "approved:1: version must be a whole number"),
	    "%s", e);
}

Test(approved, default_is_beside_the_keyring_when_present)
{
	char *tmp = fx_tmpdir(), ring[4096], file[4096], *p;

	fx_path(ring, sizeof(ring), tmp, "keyring");
	fx_path(file, sizeof(file), tmp, PC_APPROVED_FILE);
	cr_assert_null(pc_approved_default_path(NULL));
	cr_assert_null(pc_approved_default_path(ring), "no file yet");
	fx_write(file, "", 0);
	p = pc_approved_default_path(ring);
	cr_assert_str_eq(p, file);
	free(p);
	fx_rmrf(tmp);
	free(tmp);
}

/* The package ships the baseline's line; a change to any file in
 * policies/ must come with the new line. */
Test(approved, the_shipped_file_approves_the_shipped_baseline)
{
	struct pc_approved *a = NULL;
	struct pc_policy *p = NULL;
	const struct pc_approved_entry *e;

	cr_assert_eq(pc_policy_load(&p, "policies/baseline.yaml"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_approved_load(&a, "policies/approved-policies"), 0,
	    "%s", pc_error_get());
	e = pc_approved_find(a, p->sha256);
	cr_assert_not_null(e, "policies/approved-policies does not approve "
	    "the baseline's hash %s: run policies/update-approved-policies.sh "
	    "build-test/portcullis", p->sha256);
	cr_assert_str_eq(e->policy_id, p->id);
	cr_assert_eq(e->version, p->version);
	pc_approved_free(a);
	pc_policy_free(p);
}
