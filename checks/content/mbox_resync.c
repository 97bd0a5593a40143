/* Finding the next message of an mbox after one GMime could not read. */
#include <string.h>

#include "mbox_resync.h"

#define RESYNC_CHUNK 65536

gint64
pc_mbox_next_from(GMimeStream *stream, gint64 after)
{
	char buf[RESYNC_CHUNK + 1];
	gint64 off = after;
	ssize_t got;
	char *p;

	/* the '\n' before "From " may be the byte at after - 1 */
	if (off > 0)
		off--;
	while (g_mime_stream_seek(stream, off, GMIME_STREAM_SEEK_SET) == off &&
	    (got = g_mime_stream_read(stream, buf, RESYNC_CHUNK)) > 0) {
		buf[got] = '\0';
		for (p = buf; (p = memchr(p, '\n', (size_t)(buf + got - p)));
		     p++) {
			if (buf + got - p < 6)
				break; /* read again from here */
			if (memcmp(p + 1, "From ", 5) == 0 &&
			    off + (p + 1 - buf) > after)
				return off + (p + 1 - buf);
		}
		if (got < 6)
			break;
		off += p != NULL ? p - buf : got - 5;
	}
	return -1;
}
