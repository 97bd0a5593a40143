/* Rebuilds the SQLite index from the store's report folders alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/serve/index.h"
#include "agent/serve/store.h"
#include "agent/history.h"
#include "reporter/keyring.h"
#include "agent/report_parse.h"

#define MAX_NAMES 1000000

/* pc_dir_names filters. */
static int
keep_office(const char *name)
{
	return pc_keyring_office_id_ok(name);
}

static int
keep_report(const char *name)
{
	return pc_history_name_ok(name);
}

/* Indexes one report folder; prev_sha carries the chain along. */
static int
index_one(struct pc_index *idx, const char *office, const char *office_dir,
    const char *folder, bool broken, char prev_sha[65])
{
	struct pc_index_row row;
	struct pc_report *rep = NULL;
	char path[4400];
	struct stat st;
	int r;

	memset(&row, 0, sizeof(row));
	snprintf(path, sizeof(path), "%s/%s/report.json", office_dir, folder);
	if ((r = pc_report_load(&rep, NULL, row.sha256, path)) != 0) {
		pc_error_set(r, "cannot index %s: %s", path, pc_error_get());
		return r;
	}
	snprintf(row.office, sizeof(row.office), "%s", office);
	snprintf(row.folder, sizeof(row.folder), "%s", folder);
	snprintf(row.started_at, sizeof(row.started_at), "%s", rep->started_at);
	if (broken)
		row.chain = PC_INDEX_BROKEN;
	else if (prev_sha[0] && rep->previous_report_sha256 &&
	    strcmp(prev_sha, rep->previous_report_sha256) == 0)
		row.chain = PC_INDEX_OK;
	else
		row.chain = prev_sha[0] ? PC_INDEX_BROKEN : PC_INDEX_FIRST;
	snprintf(path, sizeof(path), "%s/%s", office_dir, folder);
	row.received_at = stat(path, &st) == 0 ? (long long)st.st_mtime : 0;
	pc_report_free(rep);
	if (!broken)
		memcpy(prev_sha, row.sha256, 65);
	return pc_index_insert(idx, &row);
}

/* Indexes the folders of one office's scope (sub: "" for its own,
 * "parliament-tenant/" for the tenant's): its chain, then chain-broken/. */
static int
index_scope(size_t *n, struct pc_index *idx, const char *reports,
    const char *office, const char *sub)
{
	char office_dir[4200], dir[4400], folder[128], prev[65] = "";
	char **names = NULL;
	size_t nn = 0, i;
	int r, pass;

	snprintf(office_dir, sizeof(office_dir), "%s/%s", reports, office);
	for (pass = 0; pass < 2; pass++) {
		snprintf(dir, sizeof(dir), "%s/%s%s", office_dir, sub,
		    pass ? PC_STORE_BROKEN_DIR : "");
		r = pc_dir_names(&names, &nn, dir, keep_report, MAX_NAMES);
		if (r == PC_ENOTFOUND && (pass == 1 || sub[0] != '\0'))
			return 0;
		if (r != 0)
			return r;
		for (i = 0; i < nn && r == 0; i++) {
			snprintf(folder, sizeof(folder), "%s%s%s%s", sub,
			    pass ? PC_STORE_BROKEN_DIR : "", pass ? "/" : "",
			    names[i]);
			r = index_one(
			    idx, office, office_dir, folder, pass, prev);
			*n += r == 0;
		}
		pc_dir_names_free(names, nn);
		names = NULL;
		if (r != 0)
			return r;
	}
	return 0;
}

/* Indexes one office: its own chain and its parliament-tenant chain. */
static int
index_office(
    size_t *n, struct pc_index *idx, const char *reports, const char *office)
{
	int r;

	if ((r = index_scope(n, idx, reports, office, "")) != 0)
		return r;
	return index_scope(n, idx, reports, office, PC_SCOPE_TENANT "/");
}

/* Rebuilds the index. */
int
pc_index_rebuild(size_t *n_out, struct pc_index *idx, const char *reports_dir)
{
	char **offices = NULL;
	size_t n = 0, i;
	int r;

	*n_out = 0;
	if ((r = pc_dir_names(
		 &offices, &n, reports_dir, keep_office, MAX_NAMES)) != 0)
		return r;
	if ((r = pc_index_begin(idx)) != 0)
		goto out;
	if ((r = pc_index_clear(idx)) != 0) {
		pc_index_rollback(idx);
		goto out;
	}
	for (i = 0; i < n && r == 0; i++)
		r = index_office(n_out, idx, reports_dir, offices[i]);
	if (r == 0)
		r = pc_index_commit(idx);
	else
		pc_index_rollback(idx);
out:
	pc_dir_names_free(offices, n);
	return r;
}

/* Counts report folders of every office. */
int
pc_index_count_files(size_t *n_out, const char *reports_dir)
{
	char **offices = NULL, **names = NULL;
	char dir[4300];
	size_t n = 0, nn = 0, i;
	int r, pass;

	*n_out = 0;
	if ((r = pc_dir_names(
		 &offices, &n, reports_dir, keep_office, MAX_NAMES)) != 0)
		return r;
	/* Passes: its own chain, chain-broken/, parliament-tenant/ and
	 * parliament-tenant/chain-broken/. */
	for (i = 0; i < n && r == 0; i++)
		for (pass = 0; pass < 4 && r == 0; pass++) {
			snprintf(dir, sizeof(dir), "%s/%s%s%s%s", reports_dir,
			    offices[i], pass >= 2 ? "/" PC_SCOPE_TENANT : "",
			    pass & 1 ? "/" : "",
			    pass & 1 ? PC_STORE_BROKEN_DIR : "");
			r = pc_dir_names(
			    &names, &nn, dir, keep_report, MAX_NAMES);
			if (r == PC_ENOTFOUND) {
				r = 0;
				continue;
			}
			*n_out += nn;
			pc_dir_names_free(names, nn);
			names = NULL;
		}
	pc_dir_names_free(offices, n);
	return r;
}
