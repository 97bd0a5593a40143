/* Reads files, mailboxes and exports through the threats sink. */
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "read.h"

struct reader {
	struct pc_text_sink sink;
	enum pc_doc_kind kind;
	void (*event)(void *, enum pc_walk_event, const char *, const char *);
	void *arg;
	struct pc_threats_read_stats *st;
};

/* Walker callback: extracts one file into the threats sink. */
static int
on_file(void *arg, int fd, const char *path, const struct stat *st)
{
	struct reader *rd = arg;
	struct pc_extract_result res;
	bool not_read;
	int r;

	memset(&res, 0, sizeof(res));
	r = pc_extract_fd(
	    fd, path, (uint64_t)st->st_size, rd->kind, &rd->sink, &res);
	if (r != 0 && res.sink_stopped)
		return r > 0 ? r : 1;
	if (r != 0) {
		/* over a limit, locked or damaged: a content_not_scanned
		 * finding, not a gap */
		not_read = pc_extract_not_read(r, &res);
		if (!not_read)
			rd->st->extract_failed++;
		if (rd->event)
			rd->event(rd->arg,
			    not_read ? PC_WALK_NOT_READ : PC_WALK_SKIPPED, path,
			    pc_error_get());
	} else if (res.parts_skipped > 0 && rd->event) {
		rd->event(rd->arg, PC_WALK_NOT_READ, path, res.note);
	}
	return 0;
}

/* Walker callback: passes a skipped, unreadable or changed file on. */
static void
on_event(void *arg, enum pc_walk_event ev, const char *path, const char *reason)
{
	struct reader *rd = arg;

	if (rd->event)
		rd->event(rd->arg, ev, path, reason);
}

/* Reads root through sink. */
int
pc_threats_read(const char *root, const struct pc_walk_opts *opts,
    enum pc_doc_kind kind, struct pc_threats_sink *sink,
    void (*event)(
	void *arg, enum pc_walk_event ev, const char *path, const char *reason),
    void *arg, struct pc_threats_read_stats *st)
{
	struct pc_walk_opts none;
	struct pc_walk_cb cb;
	struct reader rd;

	memset(st, 0, sizeof(*st));
	memset(&none, 0, sizeof(none));
	memset(&rd, 0, sizeof(rd));
	pc_threats_sink_get(sink, &rd.sink);
	rd.kind = kind;
	rd.event = event;
	rd.arg = arg;
	rd.st = st;
	cb.file = on_file;
	cb.event = on_event;
	cb.arg = &rd;
	return pc_walk(root, opts ? opts : &none, &cb, &st->walk);
}
