/* Builds the ustar archive of a report folder's three signed files. */
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/upload_build.h"
#include "agent/upload_tar.h"
#include "agent/report_parse.h"

/* Appends one member: header, data, padding to 512. */
static int
add_member(struct pc_buf *out, const char *name, const char *data, size_t len)
{
	unsigned char h[512];
	static const unsigned char zeros[512];
	unsigned long sum = 0;
	size_t i;
	int r;

	memset(h, 0, sizeof(h));
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", 0444);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)len);
	snprintf((char *)h + 136, 12, "%011o", 0);
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6); /* POSIX magic, NUL-terminated */
	memcpy(h + 263, "00", 2);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06lo", sum);
	h[155] = ' ';
	if ((r = pc_buf_add(out, h, sizeof(h))) != 0 ||
	    (r = pc_buf_add(out, data, len)) != 0 ||
	    (r = pc_buf_add(out, zeros, (512 - len % 512) % 512)) != 0)
		return r;
	return 0;
}

/* Builds the archive from three byte strings. */
int
pc_upload_build(
    struct pc_buf *out, const char *const data[3], const size_t len[3])
{
	static const unsigned char zeros[1024];
	int i, r;

	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		if ((r = add_member(out,
			 pc_upload_member_name((enum pc_upload_member)i),
			 data[i], len[i])) != 0)
			return r;
	return pc_buf_add(out, zeros, sizeof(zeros));
}

/* Reads a report folder's three files and builds the archive. */
int
pc_upload_build_dir(struct pc_buf *out, const char *dir)
{
	static const size_t caps[PC_UPLOAD_NMEMBERS] = { PC_REPORT_MAX_BYTES,
		PC_UPLOAD_SIG_CAP, PC_UPLOAD_PUB_CAP };
	struct pc_buf files[PC_UPLOAD_NMEMBERS];
	const char *data[PC_UPLOAD_NMEMBERS];
	size_t len[PC_UPLOAD_NMEMBERS];
	char path[4096];
	int i, r = 0;

	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		pc_buf_init(&files[i], 1);
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir,
		    pc_upload_member_name((enum pc_upload_member)i));
		if ((r = pc_file_read(&files[i], path, caps[i])) != 0)
			goto out;
		data[i] = files[i].data;
		len[i] = files[i].len;
	}
	r = pc_upload_build(out, data, len);
out:
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		pc_buf_free(&files[i]);
	return r;
}
