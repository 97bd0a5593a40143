/* PDS's approved policies: a text file of policy hashes, ids and versions. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "approved.h"

#define MAX_ENTRIES 10000

/* Frees the list. */
void
pc_approved_free(struct pc_approved *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		free(a->entries[i].policy_id);
	free(a->entries);
	free(a->path);
	free(a);
}

/* Splits a line into at most 4 words; returns how many. */
static size_t
split(const char *s, size_t len, const char *w[4], size_t wl[4])
{
	size_t i = 0, n = 0;

	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		if (n == 4)
			return 5;
		w[n] = s + i;
		while (i < len && s[i] != ' ' && s[i] != '\t')
			i++;
		wl[n] = (size_t)(s + i - w[n]);
		n++;
	}
	return n;
}

/* True if s[0..n) is 64 lowercase hex characters. */
static int
hash_ok(const char *s, size_t n)
{
	size_t i;

	if (n != 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return 1;
}

/* Parses one non-comment line into e. */
static int
parse_line(struct pc_approved_entry *e, const char *name, int line,
    const char *s, size_t len)
{
	const char *w[4];
	size_t wl[4], n, i;
	long v = 0;

	n = split(s, len, w, wl);
	if (n != 3)
		return pc_error_set(PC_EPARSE,
		    "%s:%d: expected <sha256> <policy-id> <version> (three fields), got %zu",
		    name, line, n > 4 ? (size_t)4 : n);
	if (!hash_ok(w[0], wl[0]))
		return pc_error_set(PC_EPARSE,
		    "%s:%d: the policy hash must be 64 lowercase hex characters (as portcullis policy lint prints it)",
		    name, line);
	if (wl[1] > 64)
		return pc_error_set(PC_EPARSE,
		    "%s:%d: policy id longer than 64 characters", name, line);
	for (i = 0; i < wl[1]; i++)
		if (!isalnum((unsigned char)w[1][i]) && w[1][i] != '-' &&
		    w[1][i] != '_' && w[1][i] != '.')
			return pc_error_set(PC_EPARSE,
			    "%s:%d: policy id may hold letters, digits, '-', '_' and '.' only",
			    name, line);
	for (i = 0; i < wl[2]; i++) {
		if (!isdigit((unsigned char)w[2][i]) || i >= 9)
			return pc_error_set(PC_EPARSE,
			    "%s:%d: version must be a whole number (at most 9 digits)",
			    name, line);
		v = v * 10 + (w[2][i] - '0');
	}
	memcpy(e->sha256, w[0], 64);
	e->sha256[64] = '\0';
	if ((e->policy_id = strndup(w[1], wl[1])) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	e->version = v;
	e->line = line;
	return 0;
}

/* Parses approved-policies text. */
int
pc_approved_parse(
    struct pc_approved **out, const char *name, const char *text, size_t len)
{
	struct pc_approved *a;
	const char *p = text, *end = text + len, *nl;
	size_t ll;
	int line = 0, r = 0;

	*out = NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL ||
	    (a->path = strdup(name)) == NULL) {
		free(a);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if (memchr(text, '\0', len) != NULL) {
		r = pc_error_set(PC_EPARSE, "%s: contains a NUL byte", name);
		goto out;
	}
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if (ll > PC_APPROVED_MAX_LINE) {
			r = pc_error_set(PC_EPARSE,
			    "%s:%d: line longer than %d bytes", name, line,
			    PC_APPROVED_MAX_LINE);
			goto out;
		}
		if (split(p, ll, (const char *[4]){ 0 }, (size_t[4]){ 0 }) &&
		    p[strspn(p, " \t")] != '#') {
			if (a->n >= MAX_ENTRIES) {
				r = pc_error_set(PC_ELIMIT,
				    "%s: more than %d approved policies", name,
				    MAX_ENTRIES);
				goto out;
			}
			if (a->n % 64 == 0) {
				void *g = realloc(a->entries,
				    (a->n + 64) * sizeof(*a->entries));

				if (g == NULL) {
					r = pc_error_set(
					    PC_ENOMEM, "out of memory");
					goto out;
				}
				a->entries = g;
			}
			memset(&a->entries[a->n], 0, sizeof(*a->entries));
			if ((r = parse_line(
				 &a->entries[a->n], name, line, p, ll)) != 0)
				goto out;
			a->n++;
		}
		p = nl ? nl + 1 : end;
	}
	*out = a;
	a = NULL;
out:
	pc_approved_free(a);
	return r;
}

/* Reads and parses the file. */
int
pc_approved_load(struct pc_approved **out, const char *path)
{
	struct pc_buf b;
	int r;

	*out = NULL;
	if ((r = pc_file_read(&b, path, PC_APPROVED_MAX_BYTES)) == 0)
		r = pc_approved_parse(out, path, b.data ? b.data : "", b.len);
	else if (r == PC_ENOTFOUND)
		r = pc_error_set(PC_ENOTFOUND,
		    "approved policies file %s not found; give the file PDS keeps (portcullis verify --help)",
		    path);
	pc_buf_free(&b);
	return r;
}

/* The entry approving sha256, or NULL. */
const struct pc_approved_entry *
pc_approved_find(const struct pc_approved *a, const char *sha256)
{
	size_t i;

	for (i = 0; a && sha256 && i < a->n; i++)
		if (strcmp(a->entries[i].sha256, sha256) == 0)
			return &a->entries[i];
	return NULL;
}

/* approved-policies beside the keyring, when it exists. */
char *
pc_approved_default_path(const char *keyring_path)
{
	const char *slash;
	struct stat st;
	char *out;
	size_t n;

	if (keyring_path == NULL)
		return NULL;
	slash = strrchr(keyring_path, '/');
	n = slash ? (size_t)(slash - keyring_path) + 1 : 0;
	if ((out = malloc(n + sizeof(PC_APPROVED_FILE))) == NULL)
		return NULL;
	memcpy(out, keyring_path, n);
	memcpy(out + n, PC_APPROVED_FILE, sizeof(PC_APPROVED_FILE));
	if (stat(out, &st) != 0) {
		free(out);
		return NULL;
	}
	return out;
}
