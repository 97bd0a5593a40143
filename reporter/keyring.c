/* The PDS keyring: a text file of office keys, validity and revocation. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "keyring.h"

#define MAX_ENTRIES 100000

/* True if s is YYYY-MM-DD with a plausible month and day. */
bool
pc_keyring_date_ok(const char *s, size_t len)
{
	int month, day;
	size_t i;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* True if s is a usable office id (the agent's rule for office.id). */
bool
pc_keyring_office_id_ok(const char *s)
{
	return pc_office_id_ok(s);
}

/* True if s is 64 lowercase hex characters. */
static bool
key_id_ok(const char *s, size_t len)
{
	size_t i;

	if (len != PC_SIGN_KEY_ID_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* Frees a keyring. */
void
pc_keyring_free(struct pc_keyring *ring)
{
	size_t i;

	if (ring == NULL)
		return;
	for (i = 0; i < ring->n; i++)
		free(ring->entries[i].office_id);
	free(ring->entries);
	free(ring->path);
	free(ring);
}

/* Parses one option word (valid-after=, valid-before=, revoked). */
static int
parse_option(struct pc_keyring_entry *e, const char *w, size_t n,
    const char *name, int line)
{
	char *dst = NULL;

	if (n == 7 && memcmp(w, "revoked", 7) == 0) {
		e->revoked = true;
		return 0;
	}
	if (n > 6 && memcmp(w, "scope=", 6) == 0) {
		if (n - 6 != strlen(PC_SCOPE_TENANT) ||
		    memcmp(w + 6, PC_SCOPE_TENANT, n - 6) != 0)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: unknown scope \"%.*s\"; the only scope option is scope=parliament-tenant (the PDS key)",
			    name, line, (int)(n > 40 ? 34 : n - 6), w + 6);
		if (e->tenant)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: option given twice", name, line);
		e->tenant = true;
		return 0;
	}
	if (n > 12 && memcmp(w, "valid-after=", 12) == 0) {
		dst = e->valid_after;
		w += 12;
		n -= 12;
	} else if (n > 13 && memcmp(w, "valid-before=", 13) == 0) {
		dst = e->valid_before;
		w += 13;
		n -= 13;
	} else {
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: unknown option \"%.*s\"; expected valid-after=, valid-before=, revoked or scope=parliament-tenant",
		    name, line, (int)(n > 60 ? 60 : n), w);
	}
	if (dst[0] != '\0')
		return pc_error_set(
		    PC_ECONFIG, "%s:%d: option given twice", name, line);
	if (!pc_keyring_date_ok(w, n))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: date \"%.*s\" is not YYYY-MM-DD", name, line,
		    (int)(n > 20 ? 20 : n), w);
	memcpy(dst, w, 10);
	dst[10] = '\0';
	return 0;
}

/* Parses one non-comment line into e. */
static int
parse_line(struct pc_keyring_entry *e, const char *p, size_t len,
    const char *name, int line)
{
	size_t i = 0, start, n;
	int word = 0, r;

	memset(e, 0, sizeof(*e));
	e->line = line;
	for (;;) {
		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && p[i] != ' ' && p[i] != '\t')
			i++;
		n = i - start;
		if (word == 0) {
			if ((e->office_id = strndup(p + start, n)) == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			if (strcmp(e->office_id, PC_KEYRING_ANY_OFFICE) != 0 &&
			    !pc_keyring_office_id_ok(e->office_id))
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: \"%.*s\" is not an office id (lowercase letters, digits and -)",
				    name, line, (int)(n > 64 ? 64 : n),
				    p + start);
		} else if (word == 1) {
			if (!key_id_ok(p + start, n))
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: the key id must be 64 lowercase hex characters (as printed by portcullis keygen)",
				    name, line);
			memcpy(e->key_id, p + start, n);
			e->key_id[n] = '\0';
		} else if ((r = parse_option(e, p + start, n, name, line)) !=
		    0) {
			return r;
		}
		word++;
	}
	if (word < 2)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: expected \"<office-id> <key-id> [options]\"", name,
		    line);
	if (strcmp(e->office_id, PC_KEYRING_ANY_OFFICE) == 0 && !e->tenant)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: office * is only for the PDS key; add scope=parliament-tenant, or name the office",
		    name, line);
	if (e->tenant && strcmp(e->office_id, PC_KEYRING_ANY_OFFICE) != 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: scope=parliament-tenant is for the PDS key, listed once with office * (\"* <key-id> scope=parliament-tenant\")",
		    name, line);
	if (e->valid_after[0] && e->valid_before[0] &&
	    strcmp(e->valid_after, e->valid_before) >= 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: valid-after is not before valid-before", name,
		    line);
	return 0;
}

/* Parses keyring text. */
int
pc_keyring_parse(struct pc_keyring **ring_out, const char *name,
    const char *text, size_t len)
{
	struct pc_keyring *ring;
	struct pc_keyring_entry *p;
	size_t pos = 0, end, n, alloc = 0;
	int line = 0, r = 0;

	*ring_out = NULL;
	if ((ring = calloc(1, sizeof(*ring))) == NULL ||
	    (ring->path = strdup(name)) == NULL) {
		pc_keyring_free(ring);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	while (pos < len) {
		line++;
		for (end = pos; end < len && text[end] != '\n'; end++)
			;
		n = end - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n > PC_KEYRING_MAX_LINE) {
			r = pc_error_set(PC_ECONFIG,
			    "%s:%d: line longer than %d bytes", name, line,
			    PC_KEYRING_MAX_LINE);
			goto out;
		}
		if (memchr(text + pos, '\0', n) != NULL) {
			r = pc_error_set(
			    PC_ECONFIG, "%s:%d: NUL byte in line", name, line);
			goto out;
		}
		{
			size_t k = 0;

			while (k < n &&
			    (text[pos + k] == ' ' || text[pos + k] == '\t'))
				k++;
			if (k == n || text[pos + k] == '#') {
				pos = end + 1;
				continue;
			}
		}
		if (ring->n >= MAX_ENTRIES) {
			r = pc_error_set(PC_ELIMIT, "%s:%d: more than %d keys",
			    name, line, MAX_ENTRIES);
			goto out;
		}
		if (ring->n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if ((p = realloc(ring->entries, alloc * sizeof(*p))) ==
			    NULL) {
				r = pc_error_set(PC_ENOMEM, "out of memory");
				goto out;
			}
			ring->entries = p;
		}
		r = parse_line(
		    &ring->entries[ring->n], text + pos, n, name, line);
		if (r != 0) {
			free(ring->entries[ring->n].office_id);
			goto out;
		}
		ring->n++;
		pos = end + 1;
	}
out:
	if (r != 0) {
		pc_keyring_free(ring);
		return r;
	}
	*ring_out = ring;
	return 0;
}

/* Reads and parses a keyring file. */
int
pc_keyring_load(struct pc_keyring **ring_out, const char *path)
{
	struct pc_buf b;
	int r;

	*ring_out = NULL;
	if ((r = pc_file_read(&b, path, PC_KEYRING_MAX_BYTES)) == 0)
		r = pc_keyring_parse(ring_out, path, b.data, b.len);
	pc_buf_free(&b);
	return r;
}

/* True if entry e is for office_id's reports of the given scope. */
static bool
entry_covers(
    const struct pc_keyring_entry *e, const char *office_id, bool tenant)
{
	if (e->tenant != tenant)
		return false;
	return e->tenant || strcmp(e->office_id, office_id) == 0;
}

/* The error for a key registered, but not for this office or scope. */
static int
wrong_key(const struct pc_keyring *ring, const struct pc_keyring_entry *e,
    const char *office_id, const char *key_id, bool tenant)
{
	if (e->tenant && !tenant)
		return pc_error_set(PC_EINVALID,
		    "wrong scope: key %.16s... is the PDS key (scope=parliament-tenant, %s:%d); it signs only parliament-tenant reports, not office %s's own",
		    key_id, ring->path, e->line, office_id);
	if (!e->tenant && tenant)
		return pc_error_set(PC_EINVALID,
		    "wrong scope: key %.16s... is office %s's key (%s:%d); a parliament-tenant report must be signed by the PDS key (* <key-id> scope=parliament-tenant)",
		    key_id, e->office_id, ring->path, e->line);
	return pc_error_set(PC_EINVALID,
	    "unknown key: key %.16s... is registered for office %s (%s:%d), not for %s",
	    key_id, e->office_id, ring->path, e->line, office_id);
}

/* Checks that key_id may sign office_id's report of scope and date. */
int
pc_keyring_check(const struct pc_keyring *ring, const char *office_id,
    const char *scope, const char *key_id, const char *date,
    const struct pc_keyring_entry **entry_out)
{
	const struct pc_keyring_entry *e, *outside = NULL, *other = NULL;
	bool tenant = PC_SCOPE_IS_TENANT(scope);
	size_t i;

	if (entry_out)
		*entry_out = NULL;
	/* Revocation wins over any other line for the same key. */
	for (i = 0; i < ring->n; i++) {
		e = &ring->entries[i];
		if (strcmp(e->key_id, key_id) == 0 && e->revoked)
			return pc_error_set(PC_EINVALID,
			    "revoked key: key %.16s... is revoked in %s:%d",
			    key_id, ring->path, e->line);
	}
	for (i = 0; i < ring->n; i++) {
		e = &ring->entries[i];
		if (strcmp(e->key_id, key_id) != 0)
			continue;
		if (!entry_covers(e, office_id, tenant)) {
			other = e;
			continue;
		}
		if ((e->valid_after[0] && strcmp(date, e->valid_after) < 0) ||
		    (e->valid_before[0] &&
			strcmp(date, e->valid_before) >= 0)) {
			outside = e;
			continue;
		}
		if (entry_out)
			*entry_out = e;
		return 0;
	}
	if (outside)
		return pc_error_set(PC_EINVALID,
		    "key outside its validity window: the report is dated %s but %s:%d allows this key only%s%s%s%s",
		    date, ring->path, outside->line,
		    outside->valid_after[0] ? " from " : "",
		    outside->valid_after,
		    outside->valid_before[0] ? " before " : "",
		    outside->valid_before);
	if (other)
		return wrong_key(ring, other, office_id, key_id, tenant);
	return pc_error_set(PC_EINVALID,
	    "unknown key: key %.16s... is not in the keyring %s for office %s%s",
	    key_id, ring->path, office_id,
	    tenant
		? " (parliament-tenant reports need the PDS key, listed as * <key-id> scope=parliament-tenant)"
		: "");
}
