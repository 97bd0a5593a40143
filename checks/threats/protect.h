/* Protected private details (doxxing): keyed hashes, never values. */
#ifndef PC_THREATS_PROTECT_H
#define PC_THREATS_PROTECT_H

#include <stdbool.h>
#include <stddef.h>

enum pc_protect_kind {
	PC_PROT_HOME_ADDRESS = 0,
	PC_PROT_POSTCODE,
	PC_PROT_PHONE,
	PC_PROT_SCHOOL,
	PC_PROT_NAME,
	PC_PROT_CAR_REG,
	PC_PROT_NKINDS,
};

#define PC_PROTECT_MAC_LEN  32
#define PC_PROTECT_FILE_MAX (4u << 20)

/* One keyed hash of a protected detail (an address gives several). */
struct pc_protect_entry {
	enum pc_protect_kind kind;
	long entry; /* which value it came from (one per `protect add`) */
	unsigned char mac[PC_PROTECT_MAC_LEN];
	char *person;
};

struct pc_protect {
	struct pc_protect_entry *v;
	size_t n;
	long next_entry;
	unsigned char key[64];
	size_t keylen;
	char key_id[17];
};

/* Kind names ("home_address") and parse (-1 when unknown). */
const char *pc_protect_kind_name(enum pc_protect_kind k);
int pc_protect_kind_parse(const char *name);

/* An empty store under the office HMAC key (1..64 bytes). Caller frees
 * with pc_protect_free(). */
int pc_protect_new(
    struct pc_protect **out, const unsigned char *key, size_t keylen);
void pc_protect_free(struct pc_protect *p);

/*
 * Reads a protected file: refuses one that is group/world readable or
 * not owned by this user, and one written under a different HMAC key
 * (its hashes could never match). Errors name the file and the fix.
 */
int pc_protect_load(struct pc_protect **out, const char *path,
    const unsigned char *key, size_t keylen);

/* Writes the store atomically, mode 0600. */
int pc_protect_save(const struct pc_protect *p, const char *path);

/*
 * Normalises value as kind and adds its keyed hashes for person (an
 * address adds "number street" and "street locality"). The value is
 * wiped from the working buffers. Returns 0, or PC_EPARSE with a reason
 * when the value has nothing usable (a phone with no digits).
 */
int pc_protect_add(struct pc_protect *p, const char *person,
    enum pc_protect_kind kind, const char *value);

/* Removes person's entries (of kind, or all when kind < 0); returns how
 * many values were removed. */
size_t pc_protect_remove(struct pc_protect *p, const char *person, int kind);

/* One protected detail found in a text. */
struct pc_protect_hit {
	enum pc_protect_kind kind;
	const char *person; /* borrowed from the store */
	char masked[64];    /* the span as found, masked ("14 O***** R***") */
};

/*
 * Finds protected details in text: token n-grams, "number street"
 * shingles, postcode, phone-number and car-registration shapes, each
 * normalised and hashed. Fills up to max hits; returns how many (0 when
 * none) or a negative pc_err.
 */
int pc_protect_find(const struct pc_protect *p, const char *text, size_t len,
    struct pc_protect_hit *hits, size_t max);

/* Normalisers, shared by add and find (protect_norm.c). Each writes a
 * NUL-terminated form into out and returns its length (0: unusable). */
size_t pc_protect_norm_postcode(
    char *out, size_t cap, const char *in, size_t len);
size_t pc_protect_norm_phone(char *out, size_t cap, const char *in, size_t len);
size_t pc_protect_norm_reg(char *out, size_t cap, const char *in, size_t len);
size_t pc_protect_norm_words(char *out, size_t cap, const char *in, size_t len);

/* Appends one keyed hash (the file reader and pc_protect_add). */
int pc_protect_push(struct pc_protect *p, enum pc_protect_kind kind, long entry,
    const unsigned char *mac, const char *person);

/* The keyed hash of tag ":" form. */
int pc_protect_mac(const struct pc_protect *p, const char *tag,
    const char *form, unsigned char *mac_out);

#endif
