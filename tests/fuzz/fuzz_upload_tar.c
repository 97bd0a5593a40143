/* Fuzz target: the upload (ustar) parser never crashes, never hands the
 * sink more bytes than a member declared or past its cap, and accepts an
 * archive only with all three members. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/upload_tar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPORT_CAP 65536

struct seen {
	uint64_t declared[PC_UPLOAD_NMEMBERS], got[PC_UPLOAD_NMEMBERS];
	unsigned begun, ended;
};

/* Sink: checks a member starts once, within its cap. */
static int
s_begin(void *arg, enum pc_upload_member m, uint64_t size)
{
	struct seen *s = arg;

	if ((unsigned)m >= PC_UPLOAD_NMEMBERS || (s->begun & (1u << m)) ||
	    size > (m == PC_UPLOAD_REPORT ? REPORT_CAP : 4096))
		abort();
	s->begun |= 1u << m;
	s->declared[m] = size;
	return 0;
}

/* Sink: checks no more bytes arrive than declared. */
static int
s_data(void *arg, enum pc_upload_member m, const void *p, size_t n)
{
	struct seen *s = arg;

	s->got[m] += n;
	if (s->got[m] > s->declared[m])
		abort();
	return 0;
}

/* Sink: checks a member ends with all its bytes. */
static int
s_end(void *arg, enum pc_upload_member m)
{
	struct seen *s = arg;

	if (s->got[m] != s->declared[m])
		abort();
	s->ended |= 1u << m;
	return 0;
}

/* Feeds data in two pieces (split by its first byte) and checks. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s;
	struct pc_upload_sink sink = { s_begin, s_data, s_end, &s };
	struct pc_upload_tar t;
	size_t split = size ? data[0] * 7u % (size + 1) : 0;

	memset(&s, 0, sizeof(s));
	pc_upload_tar_init(&t, &sink, REPORT_CAP);
	if (pc_upload_tar_feed(&t, data, split) != 0 ||
	    pc_upload_tar_feed(&t, data + split, size - split) != 0 ||
	    pc_upload_tar_finish(&t) != 0)
		return 0;
	if (s.ended != 7u)
		abort();
	return 0;
}
