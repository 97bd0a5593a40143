/* Verifying a report: signature, schema, keyring and hash chain. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/sha256.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/report_parse.h"
#include "agent/history.h"
#include "verify.h"

#define SIG_FILE_CAP 4096

/* Frees what a result owns. */
void
pc_verify_result_free(struct pc_verify_result *res)
{
	if (res == NULL)
		return;
	pc_report_free(res->report);
	res->report = NULL;
}

/*
 * Reads one of the report's own files. A missing file or one that is not
 * a regular file makes the report invalid (it cannot be checked as
 * signed); other failures are I/O errors.
 */
static int
read_member(struct pc_buf *b, const char *dir, const char *name, size_t cap)
{
	char path[PATH_MAX];
	struct stat st;
	int r;

	pc_buf_init(b, cap);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return pc_error_set(PC_EINVALID,
			    "%s: %s is missing, so the report cannot be checked",
			    name, path);
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return pc_error_set(
		    PC_EINVALID, "%s: %s is not a regular file", name, path);
	if ((r = pc_file_read(b, path, cap)) == PC_ELIMIT)
		return pc_error_set(
		    PC_EINVALID, "%s: %s", name, pc_error_get());
	return r;
}

/* Finds the report folder and checks path exists. */
static int
locate(struct pc_verify_result *res, const char *path)
{
	char copy[PATH_MAX];
	struct stat st;

	if (strlen(path) >= sizeof(copy) - 32)
		return pc_error_set(PC_EUSAGE, "report path too long");
	if (stat(path, &st) != 0)
		return pc_error_set(errno == ENOENT ? PC_ENOTFOUND : PC_EIO,
		    "cannot open %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		snprintf(res->dir, sizeof(res->dir), "%s", path);
		return 0;
	}
	snprintf(copy, sizeof(copy), "%s", path);
	if (strcmp(basename(copy), "report.json") != 0)
		return pc_error_set(PC_EUSAGE,
		    "%s: give a report folder or its report.json", path);
	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(res->dir, sizeof(res->dir), "%s", dirname(copy));
	return 0;
}

/* Orders id strings. */
static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Checks no finding id is listed twice and no id is both a finding and
 * resolved (scan never writes either). Sorted, so large reports stay fast.
 */
static int
check_unique_ids(const struct pc_report *r)
{
	const char **ids;
	size_t i, n = r->nfindings + r->nresolved;
	int rc = 0;

	if (n < 2)
		return 0;
	if ((ids = calloc(n, sizeof(*ids))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < r->nfindings; i++)
		ids[i] = r->findings[i].id;
	for (i = 0; i < r->nresolved; i++)
		ids[r->nfindings + i] = r->resolved[i].id;
	qsort(ids, n, sizeof(*ids), cmp_id);
	for (i = 1; i < n && rc == 0; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			rc = pc_error_set(PC_EINVALID,
			    "schema invalid: finding %.64s is listed twice (in findings[] or resolved[])",
			    ids[i]);
	free(ids);
	return rc;
}

/* Checks the stored summary and fingerprints against the contents. */
static int
check_consistency(
    struct pc_verify_result *res, const struct pc_report_stored *st)
{
	const struct pc_report *r = res->report;
	struct pc_report_summary *s = &res->summary;
	size_t i, j, n;
	int rc;

	pc_report_summarize(r, s);
	for (i = 0; i <= PC_STATUS_NOT_APPLICABLE; i++)
		if (st->by_status[i] != s->by_status[i])
			return pc_error_set(PC_EINVALID,
			    "schema invalid: summary.checks.%s is %zu but checks[] has %zu",
			    pc_status_name((enum pc_status)i), st->by_status[i],
			    s->by_status[i]);
	for (i = 0; i <= PC_SEV_CRITICAL; i++)
		if (st->by_severity[i] != s->by_severity[i])
			return pc_error_set(PC_EINVALID,
			    "schema invalid: summary.findings.%s is %zu but findings[] has %zu",
			    pc_severity_name((enum pc_severity)i),
			    st->by_severity[i], s->by_severity[i]);
	if (st->total_findings != r->nfindings)
		return pc_error_set(PC_EINVALID,
		    "schema invalid: summary.total_findings is %zu but findings[] has %zu",
		    st->total_findings, r->nfindings);
	if (st->complete != s->complete)
		return pc_error_set(PC_EINVALID,
		    "schema invalid: summary.complete is %s but the checks say %s",
		    st->complete ? "true" : "false",
		    s->complete ? "true" : "false");
	if (fabs(st->score - s->score) > 0.001)
		return pc_error_set(PC_EINVALID,
		    "schema invalid: summary.score is %.3f but the checks give %.3f",
		    st->score, s->score);
	for (i = 0; i < r->nchecks; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(r->checks[i].id, r->checks[j].id) == 0)
				return pc_error_set(PC_EINVALID,
				    "schema invalid: check %.64s is listed twice",
				    r->checks[i].id);
		for (j = 0, n = 0; j < r->nfindings; j++)
			n += strcmp(r->findings[j].check, r->checks[i].id) == 0;
		if (n != r->checks[i].nfindings)
			return pc_error_set(PC_EINVALID,
			    "schema invalid: check %.64s says %zu findings but findings[] has %zu",
			    r->checks[i].id, r->checks[i].nfindings, n);
		if (r->checks[i].status == PC_STATUS_PASS && n > 0)
			return pc_error_set(PC_EINVALID,
			    "schema invalid: check %.64s passed but has findings",
			    r->checks[i].id);
	}
	if ((rc = check_unique_ids(r)) != 0)
		return rc;
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		/* The id is pc_finding_id() of values the report does not
		 * carry unmasked (the item key and locator), so it is checked
		 * for shape (parser) and uniqueness (above), not recomputed. */
		for (j = 0, n = 0; j < r->nchecks; j++)
			n += strcmp(r->checks[j].id, f->check) == 0;
		if (n == 0)
			return pc_error_set(PC_EINVALID,
			    "schema invalid: finding %s names check %.64s, which is not in checks[]",
			    f->id, f->check);
	}
	return 0;
}

/* The shared folder rule: the office's folder and the start time. */
int
pc_verify_folder_rule(
    const struct pc_report *r, const char *folder, const char *office_folder)
{
	char stamp[32];
	size_t n;

	if (office_folder != NULL && strcmp(r->office_id, office_folder) != 0)
		return pc_error_set(PC_EINVALID,
		    "wrong office: the report is office %.64s's but sits in folder %.64s",
		    r->office_id, office_folder);
	if (!pc_history_name_ok(folder)) {
		if (office_folder == NULL)
			return 0;
		return pc_error_set(PC_EINVALID,
		    "wrong folder: the report sits in %.64s/%.64s, but reports in an office's folder are named after their start time (%s)",
		    office_folder, folder, r->started_at);
	}
	pc_history_stamp(stamp, r->started_at);
	n = strlen(stamp);
	if (strncmp(folder, stamp, n) != 0 ||
	    (folder[n] != '\0' && folder[n] != '-'))
		return pc_error_set(PC_EINVALID,
		    "wrong folder: the report started at %s but its folder is named %.64s",
		    r->started_at, folder);
	return 0;
}

/* The scope rule verify and aggregate share. */
int
pc_verify_scope_rule(
    const struct pc_report *r, bool in_tenant_folder, const char *office_folder)
{
	bool tenant = PC_SCOPE_IS_TENANT(r->scope);

	if (tenant && !in_tenant_folder && office_folder != NULL)
		return pc_error_set(PC_EINVALID,
		    "wrong folder: the report is a parliament-tenant report, which belongs in %.64s/%s/, not beside the office's own reports",
		    office_folder, PC_SCOPE_TENANT);
	if (!tenant && in_tenant_folder)
		return pc_error_set(PC_EINVALID,
		    "wrong folder: the report is office %.64s's own, but sits in a %s folder, which holds only PDS's reports of the Parliament tenant",
		    r->office_id, PC_SCOPE_TENANT);
	return 0;
}

/* pc_dir_names filter: report folder names. */
static int
report_name(const char *name)
{
	return pc_history_name_ok(name);
}

/*
 * Decides whether the report's folder sits in an office's folder (named
 * after this office, an office in the keyring, or named like an office id
 * and holding other reports) and applies the folder rule; otherwise it is
 * on its own.
 */
static int
check_place(struct pc_verify_result *res, const struct pc_keyring *ring)
{
	char copy[PATH_MAX], name[PATH_MAX], parent[PATH_MAX], pname[PATH_MAX];
	char gname[PATH_MAX];
	char **names = NULL;
	size_t n = 0, i;
	bool office = false;
	int r;

	snprintf(copy, sizeof(copy), "%s", res->dir);
	snprintf(name, sizeof(name), "%s", basename(copy));
	snprintf(copy, sizeof(copy), "%s", res->dir);
	snprintf(parent, sizeof(parent), "%s", dirname(copy));
	snprintf(copy, sizeof(copy), "%s", parent);
	snprintf(pname, sizeof(pname), "%s", basename(copy));
	/* <office>/parliament-tenant/<report>: the tenant scope's chain of
	 * that office, kept apart from the office's own reports. */
	if (strcmp(pname, PC_SCOPE_TENANT) == 0 && pc_history_name_ok(name)) {
		snprintf(copy, sizeof(copy), "%s", parent);
		snprintf(gname, sizeof(gname), "%s", basename(dirname(copy)));
		res->place = PC_PLACE_CHECKED;
		if ((r = pc_verify_scope_rule(res->report, true, gname)) != 0)
			return r;
		return pc_verify_folder_rule(res->report, name, gname);
	}
	if (strcmp(pname, res->report->office_id) == 0)
		office = true;
	for (i = 0; !office && ring && i < ring->n; i++)
		office = strcmp(ring->entries[i].office_id, pname) == 0;
	/* Other reports beside it make it an office's folder, as aggregate
	 * reads it: unless its name cannot be an office id ("My Reports"). */
	if (!office && pc_keyring_office_id_ok(pname) &&
	    pc_dir_names(&names, &n, parent, report_name, 100000) == 0)
		for (i = 0; i < n && !office; i++)
			office = strcmp(names[i], name) != 0;
	pc_dir_names_free(names, n);
	pc_error_clear();
	res->place = office ? PC_PLACE_CHECKED : PC_PLACE_ALONE;
	if ((r = pc_verify_scope_rule(
		 res->report, false, office ? pname : NULL)) != 0)
		return r;
	return pc_verify_folder_rule(res->report, name, office ? pname : NULL);
}

/* Checks previous_report_sha256 against the previous folder, if here. */
static int
check_chain(struct pc_verify_result *res)
{
	char copy[PATH_MAX], parent[PATH_MAX], name[PATH_MAX], path[PATH_MAX],
	    sha[65];
	const char *claimed = res->report->previous_report_sha256;
	char prev[PATH_MAX];
	struct pc_buf b;
	int r;

	snprintf(copy, sizeof(copy), "%s", res->dir);
	snprintf(name, sizeof(name), "%s", basename(copy));
	snprintf(copy, sizeof(copy), "%s", res->dir);
	snprintf(parent, sizeof(parent), "%s", dirname(copy));
	res->chain = claimed ? PC_CHAIN_NOT_PRESENT : PC_CHAIN_FIRST;
	if (!pc_history_name_ok(name))
		return 0; /* not in the <office>/<date> layout */
	/* The same rule the scan used to pick the report it chained to. */
	r = pc_history_previous(prev, sizeof(prev), parent, name);
	if (r == PC_ENOTFOUND)
		return 0;
	if (r != 0)
		return r;
	snprintf(path, sizeof(path), "%s", prev);
	snprintf(copy, sizeof(copy), "%s", prev);
	snprintf(res->previous, sizeof(res->previous), "%s", basename(copy));
	if (claimed == NULL)
		return pc_error_set(PC_EINVALID,
		    "chain broken: the report says it is the office's first, but the earlier report %s is beside it",
		    path);
	if ((r = read_member(&b, path, "report.json", PC_REPORT_MAX_BYTES)) !=
	    0) {
		pc_buf_free(&b);
		if (r != PC_EINVALID)
			return r;
		return pc_error_set(PC_EINVALID,
		    "chain broken: the previous report %s has no readable report.json",
		    path);
	}
	pc_sha256_hex(sha, b.data, b.len);
	pc_buf_free(&b);
	if (strcmp(sha, claimed) != 0)
		return pc_error_set(PC_EINVALID,
		    "chain broken: previous_report_sha256 is %.16s... but %s/report.json hashes to %.16s... (the earlier report was changed, replaced or removed)",
		    claimed, path, sha);
	res->chain = PC_CHAIN_OK;
	return 0;
}

/* Verifies a report folder. */
int
pc_verify_report(struct pc_verify_result *res, const char *path,
    const struct pc_verify_opts *opts)
{
	struct pc_buf json, sig, pub;
	struct pc_keyring *ring = NULL;
	struct pc_approved *approved = NULL;
	const struct pc_approved_entry *ok;
	const struct pc_keyring_entry *entry;
	struct pc_report_stored stored;
	EVP_PKEY *key = NULL;
	char date[11];
	int r;

	memset(res, 0, sizeof(*res));
	pc_buf_init(&json, 1);
	pc_buf_init(&sig, 1);
	pc_buf_init(&pub, 1);
	if ((r = locate(res, path)) != 0)
		goto out;
	if (opts->keyring_path &&
	    (r = pc_keyring_load(&ring, opts->keyring_path)) != 0)
		goto out;
	if (opts->pubkey_path &&
	    (r = pc_sign_load_public(&key, opts->pubkey_path)) != 0)
		goto out;
	res->policy_approved = -1;
	if (opts->approved_path &&
	    (r = pc_approved_load(&approved, opts->approved_path)) != 0)
		goto out;
	if ((r = read_member(
		 &json, res->dir, "report.json", PC_REPORT_MAX_BYTES)) != 0 ||
	    (r = read_member(
		 &sig, res->dir, "report.json.sig", SIG_FILE_CAP)) != 0)
		goto out;
	if (key == NULL) {
		if ((r = read_member(
			 &pub, res->dir, "signer.pub", PC_SIGN_PUB_MAX)) != 0)
			goto out;
		if (pc_sign_parse_public(
			&key, "signer.pub", pub.data, pub.len) != 0) {
			r = pc_error_set(
			    PC_EINVALID, "bad signature: %s", pc_error_get());
			goto out;
		}
		res->trust = PC_TRUST_SIGNER_PUB;
	} else {
		res->trust = PC_TRUST_PUBKEY;
	}
	if ((r = pc_sign_key_id(res->key_id, key)) != 0)
		goto out;
	if ((r = pc_sign_verify(key, json.data, json.len,
		 (const unsigned char *)sig.data, sig.len)) != 0)
		goto out;
	if ((r = pc_report_parse(&res->report, &stored, "report.json",
		 json.data, json.len)) != 0) {
		if (r == PC_ELIMIT)
			r = pc_error_set(
			    PC_EINVALID, "schema invalid: %s", pc_error_get());
		goto out;
	}
	if ((r = check_consistency(res, &stored)) != 0)
		goto out;
	if (ring) {
		snprintf(date, sizeof(date), "%.10s", res->report->started_at);
		if ((r = pc_keyring_check(ring, res->report->office_id,
			 res->report->scope, res->key_id, date, &entry)) != 0)
			goto out;
		res->trust = PC_TRUST_KEYRING;
		snprintf(res->keyring_where, sizeof(res->keyring_where),
		    "%s:%d", ring->path, entry->line);
		memcpy(res->valid_after, entry->valid_after, 11);
		memcpy(res->valid_before, entry->valid_before, 11);
	}
	if ((r = check_place(res, ring)) != 0)
		goto out;
	if ((r = check_chain(res)) != 0)
		goto out;
	if (opts->require_chain && res->chain == PC_CHAIN_NOT_PRESENT) {
		r = pc_error_set(PC_EINVALID,
		    "chain not checked: the report follows an earlier report (previous_report_sha256 %.16s...) that is not beside it, and --require-chain needs it; put the office's earlier report folders beside this one",
		    res->report->previous_report_sha256);
		goto out;
	}
	if (approved == NULL)
		goto out;
	ok = pc_approved_find(approved, res->report->policy_sha256);
	res->policy_approved = ok != NULL;
	if (ok)
		snprintf(res->approved_where, sizeof(res->approved_where),
		    "%s:%d", approved->path, ok->line);
out:
	pc_approved_free(approved);
	EVP_PKEY_free(key);
	pc_keyring_free(ring);
	pc_buf_free(&json);
	pc_buf_free(&sig);
	pc_buf_free(&pub);
	return r;
}
