/* The append-only report store: one folder per accepted report, per office. */
#ifndef PC_SERVE_STORE_H
#define PC_SERVE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent/upload_tar.h"

/*
 * Layout under the store folder:
 *   reports/<office-id>/<YYYY-MM-DDThhmmssZ>[-N]/   the office's chain
 *   reports/<office-id>/chain-broken/<name>/        accepted, not the head
 *   reports/<office-id>/parliament-tenant/<name>/   PDS's tenant chain
 *   reports/<office-id>/parliament-tenant/chain-broken/<name>/
 *   tmp/up.XXXXXX/                                  uploads being received
 *   index.sqlite                                    the rebuildable index
 * reports/ is what `portcullis aggregate` reads. Accepted folders are made
 * read-only (0555, files 0444) and the server never changes or removes
 * them; only tmp/ is cleaned.
 */
#define PC_STORE_BROKEN_DIR "chain-broken"

struct pc_store {
	char *dir;
	char *reports; /* dir/reports */
	char *tmp;     /* dir/tmp */
};

/* An upload being received into tmp/: its three files, written as they
 * arrive. */
struct pc_store_stage {
	const struct pc_store *store;
	char dir[4096];
	int fd[PC_UPLOAD_NMEMBERS];
	bool full; /* a write failed for lack of space */
};

/* Opens (creating) the store's folders and empties tmp/ of uploads that a
 * crash left behind. Caller frees with pc_store_free(). */
int pc_store_open(struct pc_store **store_out, const char *dir);
void pc_store_free(struct pc_store *s);

/* Makes an empty staging folder in tmp/. */
int pc_store_stage_new(struct pc_store_stage *st, const struct pc_store *s);

/* The tar parser's sink writing into the stage (arg is the stage). */
extern const struct pc_upload_sink pc_store_stage_sink;

/* Syncs the staged files to disk; PC_ELIMIT when the disk is full. */
int pc_store_stage_sync(struct pc_store_stage *st);

/* Removes a stage that was not accepted; NULL-safe, idempotent. */
void pc_store_stage_discard(struct pc_store_stage *st);

/*
 * Moves a verified stage into reports/<office>/ (or its chain-broken/;
 * tenant: reports/<office>/parliament-tenant/ and its chain-broken/, the
 * parliament-tenant scope's chain) under the folder name of started_at
 * (a -2 ... -9 suffix when taken), read-only, then syncs the folders:
 * after return the report survives a crash. *name_out gets the folder
 * relative to reports/<office>/: "<name>", "chain-broken/<name>",
 * "parliament-tenant/<name>" or "parliament-tenant/chain-broken/<name>".
 * PC_ELIMIT when the disk is full (then nothing is stored).
 */
int pc_store_commit(char name_out[64], struct pc_store_stage *st,
    const char *office, const char *started_at, bool broken, bool tenant);

/* Syncs folder path (after a rename into it). */
int pc_store_sync_dir(const char *path);

#endif
