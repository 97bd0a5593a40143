/*
 * Verifying a report folder as PDS does: a report scan wrote verifies with
 * portcullis and with stock openssl; every tamper case is rejected with its
 * reason; usage and I/O problems are told apart from invalid reports.
 */
#include <cjson/cJSON.h>

#include "agent/lib/sha256.h"
#include "fixture.h"
#include "reporter/verify.h"

static char *tmp;
static char key_dir[4096], key_path[4096], pub_path[4096], out_dir[4096];
static char key_id[PC_SIGN_KEY_ID_LEN + 1];
static char oct[4096]; /* the October report folder */

/* One office key and one signed report per test. */
static void
setup(void)
{
	tmp = fx_tmpdir();
	fx_path(key_dir, sizeof(key_dir), tmp, "keys");
	fx_path(key_path, sizeof(key_path), key_dir, "office.key");
	fx_path(pub_path, sizeof(pub_path), key_dir, "office.pub");
	fx_path(out_dir, sizeof(out_dir), tmp, "reports");
	fx_keygen(key_dir, key_id);
	cr_assert_eq(fx_scan(oct, sizeof(oct), out_dir, key_path, FX_OCT,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
}

/* Removes the temp tree. */
static void
teardown(void)
{
	fx_rmrf(tmp);
	free(tmp);
}

TestSuite(verify, .init = setup, .fini = teardown);

/* Verifies path with the given trust; returns the code, result freed. */
static int
verify(const char *path, const char *pubkey, const char *keyring)
{
	struct pc_verify_opts o = { .pubkey_path = pubkey,
		.keyring_path = keyring };
	struct pc_verify_result res;
	int r;

	pc_error_clear();
	r = pc_verify_report(&res, path, &o);
	pc_verify_result_free(&res);
	return r;
}

/* Asserts path is invalid and the reason starts with want. */
static void
assert_invalid(const char *path, const char *pubkey, const char *keyring,
    const char *want)
{
	int r = verify(path, pubkey, keyring);

	cr_assert_eq(r, PC_EINVALID, "expected invalid (%s), got %d: %s",
	    want, r, pc_error_get());
	cr_assert(strstr(pc_error_get(), want) != NULL,
	    "reason \"%s\" does not say \"%s\"", pc_error_get(), want);
}

/* Writes a keyring file with text; its path goes to out. */
static void
keyring(char *out, size_t len, const char *text)
{
	fx_path(out, len, tmp, "keyring");
	fx_write(out, text, strlen(text));
}

/* A keyring line registering this test's key for office with options. */
static void
keyring_line(char *out, size_t len, const char *office, const char *opts)
{
	char text[512];

	snprintf(text, sizeof(text),
	    "# PDS keyring\n\n%s %s%s%s\n", office, key_id, opts[0] ? " " : "",
	    opts);
	keyring(out, len, text);
}

/* The path of name inside the October report. */
static const char *
in_oct(const char *name)
{
	static char path[4096];

	fx_path(path, sizeof(path), oct, name);
	return path;
}

Test(verify, scan_writes_all_seven_files)
{
	static const char *const names[] = { "report.json", "report.json.sig",
		"signer.pub", "report.html", "checklist.md", "checklist.html",
		"findings.sarif" };
	struct stat st;
	size_t i;

	for (i = 0; i < 7; i++)
		cr_assert_eq(stat(in_oct(names[i]), &st), 0, "%s missing",
		    names[i]);
	cr_assert_eq(stat(in_oct("report.json.sig"), &st), 0);
	cr_assert_eq(st.st_size, 64);
}

Test(verify, report_verifies_with_signer_pub_pubkey_and_keyring)
{
	struct pc_verify_opts o = { 0 };
	struct pc_verify_result res;
	char ring[4096];

	cr_assert_eq(pc_verify_report(&res, oct, &o), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(res.key_id, key_id);
	cr_assert_eq(res.trust, PC_TRUST_SIGNER_PUB);
	cr_assert_str_eq(res.report->office_id, FX_OFFICE);
	cr_assert_eq(res.report->nfindings, 4);
	cr_assert_eq(res.chain, PC_CHAIN_FIRST);
	pc_verify_result_free(&res);
	cr_assert_eq(verify(in_oct("report.json"), pub_path, NULL), 0, "%s",
	    pc_error_get());
	keyring_line(ring, sizeof(ring), FX_OFFICE, "");
	o.keyring_path = ring;
	cr_assert_eq(pc_verify_report(&res, oct, &o), 0, "%s",
	    pc_error_get());
	cr_assert_eq(res.trust, PC_TRUST_KEYRING);
	cr_assert(strstr(res.keyring_where, ":3") != NULL, "%s",
	    res.keyring_where);
	pc_verify_result_free(&res);
}

Test(verify, stock_openssl_verifies_the_report_and_not_after_a_flip)
{
	char json[4096], sig[4096], pub[4096];
	struct pc_buf b;

	snprintf(json, sizeof(json), "%s", in_oct("report.json"));
	snprintf(sig, sizeof(sig), "%s", in_oct("report.json.sig"));
	snprintf(pub, sizeof(pub), "%s", in_oct("signer.pub"));
	char *const argv[] = { "openssl", "pkeyutl", "-verify", "-pubin",
		"-inkey", pub, "-rawin", "-in", json, "-sigfile", sig, NULL };
	cr_assert_eq(fx_run(argv), 0, "openssl rejected a report we signed");
	b = fx_read(json);
	b.data[b.len / 2] ^= 0x01;
	fx_write(json, b.data, b.len);
	pc_buf_free(&b);
	cr_assert_eq(fx_run(argv), 1, "openssl accepted a flipped byte");
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, truncated_signature)
{
	struct pc_buf b = fx_read(in_oct("report.json.sig"));

	fx_write(in_oct("report.json.sig"), b.data, 32);
	pc_buf_free(&b);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, signature_of_63_bytes)
{
	struct pc_buf b = fx_read(in_oct("report.json.sig"));

	fx_write(in_oct("report.json.sig"), b.data, 63);
	pc_buf_free(&b);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, signature_of_another_report)
{
	char nov[4096], other[4096];
	struct pc_buf b;

	cr_assert_eq(fx_scan(nov, sizeof(nov), out_dir, key_path, FX_NOV,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	fx_path(other, sizeof(other), nov, "report.json.sig");
	b = fx_read(other);
	fx_write(in_oct("report.json.sig"), b.data, b.len);
	pc_buf_free(&b);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, swapped_signer_pub)
{
	char other_dir[4096], other_pub[4096];
	struct pc_buf b;

	fx_path(other_dir, sizeof(other_dir), tmp, "other-keys");
	fx_keygen(other_dir, NULL);
	fx_path(other_pub, sizeof(other_pub), other_dir, "office.pub");
	b = fx_read(other_pub);
	fx_write(in_oct("signer.pub"), b.data, b.len);
	pc_buf_free(&b);
	assert_invalid(oct, NULL, NULL, "bad signature");
	/* The office's own key, given by PDS, still verifies it. */
	cr_assert_eq(verify(oct, pub_path, NULL), 0, "%s", pc_error_get());
}

Test(verify, report_resigned_by_another_key_fails_the_keyring)
{
	char other_dir[4096], other_key[4096], other_pub[4096], ring[4096];
	struct pc_buf json, pub;

	/* Someone edits the report and re-signs it with their own key,
	 * replacing signer.pub: only the keyring (or --pubkey) catches it. */
	fx_path(other_dir, sizeof(other_dir), tmp, "other-keys");
	fx_keygen(other_dir, NULL);
	fx_path(other_key, sizeof(other_key), other_dir, "office.key");
	fx_path(other_pub, sizeof(other_pub), other_dir, "office.pub");
	json = fx_read(in_oct("report.json"));
	fx_resign(oct, other_key, json.data, json.len);
	pc_buf_free(&json);
	pub = fx_read(other_pub);
	fx_write(in_oct("signer.pub"), pub.data, pub.len);
	pc_buf_free(&pub);
	keyring_line(ring, sizeof(ring), FX_OFFICE, "");
	assert_invalid(oct, NULL, ring, "unknown key");
	assert_invalid(oct, pub_path, NULL, "bad signature");
}

Test(verify, report_edited_by_hand)
{
	char *text = fx_slurp(in_oct("report.json"));

	text = fx_replace(text, "\"status\":\t\"fail\"",
	    "\"status\":\t\"pass\"");
	fx_write(in_oct("report.json"), text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, unknown_schema_version_even_when_signed)
{
	char *text = fx_slurp(in_oct("report.json"));

	text = fx_replace(text, "portcullis-report/2", "portcullis-report/3");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "schema invalid");
	cr_assert(strstr(pc_error_get(), "unknown schema version") != NULL,
	    "%s", pc_error_get());
}

Test(verify, summary_that_does_not_match_the_findings)
{
	char *text = fx_slurp(in_oct("report.json"));

	text = fx_replace(text, "\"total_findings\":\t4",
	    "\"total_findings\":\t3");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "total_findings");
}

Test(verify, finding_removed_and_resigned_breaks_the_counts)
{
	char *text = fx_slurp(in_oct("report.json"));

	/* Downgrade a high finding to low: the severity counts disagree. */
	text = fx_replace(text, "\"severity\":\t\"high\"",
	    "\"severity\":\t\"low\"");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "schema invalid");
}

Test(verify, empty_report_json)
{
	fx_write(in_oct("report.json"), "", 0);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, empty_report_json_signed_is_schema_invalid)
{
	fx_resign(oct, key_path, "", 0);
	assert_invalid(oct, NULL, NULL, "schema invalid");
}

Test(verify, empty_signature)
{
	fx_write(in_oct("report.json.sig"), "", 0);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, empty_signer_pub)
{
	fx_write(in_oct("signer.pub"), "", 0);
	assert_invalid(oct, NULL, NULL, "bad signature");
}

Test(verify, directory_instead_of_the_signature)
{
	cr_assert_eq(unlink(in_oct("report.json.sig")), 0);
	cr_assert_eq(mkdir(in_oct("report.json.sig"), 0755), 0);
	assert_invalid(oct, NULL, NULL, "not a regular file");
}

Test(verify, directory_instead_of_report_json)
{
	cr_assert_eq(unlink(in_oct("report.json")), 0);
	cr_assert_eq(mkdir(in_oct("report.json"), 0755), 0);
	assert_invalid(oct, NULL, NULL, "not a regular file");
}

Test(verify, missing_signature_is_invalid)
{
	cr_assert_eq(unlink(in_oct("report.json.sig")), 0);
	assert_invalid(oct, NULL, NULL, "missing");
}

Test(verify, missing_report_folder_is_an_io_error_not_invalid)
{
	char path[4096];
	int r;

	fx_path(path, sizeof(path), tmp, "no-such-report");
	r = verify(path, NULL, NULL);
	cr_assert_neq(r, 0);
	cr_assert_neq(r, PC_EINVALID);
	cr_assert_eq(pc_err_exit_status(r), 2);
}

Test(verify, directory_given_as_the_pubkey_is_an_error)
{
	int r = verify(oct, key_dir, NULL);

	cr_assert_neq(r, 0);
	cr_assert_neq(r, PC_EINVALID, "%s", pc_error_get());
}

Test(verify, malformed_keyring_line_names_file_and_line)
{
	char ring[4096], want[4200];
	char text[512];
	int r;

	snprintf(text, sizeof(text), "# PDS keyring\n%s %s\nnot-a-line\n",
	    FX_OFFICE, key_id);
	keyring(ring, sizeof(ring), text);
	r = verify(oct, NULL, ring);
	cr_assert_eq(r, PC_ECONFIG, "%d: %s", r, pc_error_get());
	snprintf(want, sizeof(want), "%s:3", ring);
	cr_assert(strstr(pc_error_get(), want) != NULL, "%s",
	    pc_error_get());
}

Test(verify, empty_keyring_knows_no_key)
{
	char ring[4096];

	keyring(ring, sizeof(ring), "");
	assert_invalid(oct, NULL, ring, "unknown key");
}

Test(verify, key_registered_for_another_office_is_unknown)
{
	char ring[4096];

	keyring_line(ring, sizeof(ring), "westshire-south", "");
	assert_invalid(oct, NULL, ring, "unknown key");
}

Test(verify, revoked_key)
{
	char ring[4096];

	keyring_line(ring, sizeof(ring), FX_OFFICE, "revoked");
	assert_invalid(oct, NULL, ring, "revoked");
}

Test(verify, key_outside_its_validity_window)
{
	char ring[4096];

	/* The October report (2026-10-01) is before valid-after... */
	keyring_line(ring, sizeof(ring), FX_OFFICE, "valid-after=2026-10-02");
	assert_invalid(oct, NULL, ring, "key outside its validity window");
	/* ...and on valid-before, which is exclusive. */
	keyring_line(ring, sizeof(ring), FX_OFFICE,
	    "valid-before=2026-10-01");
	assert_invalid(oct, NULL, ring, "key outside its validity window");
	/* Inside the window it verifies. */
	keyring_line(ring, sizeof(ring), FX_OFFICE,
	    "valid-after=2026-10-01 valid-before=2026-10-02");
	cr_assert_eq(verify(oct, NULL, ring), 0, "%s", pc_error_get());
}

Test(verify, second_report_chains_to_the_first)
{
	struct pc_verify_opts o = { 0 };
	struct pc_verify_result res;
	char nov[4096], sha[65];
	struct pc_buf b;

	cr_assert_eq(fx_scan(nov, sizeof(nov), out_dir, key_path, FX_NOV,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_verify_report(&res, nov, &o), 0, "%s",
	    pc_error_get());
	cr_assert_eq(res.chain, PC_CHAIN_OK);
	b = fx_read(in_oct("report.json"));
	pc_sha256_hex(sha, b.data, b.len);
	pc_buf_free(&b);
	cr_assert_str_eq(res.report->previous_report_sha256, sha);
	pc_verify_result_free(&res);
}

Test(verify, chain_broken_when_the_earlier_report_is_changed)
{
	char nov[4096];
	char *text;

	cr_assert_eq(fx_scan(nov, sizeof(nov), out_dir, key_path, FX_NOV,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	/* October's report is edited and even re-signed by the office: its
	 * own signature is good, but November's chain no longer matches. */
	text = fx_slurp(in_oct("report.json"));
	text = fx_replace(text, "\"host\":\t\"", "\"host\":\t\"x");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	cr_assert_eq(verify(oct, NULL, NULL), 0, "%s", pc_error_get());
	assert_invalid(nov, NULL, NULL, "chain broken");
}

Test(verify, chain_broken_when_a_report_is_slipped_in_between)
{
	char nov[4096], fake[4096], path[4096];
	struct pc_buf b;
	static const char *const names[] = { "report.json", "report.json.sig",
		"signer.pub" };
	size_t i;

	cr_assert_eq(fx_scan(nov, sizeof(nov), out_dir, key_path, FX_NOV,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	/* A copy of October's report placed between the two months. */
	fx_path(path, sizeof(path), out_dir, FX_OFFICE);
	fx_path(fake, sizeof(fake), path, "2026-10-15T120000Z");
	cr_assert_eq(mkdir(fake, 0755), 0);
	for (i = 0; i < 3; i++) {
		b = fx_read(in_oct(names[i]));
		fx_path(path, sizeof(path), fake, names[i]);
		fx_write(path, b.data, b.len);
		pc_buf_free(&b);
	}
	/* Same bytes, same hash: the chain still holds... */
	cr_assert_eq(verify(nov, NULL, NULL), 0, "%s", pc_error_get());
	/* ...until the slipped-in copy differs. */
	b = fx_read(in_oct("report.json"));
	fx_path(path, sizeof(path), fake, "report.json");
	fx_write(path, b.data, b.len - 1);
	pc_buf_free(&b);
	assert_invalid(nov, NULL, NULL, "chain broken");
}

Test(verify, earlier_report_absent_is_not_a_broken_chain)
{
	struct pc_verify_opts o = { 0 };
	struct pc_verify_result res;
	char nov[4096];

	cr_assert_eq(fx_scan(nov, sizeof(nov), out_dir, key_path, FX_NOV,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	/* PDS received only November's folder. */
	fx_rmrf(oct);
	cr_assert_eq(pc_verify_report(&res, nov, &o), 0, "%s",
	    pc_error_get());
	cr_assert_eq(res.chain, PC_CHAIN_NOT_PRESENT);
	pc_verify_result_free(&res);
}

/* Re-signs October's report after edit() changed its JSON tree (the office
 * key signs it: only the content checks can catch the change). */
static void
resign_edited(void (*edit)(cJSON *root))
{
	cJSON *root;
	char *text;

	text = fx_slurp(in_oct("report.json"));
	root = cJSON_Parse(text);
	free(text);
	cr_assert_not_null(root);
	edit(root);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
}

/* Adds one to a number member. */
static void
bump(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	cr_assert(cJSON_IsNumber(v), "%s", key);
	cJSON_SetNumberValue(v, v->valuedouble + 1);
}

/* Duplicates findings[0], keeping every count consistent. */
static void
duplicate_first_finding(cJSON *root)
{
	cJSON *findings = cJSON_GetObjectItemCaseSensitive(root, "findings");
	cJSON *f = cJSON_GetArrayItem(findings, 0), *summary, *c;
	const char *check, *sev;

	check = cJSON_GetObjectItemCaseSensitive(f, "check")->valuestring;
	sev = cJSON_GetObjectItemCaseSensitive(f, "severity")->valuestring;
	summary = cJSON_GetObjectItemCaseSensitive(root, "summary");
	bump(cJSON_GetObjectItemCaseSensitive(summary, "findings"), sev);
	bump(summary, "total_findings");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "checks"))
		if (strcmp(cJSON_GetObjectItemCaseSensitive(c, "id")
			       ->valuestring, check) == 0)
			bump(c, "findings");
	cJSON_AddItemToArray(findings, cJSON_Duplicate(f, 1));
}

/* Lists findings[0] as resolved as well as present. */
static void
resolve_first_finding(cJSON *root)
{
	cJSON *f = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(root, "findings"), 0);
	cJSON *v = cJSON_CreateObject();
	static const char *const keys[] = { "id", "check", "rule", "severity",
		"subject", "title", "first_seen" };
	size_t i;

	for (i = 0; i < 7; i++)
		cJSON_AddItemToObject(v, keys[i], cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(f, keys[i]), 1));
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(root, "resolved"),
	    v);
}

/* Changes nothing (the re-signed copy must still verify). */
static void
no_edit(cJSON *root)
{
	(void)root;
}

Test(verify, resigned_without_changes_still_verifies)
{
	resign_edited(no_edit);
	cr_assert_eq(verify(oct, NULL, NULL), 0, "%s", pc_error_get());
}

Test(verify, finding_listed_twice_even_with_matching_counts)
{
	resign_edited(duplicate_first_finding);
	assert_invalid(oct, NULL, NULL, "listed twice");
}

Test(verify, finding_both_present_and_resolved)
{
	resign_edited(resolve_first_finding);
	assert_invalid(oct, NULL, NULL, "listed twice");
}

/* Issue 11, hole 6: {"office": {"id": "a", "id": "b"}} means one office to
 * portcullis (first value) and another to Python (last value): the same
 * signed bytes must not mean two things, so a duplicate key is refused
 * anywhere in the tree, even when the signature is good. */
Test(verify, duplicate_key_in_a_signed_report_is_refused)
{
	char *text = fx_slurp(in_oct("report.json"));

	text = fx_replace(text, "\"id\":\t\"" FX_OFFICE "\",",
	    "\"id\":\t\"" FX_OFFICE "\",\n\t\t\"id\":\t\"otherton-east\",");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "schema invalid");
	cr_assert(strstr(pc_error_get(), "report.json: office.id: the key "
			  "appears twice") != NULL,
	    "%s", pc_error_get());
}

Test(verify, duplicate_key_deep_in_a_finding_is_refused)
{
	char *text = fx_slurp(in_oct("report.json"));

	text = fx_replace(text, "\"severity\":\t\"high\",",
	    "\"severity\":\t\"high\",\n\"severity\":\t\"low\",");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "].severity: the key appears twice");
}

/* /2 is closed: a member it does not define is refused, naming it. */
Test(verify, member_the_schema_does_not_define_is_refused)
{
	char *text = fx_slurp(in_oct("report.json"));

	text = fx_replace(text, "\"overdue\":\t", "\"waived\":\ttrue,"
	    "\n\"overdue\":\t");
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "schema invalid");
	cr_assert(strstr(pc_error_get(), "findings[0].waived: unknown "
			  "member (portcullis-report/2 does not define it)"),
	    "%s", pc_error_get());
}

/* New reports are /2 with scope; a /1 report (no scope) still verifies,
 * and /1 does not define scope. */
Test(verify, schema_1_reports_still_verify_and_are_closed_too)
{
	char *text = fx_slurp(in_oct("report.json"));
	struct pc_verify_opts o = { 0 };
	struct pc_verify_result res;
	cJSON *j;

	cr_assert(strstr(text, "\"schema\":\t\"portcullis-report/2\"") &&
	    strstr(text, "\"scope\":\t\"office\""), "%s", text);
	text = fx_replace(text, "portcullis-report/2", "portcullis-report/1");
	fx_resign(oct, key_path, text, strlen(text));
	assert_invalid(oct, NULL, NULL, "scope: unknown member "
	    "(portcullis-report/1 does not define it)");
	text = fx_replace(text, "\t\"scope\":\t\"office\",\n", "");
	fx_resign(oct, key_path, text, strlen(text));
	assert_invalid(oct, NULL, NULL, "policy.files: unknown member "
	    "(portcullis-report/1 does not define it)");
	j = cJSON_Parse(text);
	free(text);
	cJSON_DeleteItemFromObject(cJSON_GetObjectItem(j, "policy"), "files");
	{
		/* the broker's record came with /2 too */
		cJSON *chk, *sb = cJSON_GetObjectItem(cJSON_GetObjectItem(j,
		    "sandbox"), "checks");

		cJSON_ArrayForEach(chk, sb) {
			cJSON_DeleteItemFromObject(chk, "broker");
			cJSON_DeleteItemFromObject(chk, "broker_connections");
			cJSON_DeleteItemFromObject(chk, "seccomp_debug");
		}
	}
	text = cJSON_Print(j);
	cJSON_Delete(j);
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	cr_assert_eq(pc_verify_report(&res, oct, &o), 0, "%s", pc_error_get());
	cr_assert_eq(res.report->schema_version, 1);
	cr_assert_null(res.report->scope);
	pc_verify_result_free(&res);
}

/* Issue 11, hole 3: the report names every file the policy loaded with its
 * hash, and policy.sha256 is the hash over that manifest, so a manifest
 * edited to look like the approved one does not verify. */
Test(verify, policy_hash_is_the_hash_of_its_manifest)
{
	char *text = fx_slurp(in_oct("report.json")), *files, *h;

	files = strstr(text, "\"files\":");
	cr_assert_not_null(files);
	cr_assert(strstr(files, "\"path\":\t\"escalation.yaml\"") &&
	    strstr(files, "\"path\":\t\"detectors/pii.yaml\""), "%s", files);
	h = strstr(files, "\"sha256\":\t\"");
	cr_assert_not_null(h);
	h += strlen("\"sha256\":\t\"");
	*h = *h == 'a' ? 'b' : 'a'; /* one file's hash changed */
	fx_resign(oct, key_path, text, strlen(text));
	free(text);
	assert_invalid(oct, NULL, NULL, "policy.sha256: is not the hash of "
	    "policy.files");
}

/* Renames path to dir/name (dir made if needed); the new path to out. */
static void
move_to(char *out, size_t len, const char *path, const char *dir,
    const char *name)
{
	mkdir(dir, 0755);
	fx_path(out, len, dir, name);
	cr_assert_eq(rename(path, out), 0, "%s -> %s", path, out);
}

/* The October report folder's name. */
static const char *
oct_name(void)
{
	return strrchr(oct, '/') + 1;
}

/* Verifies path expecting valid; returns where its place stands. */
static enum pc_place
valid_place(const char *path, const char *keyring_path)
{
	struct pc_verify_opts o = { .keyring_path = keyring_path };
	struct pc_verify_result res;
	enum pc_place place;

	cr_assert_eq(pc_verify_report(&res, path, &o), 0, "%s",
	    pc_error_get());
	place = res.place;
	pc_verify_result_free(&res);
	return place;
}

/* Issue 11, hole 7: verify shares aggregate's folder rule. A report in
 * another office's folder (one in the keyring, or one holding other
 * reports) is refused. */
Test(verify, report_in_another_offices_folder_is_refused)
{
	char other[4096], moved[4096], ring[4096], text[512], name[64];

	cr_assert_eq(valid_place(oct, NULL), PC_PLACE_CHECKED);
	snprintf(name, sizeof(name), "%s", oct_name());
	fx_path(other, sizeof(other), out_dir, "otherton-east");
	move_to(moved, sizeof(moved), oct, other, name);
	snprintf(text, sizeof(text), "%s %s\notherton-east %s\n", FX_OFFICE,
	    key_id, "0000000000000000000000000000000000000000000000000000000000000000");
	keyring(ring, sizeof(ring), text);
	assert_invalid(moved, NULL, ring, "wrong office: the report is "
	    "office " FX_OFFICE "'s but sits in folder otherton-east");
	/* Without a keyring, a folder holding other reports is an office's. */
	cr_assert_eq(valid_place(moved, NULL), PC_PLACE_ALONE);
	fx_path(text, sizeof(text), other, "2026-09-01T090000Z");
	cr_assert_eq(mkdir(text, 0755), 0);
	assert_invalid(moved, NULL, NULL, "wrong office");
}

/* In its office's folder, the folder must carry the start time. */
Test(verify, report_folder_not_named_after_its_start_time_is_refused)
{
	char office[4096], moved[4096];

	fx_path(office, sizeof(office), out_dir, FX_OFFICE);
	move_to(moved, sizeof(moved), oct, office, "2026-09-01T090000Z");
	assert_invalid(moved, NULL, NULL, "wrong folder: the report started "
	    "at 2026-10-01T");
	move_to(oct, sizeof(oct), moved, office, "latest");
	assert_invalid(oct, NULL, NULL, "wrong folder: the report sits in "
	    FX_OFFICE "/latest, but reports in an office's folder are named "
	    "after their start time");
}

/* A report folder on its own (received by mail, unpacked anywhere)
 * verifies, with its place marked as not checked. */
Test(verify, report_folder_on_its_own_verifies_with_place_not_checked)
{
	char mail[4096], moved[4096];

	fx_path(mail, sizeof(mail), tmp, "Downloads");
	move_to(moved, sizeof(moved), oct, mail, "report from exampleshire");
	cr_assert_eq(valid_place(moved, NULL), PC_PLACE_ALONE);
}

/* --require-chain: a report naming an earlier report that is not beside
 * it is refused instead of "not checked". */
Test(verify, require_chain_fails_when_the_previous_report_is_absent)
{
	struct pc_verify_opts o = { .require_chain = true };
	struct pc_verify_result res;
	char nov[4096];

	cr_assert_eq(pc_verify_report(&res, oct, &o), 0, "%s",
	    pc_error_get());
	cr_assert_eq(res.chain, PC_CHAIN_FIRST, "a first report needs none");
	pc_verify_result_free(&res);
	cr_assert_eq(fx_scan(nov, sizeof(nov), out_dir, key_path, FX_NOV,
			 fx_fill_demo), 0, "%s", pc_error_get());
	cr_assert_eq(pc_verify_report(&res, nov, &o), 0, "%s",
	    pc_error_get());
	pc_verify_result_free(&res);
	fx_rmrf(oct);
	cr_assert_eq(pc_verify_report(&res, nov, &o), PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "chain not checked: the report "
			  "follows an earlier report") != NULL, "%s",
	    pc_error_get());
	pc_verify_result_free(&res);
}
