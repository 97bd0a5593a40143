/* Reads a file, folder, mailbox or export through the threats sink (the
 * check's child and `portcullis inspect --detectors threats`). */
#ifndef PC_THREATS_READ_H
#define PC_THREATS_READ_H

#include "checks/content/extract.h"
#include "checks/content/walk.h"
#include "sink.h"

/* What one read saw. extract_failed: files opened that no reader reads
 * (binary; each also reported as a skipped event with the reason); files
 * over a limit, locked or damaged are PC_WALK_NOT_READ events instead. */
struct pc_threats_read_stats {
	struct pc_walk_stats walk;
	size_t extract_failed;
};

/*
 * Walks root (a folder or one file) with opts (NULL: defaults), extracts
 * each file as kind (PC_DOC_AUTO: by its name and content) into sink, and
 * reports skipped, unreadable and changed files through event (may be
 * NULL). Returns as pc_walk(): 0, a negative pc_err when root cannot be
 * read, or the positive value the sink stopped with.
 */
int pc_threats_read(const char *root, const struct pc_walk_opts *opts,
    enum pc_doc_kind kind, struct pc_threats_sink *sink,
    void (*event)(
	void *arg, enum pc_walk_event ev, const char *path, const char *reason),
    void *arg, struct pc_threats_read_stats *st);

#endif
