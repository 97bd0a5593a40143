/* Streaming parser of an uploaded report: a ustar archive of exactly three files. */
#ifndef PC_UPLOAD_TAR_H
#define PC_UPLOAD_TAR_H

#include <stddef.h>
#include <stdint.h>

/* The three members, in no fixed order, each exactly once. */
enum pc_upload_member {
	PC_UPLOAD_REPORT = 0, /* report.json */
	PC_UPLOAD_SIG,        /* report.json.sig */
	PC_UPLOAD_PUB,        /* signer.pub */
	PC_UPLOAD_NMEMBERS,
};

#define PC_UPLOAD_SIG_CAP 4096
#define PC_UPLOAD_PUB_CAP 4096

/* Where member bytes go; each returns 0 or a pc_err that stops parsing. */
struct pc_upload_sink {
	int (*begin)(void *arg, enum pc_upload_member m, uint64_t size);
	int (*data)(
	    void *arg, enum pc_upload_member m, const void *p, size_t n);
	int (*end)(void *arg, enum pc_upload_member m);
	void *arg;
};

/* Parser state: a 512-byte header block and counters, nothing more. */
struct pc_upload_tar {
	struct pc_upload_sink sink;
	uint64_t report_cap; /* max bytes of report.json */
	unsigned char block[512];
	size_t have; /* bytes of block filled */
	int state;   /* header, data, padding, trailer */
	enum pc_upload_member cur;
	uint64_t left;   /* data bytes left in the current member */
	uint64_t pad;    /* padding bytes left after it */
	unsigned seen;   /* bit per member */
	int zero_blocks; /* consecutive zero headers */
	uint64_t offset; /* bytes consumed, for messages */
};

/* Starts a parser; report_cap bounds report.json (413 beyond). */
void pc_upload_tar_init(struct pc_upload_tar *t,
    const struct pc_upload_sink *sink, uint64_t report_cap);

/*
 * Feeds the next n bytes of the archive. Headers must be ustar (POSIX or
 * GNU magic) with a valid checksum, regular files only, named exactly
 * report.json, report.json.sig or signer.pub (a "./" prefix is allowed),
 * each once; after the end-of-archive blocks only zero bytes may follow.
 * PC_EPARSE names what is wrong and where; PC_ELIMIT when a member is over
 * its cap.
 */
int pc_upload_tar_feed(struct pc_upload_tar *t, const void *p, size_t n);

/* Ends the archive: PC_EPARSE unless it ended cleanly with all three. */
int pc_upload_tar_finish(struct pc_upload_tar *t);

/* The member's file name ("report.json"). */
const char *pc_upload_member_name(enum pc_upload_member m);

#endif
