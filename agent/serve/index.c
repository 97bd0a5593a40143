/* SQLite (WAL) index of accepted reports: hash lookups, heads, counts. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/report.h"
#include "agent/serve/index.h"

struct pc_index {
	sqlite3 *db;
	char *path;
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS reports ( sha256 TEXT PRIMARY KEY, office TEXT NOT NULL, folder TEXT NOT NULL, started_at TEXT NOT NULL, chain INTEGER NOT NULL, received_at INTEGER NOT NULL);CREATE INDEX IF NOT EXISTS reports_office ON reports(office, folder);CREATE INDEX IF NOT EXISTS reports_received ON reports(office, received_at);";

/* Sets the error slot from the database's last message. */
static int
db_error(struct pc_index *idx, const char *what)
{
	return pc_error_set(PC_EIO, "index %s: cannot %s: %s", idx->path, what,
	    sqlite3_errmsg(idx->db));
}

/* Runs SQL without results. */
static int
exec_sql(struct pc_index *idx, const char *sql, const char *what)
{
	if (sqlite3_exec(idx->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(idx, what);
	return 0;
}

/* Opens the index. */
int
pc_index_open(struct pc_index **idx_out, const char *path)
{
	struct pc_index *idx;
	int r;

	*idx_out = NULL;
	if ((idx = calloc(1, sizeof(*idx))) == NULL ||
	    (idx->path = strdup(path)) == NULL) {
		free(idx);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if (sqlite3_open_v2(path, &idx->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		r = db_error(idx, "open");
		goto fail;
	}
	sqlite3_busy_timeout(idx->db, 5000);
	if ((r = exec_sql(idx,
		 "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;",
		 "set WAL mode")) ||
	    (r = exec_sql(idx, schema_sql, "create its tables")))
		goto fail;
	*idx_out = idx;
	return 0;
fail:
	pc_index_close(idx);
	return r;
}

/* Closes the index. */
void
pc_index_close(struct pc_index *idx)
{
	if (idx == NULL)
		return;
	sqlite3_close(idx->db);
	free(idx->path);
	free(idx);
}

/* Copies column i (text) into out. */
static void
col_text(char *out, size_t n, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* Runs a one-row query whose columns are a full row. */
static int
query_row(struct pc_index_row *row, struct pc_index *idx, const char *sql,
    const char *arg)
{
	sqlite3_stmt *s = NULL;
	int rc, r;

	if (sqlite3_prepare_v2(idx->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "prepare a query");
	sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		col_text(row->sha256, sizeof(row->sha256), s, 0);
		col_text(row->office, sizeof(row->office), s, 1);
		col_text(row->folder, sizeof(row->folder), s, 2);
		col_text(row->started_at, sizeof(row->started_at), s, 3);
		row->chain = (enum pc_index_chain)sqlite3_column_int(s, 4);
		row->received_at = sqlite3_column_int64(s, 5);
		r = 0;
	} else if (rc == SQLITE_DONE) {
		r = PC_ENOTFOUND;
	} else {
		r = db_error(idx, "read");
	}
	sqlite3_finalize(s);
	return r;
}

#define ROW_COLS "sha256, office, folder, started_at, chain, received_at"

/* Finds a report by hash. */
int
pc_index_find(
    struct pc_index_row *row_out, struct pc_index *idx, const char *sha256)
{
	return query_row(row_out, idx,
	    "SELECT " ROW_COLS " FROM reports WHERE sha256 = ?1", sha256);
}

/* The office's head in one scope (folders under parliament-tenant/ are
 * the tenant scope's). */
int
pc_index_head(struct pc_index_row *row_out, struct pc_index *idx,
    const char *office, bool tenant)
{
	if (tenant)
		return query_row(row_out, idx,
		    "SELECT " ROW_COLS
		    " FROM reports WHERE office = ?1 AND chain != 2 AND folder LIKE '" PC_SCOPE_TENANT
		    "/%' ORDER BY folder DESC LIMIT 1",
		    office);
	return query_row(row_out, idx,
	    "SELECT " ROW_COLS
	    " FROM reports WHERE office = ?1 AND chain != 2 AND folder NOT LIKE '" PC_SCOPE_TENANT
	    "/%' ORDER BY folder DESC LIMIT 1",
	    office);
}

/* Runs a COUNT query with an optional office and time. */
static int
count_query(long long *n_out, struct pc_index *idx, const char *sql,
    const char *office, long long since)
{
	sqlite3_stmt *s = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(idx->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "prepare a count");
	if (office) {
		sqlite3_bind_text(s, 1, office, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, since);
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		*n_out = sqlite3_column_int64(s, 0);
	else
		r = db_error(idx, "count");
	sqlite3_finalize(s);
	return r;
}

/* Reports of an office received since a time. */
int
pc_index_count_since(
    long long *n_out, struct pc_index *idx, const char *office, long long since)
{
	return count_query(n_out, idx,
	    "SELECT COUNT(*) FROM reports WHERE office = ?1 AND received_at >= ?2",
	    office, since);
}

/* All rows. */
int
pc_index_count(long long *n_out, struct pc_index *idx)
{
	return count_query(n_out, idx, "SELECT COUNT(*) FROM reports", NULL, 0);
}

/* Starts a write transaction. */
int
pc_index_begin(struct pc_index *idx)
{
	return exec_sql(idx, "BEGIN IMMEDIATE", "begin a transaction");
}

/* Commits. */
int
pc_index_commit(struct pc_index *idx)
{
	return exec_sql(idx, "COMMIT", "commit");
}

/* Rolls back (errors ignored: nothing was committed). */
void
pc_index_rollback(struct pc_index *idx)
{
	sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Deletes every row (inside a transaction, before a rebuild). */
int
pc_index_clear(struct pc_index *idx)
{
	return exec_sql(idx, "DELETE FROM reports", "empty the index");
}

/* Inserts a row. */
int
pc_index_insert(struct pc_index *idx, const struct pc_index_row *row)
{
	sqlite3_stmt *s = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(idx->db,
		"INSERT INTO reports (" ROW_COLS
		") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		-1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "prepare an insert");
	sqlite3_bind_text(s, 1, row->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, row->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, row->folder, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, row->started_at, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, (int)row->chain);
	sqlite3_bind_int64(s, 6, row->received_at);
	if (sqlite3_step(s) != SQLITE_DONE)
		r = sqlite3_errcode(idx->db) == SQLITE_FULL
		    ? pc_error_set(PC_ELIMIT, "index %s: disk full", idx->path)
		    : db_error(idx, "insert");
	sqlite3_finalize(s);
	return r;
}

/* The chain word. */
const char *
pc_index_chain_name(enum pc_index_chain c)
{
	return c == PC_INDEX_FIRST ? "first"
	    : c == PC_INDEX_OK     ? "ok"
				   : "broken";
}

/* Lists an office's reports as a JSON array. Every value is of a fixed
 * alphabet (hex, folder names, times), so none needs escaping. */
int
pc_index_list_json(struct pc_buf *out, struct pc_index *idx, const char *office)
{
	sqlite3_stmt *s = NULL;
	int rc, r = 0, n = 0;

	if (sqlite3_prepare_v2(idx->db,
		"SELECT " ROW_COLS
		" FROM reports WHERE office = ?1 ORDER BY received_at, folder",
		-1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "prepare a listing");
	sqlite3_bind_text(s, 1, office, -1, SQLITE_TRANSIENT);
	if ((r = pc_buf_adds(out, "[")) != 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((r = pc_buf_addf(out,
			 "%s{\"sha256\":\"%s\",\"folder\":\"%s\",\"started_at\":\"%s\",\"chain\":\"%s\",\"received_at\":%lld}",
			 n++ ? "," : "",
			 (const char *)sqlite3_column_text(s, 0),
			 (const char *)sqlite3_column_text(s, 2),
			 (const char *)sqlite3_column_text(s, 3),
			 pc_index_chain_name(
			     (enum pc_index_chain)sqlite3_column_int(s, 4)),
			 (long long)sqlite3_column_int64(s, 5))) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		r = db_error(idx, "list");
		goto out;
	}
	r = pc_buf_adds(out, "]");
out:
	sqlite3_finalize(s);
	return r;
}
