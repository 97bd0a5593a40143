/* Protected private details (doxxing): the keyed-hash store and file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "protect.h"

#define PROTECT_MAGIC "portcullis-protected 1"

static const char *const kind_names[PC_PROT_NKINDS] = { "home_address",
	"postcode", "phone", "school", "name", "car_reg" };

/* The hash tag of a kind: words kinds share one, so an n-gram of a
 * message is hashed once for all of them. */
static const char *
kind_tag(enum pc_protect_kind k)
{
	switch (k) {
	case PC_PROT_POSTCODE: return "postcode";
	case PC_PROT_PHONE: return "phone";
	case PC_PROT_CAR_REG: return "car_reg";
	default: return "words";
	}
}

/* Kind name. */
const char *
pc_protect_kind_name(enum pc_protect_kind k)
{
	return (int)k >= 0 && k < PC_PROT_NKINDS ? kind_names[k] : "unknown";
}

/* Kind by name. */
int
pc_protect_kind_parse(const char *name)
{
	int i;

	for (i = 0; i < PC_PROT_NKINDS; i++)
		if (strcmp(kind_names[i], name) == 0)
			return i;
	return -1;
}

/* The keyed hash of tag ":" form. */
int
pc_protect_mac(const struct pc_protect *p, const char *tag, const char *form,
    unsigned char *mac_out)
{
	char buf[512];
	unsigned int n = 0;
	int len;

	len = snprintf(buf, sizeof(buf), "%s:%s", tag, form);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return pc_error_set(PC_ELIMIT, "protected detail too long");
	if (HMAC(EVP_sha256(), p->key, (int)p->keylen,
		(const unsigned char *)buf, (size_t)len, mac_out, &n) == NULL ||
	    n != PC_PROTECT_MAC_LEN) {
		OPENSSL_cleanse(buf, sizeof(buf));
		return pc_error_set(PC_ECRYPTO, "HMAC-SHA-256 failed");
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

/* An empty store. */
int
pc_protect_new(struct pc_protect **out, const unsigned char *key, size_t keylen)
{
	unsigned char id[PC_PROTECT_MAC_LEN];
	struct pc_protect *p;
	int i, r;

	*out = NULL;
	if (keylen == 0 || keylen > sizeof(p->key))
		return pc_error_set(
		    PC_ECRYPTO, "the office HMAC key must be 1 to 64 bytes");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	memcpy(p->key, key, keylen);
	p->keylen = keylen;
	p->next_entry = 1;
	if ((r = pc_protect_mac(p, "key-id", "portcullis", id)) != 0) {
		pc_protect_free(p);
		return r;
	}
	for (i = 0; i < 8; i++)
		snprintf(p->key_id + 2 * i, 3, "%02x", id[i]);
	*out = p;
	return 0;
}

/* Frees the store, wiping the key. */
void
pc_protect_free(struct pc_protect *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->v[i].person);
	free(p->v);
	OPENSSL_cleanse(p->key, sizeof(p->key));
	free(p);
}

/* Appends an entry. */
int
pc_protect_push(struct pc_protect *p, enum pc_protect_kind kind, long entry,
    const unsigned char *mac, const char *person)
{
	struct pc_protect_entry *nv;

	if ((nv = realloc(p->v, (p->n + 1) * sizeof(*nv))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	p->v = nv;
	nv[p->n].kind = kind;
	nv[p->n].entry = entry;
	memcpy(nv[p->n].mac, mac, PC_PROTECT_MAC_LEN);
	if ((nv[p->n].person = strdup(person)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	p->n++;
	if (entry >= p->next_entry)
		p->next_entry = entry + 1;
	return 0;
}

/* Adds an address: "number street" and "street locality" shingles. */
static int
add_address(
    struct pc_protect *p, const char *person, const char *form, long entry)
{
	unsigned char mac[PC_PROTECT_MAC_LEN];
	char first[256], rest[256], shingle[512];
	const char *comma = strchr(form, ',');
	size_t n;
	int r, added = 0;

	n = comma ? (size_t)(comma - form) : strlen(form);
	pc_protect_norm_words(first, sizeof(first), form, n);
	pc_protect_norm_words(rest, sizeof(rest), comma ? comma + 1 : "",
	    comma ? strlen(comma + 1) : 0);
	if (first[0] >= '0' && first[0] <= '9' && strchr(first, ' ')) {
		if ((r = pc_protect_mac(p, "words", first, mac)) != 0 ||
		    (r = pc_protect_push(
			 p, PC_PROT_HOME_ADDRESS, entry, mac, person)))
			return r;
		added++;
	}
	if (rest[0]) {
		const char *street =
		    first[0] >= '0' && first[0] <= '9' && strchr(first, ' ')
		    ? strchr(first, ' ') + 1
		    : first;
		snprintf(shingle, sizeof(shingle), "%s %s", street, rest);
		if ((r = pc_protect_mac(p, "words", shingle, mac)) != 0 ||
		    (r = pc_protect_push(
			 p, PC_PROT_HOME_ADDRESS, entry, mac, person)))
			return r;
		added++;
	}
	OPENSSL_cleanse(first, sizeof(first));
	OPENSSL_cleanse(rest, sizeof(rest));
	OPENSSL_cleanse(shingle, sizeof(shingle));
	if (added == 0)
		return pc_error_set(PC_EPARSE,
		    "a home address needs a house number and street, or a street and a place, separated by a comma (\"14 Orchard Rise, Little Wexcombe\")");
	return 0;
}

/* Normalises and adds one protected value. */
int
pc_protect_add(struct pc_protect *p, const char *person,
    enum pc_protect_kind kind, const char *value)
{
	unsigned char mac[PC_PROTECT_MAC_LEN];
	char form[256];
	size_t len = strlen(value), n;
	long entry = p->next_entry;
	int r;

	for (n = 0; person[n]; n++)
		if ((unsigned char)person[n] < 0x20)
			return pc_error_set(PC_EPARSE,
			    "a person's name cannot hold control characters");
	if (kind == PC_PROT_HOME_ADDRESS)
		return add_address(p, person, value, entry);
	switch (kind) {
	case PC_PROT_POSTCODE:
		n = pc_protect_norm_postcode(form, sizeof(form), value, len);
		break;
	case PC_PROT_PHONE:
		n = pc_protect_norm_phone(form, sizeof(form), value, len);
		break;
	case PC_PROT_CAR_REG:
		n = pc_protect_norm_reg(form, sizeof(form), value, len);
		break;
	default:
		n = pc_protect_norm_words(form, sizeof(form), value, len);
		if (n > 0 && !strchr(form, ' '))
			n = 0; /* one word alone would match everywhere */
	}
	if (n == 0)
		return pc_error_set(PC_EPARSE,
		    "not a usable %s (a %s needs %s)", kind_names[kind],
		    kind_names[kind],
		    kind == PC_PROT_PHONE ? "10 or 11 digits"
			: kind == PC_PROT_POSTCODE
			? "the UK shape, e.g. EX7 2QD"
			: "at least two words");
	r = pc_protect_mac(p, kind_tag(kind), form, mac);
	OPENSSL_cleanse(form, sizeof(form));
	return r ? r : pc_protect_push(p, kind, entry, mac, person);
}

/* Removes a person's entries. */
size_t
pc_protect_remove(struct pc_protect *p, const char *person, int kind)
{
	size_t i, o = 0, removed = 0;
	long last = -1;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].person, person) == 0 &&
		    (kind < 0 || (int)p->v[i].kind == kind)) {
			removed += p->v[i].entry != last;
			last = p->v[i].entry;
			free(p->v[i].person);
			continue;
		}
		p->v[o++] = p->v[i];
	}
	p->n = o;
	return removed;
}
