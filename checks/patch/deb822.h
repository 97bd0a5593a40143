/* Bounded streaming reader for deb822 files (dpkg status, apt lists). */
#ifndef PC_PATCH_DEB822_H
#define PC_PATCH_DEB822_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "agent/lib/buf.h"

/* Longest line accepted, in bytes (without its newline). */
#define PC_DEB822_MAX_LINE 65536
/* Fields one reader keeps per stanza. */
#define PC_DEB822_MAX_WANT 8

/* Reads up to n bytes into buf; returns bytes read, 0 at end, <0 on error
 * (with pc_error_set detail). */
typedef ssize_t (*pc_deb822_read_fn)(void *src, void *buf, size_t n);

struct pc_deb822_limits {
	size_t max_stanza;  /* bytes per stanza, all lines together */
	size_t max_stanzas; /* stanzas per file */
	size_t max_value;   /* bytes per kept field value */
	bool strict_end;    /* a stanza must end with a blank line (dpkg) */
	bool pgp; /* accept an OpenPGP clearsigned wrapper (InRelease) */
};

/*
 * A reader. Fill it with pc_deb822_open() or pc_deb822_init(), call
 * pc_deb822_next() until it reports no more stanzas, then pc_deb822_close().
 * Only the wanted fields are kept (names compared case-insensitively).
 */
struct pc_deb822 {
	const char *name; /* for messages: the file's path */
	long line;        /* lines read so far */
	long stanza_line; /* first line of the current stanza */
	size_t nstanzas;
	struct pc_deb822_limits lim;
	const char *const *want;
	size_t nwant;
	struct pc_buf values[PC_DEB822_MAX_WANT];
	bool have[PC_DEB822_MAX_WANT];
	/* input */
	pc_deb822_read_fn read;
	void *src;
	char *in;
	size_t in_len, in_pos;
	bool in_eof;
	struct pc_buf lbuf;
	/* state */
	int pgp_state; /* 0 none seen yet, 1 in armor header, 2 in body, 3 done */
	bool started; /* any non-empty line seen */
	void *owned;  /* file handle opened by pc_deb822_open */
	int owned_kind;
	int owned_fd; /* its descriptor, for compressed files */
};

/*
 * Prepares r to read from fn(src). name is borrowed for messages; want
 * (borrowed) lists up to PC_DEB822_MAX_WANT field names to keep.
 */
int pc_deb822_init(struct pc_deb822 *r, const char *name, pc_deb822_read_fn fn,
    void *src, const struct pc_deb822_limits *lim, const char *const *want,
    size_t nwant);

/*
 * Opens the regular file at path (decompressed when its name ends in
 * .gz, .xz, .lzma, .zst, .bz2 or .lz4: see zreader.h) and prepares r to
 * read it; path is borrowed for messages. Refuses
 * anything but a regular file. Close with pc_deb822_close().
 */
int pc_deb822_open(struct pc_deb822 *r, const char *path,
    const struct pc_deb822_limits *lim, const char *const *want, size_t nwant);

/*
 * Reads the next stanza. *got_out is false at the end of the input.
 * Errors name file and line ("...status:1234: line longer than 65536
 * bytes.") and return PC_EPARSE, PC_ELIMIT or PC_EIO.
 */
int pc_deb822_next(struct pc_deb822 *r, bool *got_out);

/* The value of wanted field i in the current stanza, or NULL if absent.
 * Borrowed until the next pc_deb822_next(). */
const char *pc_deb822_get(const struct pc_deb822 *r, size_t i);

/* Releases the reader's buffers and any file it opened. */
void pc_deb822_close(struct pc_deb822 *r);

#endif
