/* Finding the next message of an mbox after one GMime could not read
 * (mbox_resync.c). */
#ifndef PC_MBOX_RESYNC_H
#define PC_MBOX_RESYNC_H

#include <gmime/gmime.h>

/*
 * The offset in stream of the first line starting "From " that begins
 * after offset after, or -1 if none (the stream's position is left
 * anywhere). A body line starting "From " that its writer did not
 * escape (mboxo) opens a message GMime cannot read, and GMime then reads
 * no further; the caller starts a new parse there.
 */
gint64 pc_mbox_next_from(GMimeStream *stream, gint64 after);

#endif
