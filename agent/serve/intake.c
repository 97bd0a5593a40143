/* The intake decision for one upload: verify, dedupe, limit, chain, store. */
#include <stdio.h>
#include <string.h>

#include "agent/lib/sha256.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/serve/intake.h"
#include "agent/history.h"
#include "reporter/keyring.h"
#include "agent/report_parse.h"
#include "reporter/verify.h"

/* Fills an error answer. */
void
pc_intake_refuse(struct pc_intake_answer *a, int status, const char *msg)
{
	a->status = status;
	snprintf(a->error, sizeof(a->error), "%s", msg);
}

/* Opens the store and the index; rebuilds an index that lost rows. */
int
pc_intake_open(struct pc_intake *in, const struct pc_serve_config *cfg)
{
	char path[4200];
	long long rows = 0;
	size_t files = 0, n;
	int r;

	memset(in, 0, sizeof(*in));
	in->cfg = cfg;
	if ((r = pc_store_open(&in->store, cfg->store)) != 0)
		return r;
	snprintf(path, sizeof(path), "%s/index.sqlite", cfg->store);
	if ((r = pc_index_open(&in->index, path)) != 0 ||
	    (r = pc_index_count(&rows, in->index)) != 0 ||
	    (r = pc_index_count_files(&files, in->store->reports)) != 0)
		goto fail;
	/* A crash between the rename and the index commit leaves a stored
	 * report the index lacks: the files are the truth. */
	if ((size_t)rows != files) {
		fprintf(stderr,
		    "portcullis: serve: the index has %lld reports but the store %zu; rebuilding it\n",
		    rows, files);
		if ((r = pc_index_rebuild(&n, in->index, in->store->reports)) !=
		    0)
			goto fail;
	}
	if ((r = pc_ratelimit_init(
		 &in->per_ip, cfg->limits.per_ip_per_minute)) != 0)
		goto fail;
	if (pthread_mutex_init(&in->lock, NULL) != 0) {
		pc_ratelimit_destroy(&in->per_ip);
		r = pc_error_set(PC_ENOMEM, "cannot create a lock");
		goto fail;
	}
	return 0;
fail:
	pc_index_close(in->index);
	pc_store_free(in->store);
	in->index = NULL;
	in->store = NULL;
	return r;
}

/* Releases what pc_intake_open made. */
void
pc_intake_close(struct pc_intake *in)
{
	if (in->store == NULL)
		return;
	pthread_mutex_destroy(&in->lock);
	pc_ratelimit_destroy(&in->per_ip);
	pc_index_close(in->index);
	pc_store_free(in->store);
	in->index = NULL;
	in->store = NULL;
}

/* Maps a pc_verify_report failure to the answer. */
static void
refuse_verify(struct pc_intake_answer *a, int r)
{
	const char *msg = pc_error_get();

	if (r == PC_EINVALID && strncmp(msg, "schema invalid", 14) != 0)
		pc_intake_refuse(a, 403, msg);
	else if (r == PC_EINVALID || r == PC_EPARSE || r == PC_ELIMIT)
		pc_intake_refuse(a, 400, msg);
	else
		pc_intake_refuse(a, 500,
		    "the server could not verify the report; it was not stored");
	if (a->status == 500)
		fprintf(stderr, "portcullis: serve: verify: %s\n", msg);
}

/* Hashes the staged report.json. */
static int
stage_sha(char sha[65], const struct pc_store_stage *st)
{
	struct pc_buf b;
	char path[4200];
	int r;

	snprintf(path, sizeof(path), "%s/report.json", st->dir);
	if ((r = pc_file_read(&b, path, PC_REPORT_MAX_BYTES)) == 0)
		pc_sha256_hex(sha, b.data, b.len);
	pc_buf_free(&b);
	return r;
}

/* Answers 200 if these report.json bytes are stored (lock held). */
static bool
found_locked(struct pc_intake_answer *a, struct pc_intake *in)
{
	struct pc_index_row row;

	if (pc_index_find(&row, in->index, a->sha256) != 0)
		return false;
	a->status = 200;
	snprintf(a->office, sizeof(a->office), "%s", row.office);
	snprintf(a->folder, sizeof(a->folder), "%s", row.folder);
	a->chain = row.chain;
	return true;
}

/* True if file name is byte for byte the same in folders a and b. */
static bool
same_member(const char *a, const char *b, const char *name)
{
	struct pc_buf x, y;
	char path[4400];
	bool same;

	snprintf(path, sizeof(path), "%s/%s", a, name);
	if (pc_file_read(&x, path, PC_UPLOAD_SIG_CAP) != 0) {
		pc_buf_free(&x);
		return false;
	}
	snprintf(path, sizeof(path), "%s/%s", b, name);
	same = pc_file_read(&y, path, PC_UPLOAD_SIG_CAP) == 0 &&
	    x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
	pc_buf_free(&x);
	pc_buf_free(&y);
	return same;
}

/* Answers 200 if the upload is byte for byte a stored report (all three
 * files): that report was verified when it was accepted. */
static bool
already_stored(struct pc_intake_answer *a, struct pc_intake *in,
    const struct pc_store_stage *st)
{
	struct pc_intake_answer found = *a;
	char stored[4400];
	bool same;

	pthread_mutex_lock(&in->lock);
	same = found_locked(&found, in);
	pthread_mutex_unlock(&in->lock);
	if (!same)
		return false;
	snprintf(stored, sizeof(stored), "%s/%s/%s", in->store->reports,
	    found.office, found.folder);
	if (!same_member(st->dir, stored, "report.json.sig") ||
	    !same_member(st->dir, stored, "signer.pub"))
		return false; /* same report, other signature: verify it */
	*a = found;
	return true;
}

/* How the report joins the office's chain (the lock is held). */
static int
chain_of(
    enum pc_index_chain *c, struct pc_index *idx, const struct pc_report *rep)
{
	struct pc_index_row head;
	const char *name;
	char stamp[32];
	int r;

	r = pc_index_head(
	    &head, idx, rep->office_id, PC_SCOPE_IS_TENANT(rep->scope));
	if (r == PC_ENOTFOUND) {
		*c = PC_INDEX_FIRST; /* the server's first of this office */
		return 0;
	}
	if (r != 0)
		return r;
	pc_history_stamp(stamp, rep->started_at);
	/* It must name the head and sort after it, so that the folders'
	 * order stays the chain's order (aggregate and verify rely on it);
	 * the head's name is compared without its scope folder. */
	name = strrchr(head.folder, '/');
	name = name ? name + 1 : head.folder;
	*c = rep->previous_report_sha256 &&
		strcmp(rep->previous_report_sha256, head.sha256) == 0 &&
		strcmp(stamp, name) > 0
	    ? PC_INDEX_OK
	    : PC_INDEX_BROKEN;
	return 0;
}

/* Stores and indexes the verified stage (the lock is held). */
static void
store_locked(struct pc_intake_answer *a, struct pc_intake *in,
    struct pc_store_stage *st, const struct pc_report *rep, long long now)
{
	struct pc_index_row row;
	long long n = 0;
	int r;

	memset(&row, 0, sizeof(row));
	if (found_locked(a, in)) /* a racing upload of the same bytes */
		return;
	if ((r = pc_index_count_since(
		 &n, in->index, rep->office_id, now - 86400)) != 0)
		goto fail;
	if (n >= in->cfg->limits.per_office_per_day) {
		snprintf(a->error, sizeof(a->error),
		    "office %s already submitted %lld reports in the last 24 hours (the limit is %ld); try again tomorrow",
		    rep->office_id, n, in->cfg->limits.per_office_per_day);
		a->status = 429;
		return;
	}
	if ((r = chain_of(&row.chain, in->index, rep)) != 0)
		goto fail;
	memcpy(row.sha256, a->sha256, sizeof(row.sha256));
	snprintf(row.office, sizeof(row.office), "%s", rep->office_id);
	snprintf(row.started_at, sizeof(row.started_at), "%s", rep->started_at);
	row.received_at = now;
	if ((r = pc_index_begin(in->index)) != 0)
		goto fail;
	r = pc_store_commit(row.folder, st, rep->office_id, rep->started_at,
	    row.chain == PC_INDEX_BROKEN, PC_SCOPE_IS_TENANT(rep->scope));
	if (r != 0 && st->dir[0] != '\0') { /* not moved: nothing stored */
		pc_index_rollback(in->index);
		goto fail;
	}
	if (r != 0) /* moved into place, then chmod or sync failed */
		fprintf(stderr,
		    "portcullis: serve: %s (the report is stored)\n",
		    pc_error_get());
	/* Stored: the files are the truth. An index that cannot take the
	 * row is rebuilt from them at the next start. */
	if ((r = pc_index_insert(in->index, &row)) != 0 ||
	    (r = pc_index_commit(in->index)) != 0) {
		pc_index_rollback(in->index);
		fprintf(stderr,
		    "portcullis: serve: %s; the report is stored but not indexed: restart serve or run serve --reindex\n",
		    pc_error_get());
	}
	a->status = 201;
	a->chain = row.chain;
	return;
fail:
	if (r == PC_ELIMIT)
		pc_intake_refuse(a, 507,
		    "the server's disk is full; the report was not stored, send it again later");
	else if (r == PC_EEXIST)
		pc_intake_refuse(a, 400, pc_error_get());
	else
		pc_intake_refuse(a, 500,
		    "the server could not store the report; it was not stored");
	fprintf(stderr, "portcullis: serve: %s\n", pc_error_get());
}

/* Decides on a fully received stage. */
void
pc_intake_accept(struct pc_intake_answer *a, struct pc_intake *in,
    struct pc_store_stage *st, long long now)
{
	struct pc_verify_opts o = { .keyring_path = in->cfg->keyring };
	struct pc_verify_result v;
	int r;

	memset(&v, 0, sizeof(v));
	if ((r = pc_store_stage_sync(st)) != 0) {
		pc_intake_refuse(a, r == PC_ELIMIT ? 507 : 500,
		    r == PC_ELIMIT
			? "the server's disk is full; the report was not stored, send it again later"
			: "the server could not write the upload");
		goto out;
	}
	if ((r = stage_sha(a->sha256, st)) != 0) {
		pc_intake_refuse(
		    a, 500, "the server could not read the upload back");
		goto out;
	}
	/* A client retrying after a lost answer must not be refused, even
	 * if the key has since been revoked. */
	if (already_stored(a, in, st))
		goto out;
	if ((r = pc_verify_report(&v, st->dir, &o)) != 0) {
		refuse_verify(a, r);
		goto out;
	}
	if (!pc_keyring_office_id_ok(v.report->office_id)) {
		pc_intake_refuse(
		    a, 400, "report.json: office.id is not a usable office id");
		goto out;
	}
	snprintf(a->office, sizeof(a->office), "%s", v.report->office_id);
	pthread_mutex_lock(&in->lock);
	store_locked(a, in, st, v.report, now);
	pthread_mutex_unlock(&in->lock);
out:
	pc_verify_result_free(&v);
	pc_store_stage_discard(st); /* a no-op once stored */
}
