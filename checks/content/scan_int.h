/* Shared by scan.c and scan_pool.c (not for other folders). */
#ifndef PC_CONTENT_SCAN_INT_H
#define PC_CONTENT_SCAN_INT_H

#include <pthread.h>
#include <sys/stat.h>

#include "chunk.h"
#include "scan.h"

#define PC_SCAN_INFLIGHT    2          /* jobs outstanding per worker */
#define PC_SCAN_JOB_BYTES   (1u << 20) /* findings held per job, then direct */
#define PC_SCAN_MAX_WORKERS 16

/* A finding or a note kept for the report, with its own copies. */
struct item {
	bool is_note;
	struct pc_match m;      /* a finding; strings point at the copies */
	struct pc_match *parts; /* a record's parts (copied) */
	char *path, *message_id, *member;
	enum pc_content_event event; /* a note */
	char *reason;
	size_t nparts; /* a note's parts not read */
};

/* One file (or one note) in walk order. */
struct job {
	struct job *next;
	uint64_t seq;
	int fd;
	char *path;
	struct stat st;
	enum pc_doc_kind kind;
	bool taken, done, direct, read;
	size_t parts_skipped;
	/* one chunk of a big text file (chunk.h): [lo, hi) */
	bool chunk, chunk_first, chunk_last;
	uint64_t lo, hi;
	struct pc_chunk_lines lines; /* newlines before it and in it */
	struct item *items;
	size_t n, alloc, bytes;
};

/* A worker thread and its matcher. */
struct worker {
	struct pc_content_scan *s;
	pthread_t thread;
	bool running;
	struct pc_matcher *matcher;
	struct pc_text_sink sink;
	struct job *job; /* being read */
	bool ready;      /* its matcher is made (or failed: rc, err) */
	int rc;
	char err[256];
};

struct pc_content_scan {
	struct pc_content_report rep;
	const struct pc_detectors *set;
	unsigned char *key;
	size_t keylen;
	struct pc_matcher *matcher; /* this thread's: sink, one worker */
	struct pc_text_sink sink;
	int stop; /* the report's nonzero return (under lock with a pool) */
	int sink_error; /* why the sink refuses (no matcher could be made) */

	/* the source being walked */
	const struct pc_content_source *src;
	struct pc_content_stats *st;

	/* the pool (nworkers > 1) */
	unsigned nworkers;
	bool started, quit, locks;
	struct worker *workers;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct job *first, *last; /* not yet reported, in walk order */
	size_t inflight;
	uint64_t next_seq;
	uint64_t records;     /* record ids handed out in report order */
	uint64_t chunk_lines; /* lines of the chunks reported so far */
	bool chunk_failed;    /* a chunk of this file said it was not read */
};

/* scan.c: counts a note in the source's stats and reports it. */
void pc_content_note(struct pc_content_scan *s, enum pc_content_event ev,
    const char *path, const char *reason, size_t parts);

/* scan_pool.c: starts the workers (once). */
int pc_content_pool_start(struct pc_content_scan *s);
/* scan_pool.c: queues a file; 1 when the scan was stopped. */
int pc_content_pool_file(struct pc_content_scan *s, int fd, const char *path,
    const struct stat *st, enum pc_doc_kind kind);
/* scan_pool.c: queues a note in walk order. */
void pc_content_pool_note(struct pc_content_scan *s, enum pc_content_event ev,
    const char *path, const char *reason);
/* scan_pool.c: waits until all is reported; returns the stop value. */
int pc_content_pool_drain(struct pc_content_scan *s);
/* scan_pool.c: stops the workers. */
void pc_content_pool_stop(struct pc_content_scan *s);

#endif
