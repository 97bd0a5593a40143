/* The protected-details file: a header with the key's id, then one line
 * per keyed hash ("kind entry mac person"). Never holds a value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "protect.h"

#define PROTECT_MAGIC "portcullis-protected 1"

/* Parses 64 hex digits. */
static int
parse_mac(unsigned char *mac, const char *hex, size_t n)
{
	size_t i;
	unsigned int b;

	if (n != 2 * PC_PROTECT_MAC_LEN)
		return -1;
	for (i = 0; i < PC_PROTECT_MAC_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		mac[i] = (unsigned char)b;
	}
	return 0;
}

/* Parses one entry line "kind entry mac person". */
static int
parse_line(struct pc_protect *p, char *line, const char *path, int ln)
{
	unsigned char mac[PC_PROTECT_MAC_LEN];
	char *f[4], *s = line, *end;
	int k, kind;
	long entry;

	for (k = 0; k < 3; k++) {
		f[k] = s;
		if ((s = strchr(s, ' ')) == NULL)
			goto bad;
		*s++ = '\0';
	}
	f[3] = s;
	entry = strtol(f[1], &end, 10);
	if ((kind = pc_protect_kind_parse(f[0])) < 0 || *end || entry < 1 ||
	    parse_mac(mac, f[2], strlen(f[2])) != 0 || f[3][0] == '\0')
		goto bad;
	return pc_protect_push(p, (enum pc_protect_kind)kind, entry, mac, f[3]);
bad:
	return pc_error_set(PC_EPARSE,
	    "%s:%d: not a protected-details line; the file is written by portcullis protect add and should not be edited by hand",
	    path, ln);
}

/* Reads a protected file. */
int
pc_protect_load(struct pc_protect **out, const char *path,
    const unsigned char *key, size_t keylen)
{
	struct pc_protect *p = NULL;
	struct pc_buf b;
	char *line, *nl, id[64];
	int r, ln = 0;

	*out = NULL;
	pc_buf_init(&b, PC_PROTECT_FILE_MAX);
	if ((r = pc_secret_read(&b, path)) != 0 ||
	    (r = pc_buf_add(&b, "", 1)) != 0 ||
	    (r = pc_protect_new(&p, key, keylen)) != 0)
		goto out;
	for (line = b.data; line && *line && r == 0;
	     line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		ln++;
		if (ln == 1 && strcmp(line, PROTECT_MAGIC) != 0)
			r = pc_error_set(PC_EPARSE,
			    "%s:1: not a portcullis protected-details file",
			    path);
		else if (ln == 2) {
			if (sscanf(line, "key-id %63s", id) != 1 ||
			    strcmp(id, p->key_id) != 0)
				r = pc_error_set(PC_ECRYPTO,
				    "%s: written under a different office HMAC key, so none of its hashes can match; add the details again with portcullis protect add",
				    path);
		} else if (ln > 2 && line[0] != '#' && line[0] != '\0')
			r = parse_line(p, line, path, ln);
	}
	if (r == 0 && ln < 2)
		r = pc_error_set(
		    PC_EPARSE, "%s: empty protected-details file", path);
out:
	if (b.data)
		OPENSSL_cleanse(b.data, b.len);
	pc_buf_free(&b);
	if (r != 0)
		pc_protect_free(p);
	else
		*out = p;
	return r;
}

/* Writes the store atomically, mode 0600. */
int
pc_protect_save(const struct pc_protect *p, const char *path)
{
	struct pc_buf b;
	size_t i, k;
	int r;

	pc_buf_init(&b, PC_PROTECT_FILE_MAX);
	r = pc_buf_addf(&b,
	    "%s\nkey-id %s\n# HMAC-SHA-256 of each normalised detail under the office key; never the values.\n",
	    PROTECT_MAGIC, p->key_id);
	for (i = 0; i < p->n && r == 0; i++) {
		r = pc_buf_addf(&b, "%s %ld ",
		    pc_protect_kind_name(p->v[i].kind), p->v[i].entry);
		for (k = 0; k < PC_PROTECT_MAC_LEN && r == 0; k++)
			r = pc_buf_addf(&b, "%02x", p->v[i].mac[k]);
		if (r == 0)
			r = pc_buf_addf(&b, " %s\n", p->v[i].person);
	}
	if (r == 0)
		r = pc_file_write_atomic(path, b.data, b.len, 0600);
	pc_buf_free(&b);
	return r;
}
