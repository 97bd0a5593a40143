/* Growable byte buffer with a hard size cap (curl's dynbuf shape). */
#ifndef PC_BUF_H
#define PC_BUF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The buffer is always NUL-terminated after its data, so text can be used
 * as a C string. Appending past cap fails with PC_ELIMIT and leaves the
 * buffer as it was.
 */
struct pc_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
	bool secret; /* wiped on grow, reset and free (pc_buf_init_secret) */
};

/* Initialises an empty buffer that may grow to cap bytes. */
void pc_buf_init(struct pc_buf *b, size_t cap);

/* The same for a buffer that will hold a secret: growing it never leaves
 * an unwiped copy behind in freed memory, and reset wipes what it held. */
void pc_buf_init_secret(struct pc_buf *b, size_t cap);

/* Appends len bytes; PC_ELIMIT past the cap, PC_ENOMEM on allocation. */
int pc_buf_add(struct pc_buf *b, const void *p, size_t len);

/* Appends a C string. */
int pc_buf_adds(struct pc_buf *b, const char *s);

/* Appends printf-style formatted text. */
int pc_buf_addf(struct pc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Empties the buffer, keeping its memory. */
void pc_buf_reset(struct pc_buf *b);

/* Wipes and frees the buffer's memory (safe for secrets). */
void pc_buf_free(struct pc_buf *b);

/* Takes ownership of the data (caller frees); the buffer becomes empty. */
char *pc_buf_take(struct pc_buf *b, size_t *len_out);

#endif
