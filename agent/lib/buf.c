/* Growable byte buffer with a hard size cap. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/assert.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"

/* Initialises an empty buffer. */
void
pc_buf_init(struct pc_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->secret = false;
}

/* Initialises an empty buffer for a secret. */
void
pc_buf_init_secret(struct pc_buf *b, size_t cap)
{
	pc_buf_init(b, cap);
	b->secret = true;
}

/* Makes room for extra more bytes plus the terminating NUL. */
static int
grow(struct pc_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > b->cap || b->len > b->cap - extra)
		return pc_error_set(
		    PC_ELIMIT, "data exceeds the %zu-byte limit", b->cap);
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	if (b->secret) {
		/* realloc may move the bytes and free the old block unwiped */
		if ((p = malloc(n)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		if (b->data != NULL) {
			memcpy(p, b->data, b->len + 1);
			OPENSSL_cleanse(b->data, b->alloc);
			free(b->data);
		}
	} else if ((p = realloc(b->data, n)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	b->data = p;
	b->alloc = n;
	return 0;
}

/* Appends len bytes. */
int
pc_buf_add(struct pc_buf *b, const void *p, size_t len)
{
	int r;

	if ((r = grow(b, len)) != 0)
		return r;
	if (len)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	PC_ASSERT(b->len <= b->cap && b->len < b->alloc);
	return 0;
}

/* Appends a C string. */
int
pc_buf_adds(struct pc_buf *b, const char *s)
{
	return pc_buf_add(b, s, strlen(s));
}

/* Appends formatted text. */
int
pc_buf_addf(struct pc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return pc_error_set(PC_EPARSE, "bad format");
	if ((r = grow(b, (size_t)n)) != 0)
		return r;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

/* Empties the buffer. */
void
pc_buf_reset(struct pc_buf *b)
{
	if (b->secret && b->data != NULL)
		OPENSSL_cleanse(b->data, b->len);
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Wipes and frees the buffer. */
void
pc_buf_free(struct pc_buf *b)
{
	if (b->data) {
		OPENSSL_cleanse(b->data, b->alloc);
		free(b->data);
	}
	b->data = NULL;
	b->len = b->alloc = 0;
}

/* Takes ownership of the data. */
char *
pc_buf_take(struct pc_buf *b, size_t *len_out)
{
	char *p = b->data;

	if (p == NULL && grow(b, 0) == 0) {
		p = b->data;
		p[0] = '\0';
	}
	if (len_out)
		*len_out = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}
