/* Shared by the extractors in this folder (not for other folders). */
#ifndef PC_CONTENT_EXTRACT_INT_H
#define PC_CONTENT_EXTRACT_INT_H

#include "extract.h"

/*
 * Wraps the caller's sink: remembers the sink's first nonzero return (so
 * a parse error and a stop by the matcher stay distinguishable) and
 * whether a unit is open (so an error path can still close it).
 */
struct pc_emit {
	const struct pc_text_sink *sink;
	struct pc_extract_result *res;
	int rc;
	bool open;
	int depth; /* mail/attachment nesting */
};

int pc_emit_begin(struct pc_emit *e, const struct pc_text_loc *loc);
int pc_emit_data(struct pc_emit *e, const char *p, size_t len);
int pc_emit_str(struct pc_emit *e, const char *s);
int pc_emit_end(struct pc_emit *e);
/* Records a part that was not read (first reason kept). */
void pc_emit_skip(struct pc_emit *e, const char *reason);

/* Dispatches bytes in memory by kind, at nesting depth e->depth. */
int pc_extract_mem_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, enum pc_doc_kind kind);

/* Mail extractors (mime.c). fd >= 0: stream from the file. */
int pc_extract_mail_fd(struct pc_emit *e, int fd, const char *path,
    bool mbox);
int pc_extract_mail_mem(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, bool mbox);

/* HTML to text into an open emitter (one unit). */
int pc_extract_html_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, pc_extract_link_fn link, void *link_arg);

#endif
