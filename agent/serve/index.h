/* The SQLite index of the store: lookups by hash, each office's head, counts. */
#ifndef PC_SERVE_INDEX_H
#define PC_SERVE_INDEX_H

#include <stddef.h>

#include "agent/lib/buf.h"

/* How a report joined its office's chain. */
enum pc_index_chain { PC_INDEX_FIRST, PC_INDEX_OK, PC_INDEX_BROKEN };

struct pc_index_row {
	char sha256[65];
	char office[65];
	char folder[64]; /* "<name>" or "chain-broken/<name>" */
	char started_at[32];
	enum pc_index_chain chain;
	long long received_at; /* unix time */
};

struct pc_index;

/*
 * Opens (creating) the index at path in WAL mode with synchronous=FULL.
 * The files are the truth; the index is rebuilt from them with
 * pc_index_rebuild. Caller frees with pc_index_close(). Not thread-safe:
 * the server holds one lock around every use.
 */
int pc_index_open(struct pc_index **idx_out, const char *path);
void pc_index_close(struct pc_index *idx);

/* The row of the report whose report.json hashes to sha256;
 * PC_ENOTFOUND if none. */
int pc_index_find(
    struct pc_index_row *row_out, struct pc_index *idx, const char *sha256);

/* The office's head in one scope (tenant: its parliament-tenant/
 * chain; else its own): its non-broken report there with the greatest
 * folder name; PC_ENOTFOUND when the office has none. */
int pc_index_head(struct pc_index_row *row_out, struct pc_index *idx,
    const char *office, bool tenant);

/* How many reports of the office were received at or after since. */
int pc_index_count_since(long long *n_out, struct pc_index *idx,
    const char *office, long long since);

/* Total rows. */
int pc_index_count(long long *n_out, struct pc_index *idx);

/* Transactions around an insert and the store's rename. */
int pc_index_begin(struct pc_index *idx);
int pc_index_commit(struct pc_index *idx);
void pc_index_rollback(struct pc_index *idx);
/* Deletes every row (before a rebuild). */
int pc_index_clear(struct pc_index *idx);
int pc_index_insert(struct pc_index *idx, const struct pc_index_row *row);

/* Appends the office's reports as a JSON array (oldest first) to out. */
int pc_index_list_json(
    struct pc_buf *out, struct pc_index *idx, const char *office);

/* The chain word of the JSON answers ("first", "ok", "broken"). */
const char *pc_index_chain_name(enum pc_index_chain c);

/*
 * Rebuilds the index from the store's reports/ folder alone: every report
 * folder of every office, in name order, hashed; a folder's chain is "ok"
 * when it names the previous folder's hash, "first" for the office's
 * first, and "broken" for folders in chain-broken/. *n_out gets the number
 * of reports indexed.
 */
int pc_index_rebuild(
    size_t *n_out, struct pc_index *idx, const char *reports_dir);

/* Counts the report folders under reports_dir (for the startup check). */
int pc_index_count_files(size_t *n_out, const char *reports_dir);

#endif
