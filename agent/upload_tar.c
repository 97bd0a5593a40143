/* Streaming ustar parser for report uploads: three named regular files. */
#include <string.h>

#include "agent/lib/err.h"
#include "agent/upload_tar.h"

enum { ST_HEADER, ST_DATA, ST_PAD, ST_TRAILER };

static const char *const member_names[PC_UPLOAD_NMEMBERS] = {
	"report.json",
	"report.json.sig",
	"signer.pub",
};

/* The member's file name. */
const char *
pc_upload_member_name(enum pc_upload_member m)
{
	return (unsigned)m < PC_UPLOAD_NMEMBERS ? member_names[m] : "?";
}

/* Starts a parser. */
void
pc_upload_tar_init(struct pc_upload_tar *t, const struct pc_upload_sink *sink,
    uint64_t report_cap)
{
	memset(t, 0, sizeof(*t));
	t->sink = *sink;
	t->report_cap = report_cap;
	t->state = ST_HEADER;
}

/* Parses an octal field of len bytes (NUL or space terminated). */
static int
octal(uint64_t *out, const unsigned char *f, size_t len)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < len && f[i] == ' ')
		i++;
	if (i == len || f[i] < '0' || f[i] > '7')
		return -1;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v > (UINT64_MAX >> 3))
			return -1;
		v = (v << 3) | (uint64_t)(f[i] - '0');
	}
	for (; i < len; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return -1;
	*out = v;
	return 0;
}

/* True if the header's checksum field matches its bytes. */
static int
checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned long sum = 0;
	size_t i;

	if (octal(&want, h + 148, 8) != 0)
		return 0;
	for (i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want;
}

/* Maps the header's name to a member, or -1. */
static int
member_of(const unsigned char *h)
{
	char name[101];
	const char *n = name;
	size_t i;

	memcpy(name, h, 100);
	name[100] = '\0';
	if (h[345] != '\0') /* ustar prefix: no folders */
		return -1;
	if (strncmp(n, "./", 2) == 0)
		n += 2;
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		if (strcmp(n, member_names[i]) == 0)
			return (int)i;
	return -1;
}

/* Printable copy of the header's name for a message. */
static void
shown_name(char out[64], const unsigned char *h)
{
	size_t i;

	for (i = 0; i < 63 && h[i]; i++)
		out[i] = (h[i] >= 0x20 && h[i] < 0x7f) ? (char)h[i] : '?';
	out[i] = '\0';
}

/* Handles one full header block. */
static int
on_header(struct pc_upload_tar *t)
{
	const unsigned char *h = t->block;
	uint64_t size, cap;
	char name[64];
	size_t i;
	int m;

	for (i = 0; i < 512 && h[i] == 0; i++)
		;
	if (i == 512) {
		if (++t->zero_blocks == 2)
			t->state = ST_TRAILER;
		return 0;
	}
	if (t->zero_blocks)
		return pc_error_set(PC_EPARSE,
		    "upload: a zero block inside the archive at byte %llu",
		    (unsigned long long)t->offset);
	if (memcmp(h + 257, "ustar", 5) != 0 || !checksum_ok(h))
		return pc_error_set(PC_EPARSE,
		    "upload: not a ustar archive (bad header at byte %llu); send report.json, report.json.sig and signer.pub with tar --format=ustar",
		    (unsigned long long)t->offset);
	shown_name(name, h);
	if (h[156] != '0' && h[156] != '\0')
		return pc_error_set(PC_EPARSE,
		    "upload: member \"%s\" is not a regular file (type '%c'); only report.json, report.json.sig and signer.pub are accepted",
		    name, h[156] >= 0x20 && h[156] < 0x7f ? h[156] : '?');
	if ((m = member_of(h)) < 0)
		return pc_error_set(PC_EPARSE,
		    "upload: unexpected member \"%s\"; only report.json, report.json.sig and signer.pub are accepted",
		    name);
	if (t->seen & (1u << m))
		return pc_error_set(
		    PC_EPARSE, "upload: %s appears twice", member_names[m]);
	if (octal(&size, h + 124, 12) != 0)
		return pc_error_set(PC_EPARSE,
		    "upload: %s has a malformed size field", member_names[m]);
	cap = m == PC_UPLOAD_REPORT ? t->report_cap
	    : m == PC_UPLOAD_SIG    ? PC_UPLOAD_SIG_CAP
				    : PC_UPLOAD_PUB_CAP;
	if (size > cap)
		return pc_error_set(PC_ELIMIT,
		    "upload: %s is %llu bytes, over the limit of %llu",
		    member_names[m], (unsigned long long)size,
		    (unsigned long long)cap);
	t->seen |= 1u << m;
	t->cur = (enum pc_upload_member)m;
	t->left = size;
	t->pad = (512 - size % 512) % 512;
	t->state = ST_DATA;
	return t->sink.begin(t->sink.arg, t->cur, size);
}

/* Moves past a member's data: padding, then the next header. */
static int
end_member(struct pc_upload_tar *t)
{
	t->state = t->pad ? ST_PAD : ST_HEADER;
	return t->sink.end(t->sink.arg, t->cur);
}

/* Feeds archive bytes. */
int
pc_upload_tar_feed(struct pc_upload_tar *t, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t take, i;
	int r;

	while (n > 0) {
		switch (t->state) {
		case ST_HEADER:
			take = 512 - t->have < n ? 512 - t->have : n;
			memcpy(t->block + t->have, c, take);
			t->have += take;
			if (t->have == 512) {
				t->have = 0;
				if ((r = on_header(t)) != 0)
					return r;
				if (t->state == ST_DATA && t->left == 0 &&
				    (r = end_member(t)) != 0)
					return r;
			}
			break;
		case ST_DATA:
			take = t->left < n ? (size_t)t->left : n;
			if ((r = t->sink.data(t->sink.arg, t->cur, c, take)) !=
			    0)
				return r;
			t->left -= take;
			if (t->left == 0 && (r = end_member(t)) != 0)
				return r;
			break;
		case ST_PAD:
			take = t->pad < n ? (size_t)t->pad : n;
			t->pad -= take;
			if (t->pad == 0)
				t->state = ST_HEADER;
			break;
		default: /* ST_TRAILER: only zero bytes */
			take = n;
			for (i = 0; i < n; i++)
				if (c[i] != 0)
					return pc_error_set(PC_EPARSE,
					    "upload: data after the end of the archive at byte %llu",
					    (unsigned long long)(t->offset +
						i));
			break;
		}
		c += take;
		n -= take;
		t->offset += take;
	}
	return 0;
}

/* Ends the archive. */
int
pc_upload_tar_finish(struct pc_upload_tar *t)
{
	size_t i;

	if (t->state == ST_DATA || t->state == ST_PAD)
		return pc_error_set(PC_EPARSE,
		    "upload: the archive ends in the middle of %s",
		    member_names[t->cur]);
	if (t->offset < 512)
		return pc_error_set(PC_EPARSE,
		    "upload: not a ustar archive (%llu bytes); send report.json, report.json.sig and signer.pub with tar --format=ustar",
		    (unsigned long long)t->offset);
	if (t->have != 0)
		return pc_error_set(PC_EPARSE,
		    "upload: the archive ends in the middle of a header");
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		if (!(t->seen & (1u << i)))
			return pc_error_set(PC_EPARSE,
			    "upload: %s is missing; send report.json, report.json.sig and signer.pub",
			    member_names[i]);
	/* Many writers end with the two zero blocks; accept one or none
	 * too, as long as all three members arrived whole. */
	return 0;
}
