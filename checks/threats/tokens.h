/* Tokeniser for the threats rules: words with normalised keys. */
#ifndef PC_THREATS_TOKENS_H
#define PC_THREATS_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "normalise.h"

#define PC_TOK_OBFUSCATED                                                      \
	0x01                 /* leet, look-alike letters, split or
				  stretched letters, emoji */
#define PC_TOK_WILDCARD 0x02 /* has '*' standing for a letter (c*nt) */
#define PC_TOK_EMOJI    0x04
#define PC_TOK_CLAUSE_END                                                      \
	0x08 /* a comma, colon, dash or bracket follows in the sentence */

/* One word. key is the comparison form: skeleton(leet(fold(word)));
 * alt the same with 1 read as l ("" when equal); col the key with repeats
 * collapsed when the word had a run of three ("" otherwise). */
struct pc_threats_token {
	uint32_t start, end; /* bytes of the original text */
	uint32_t sentence;
	uint32_t kh; /* pc_threats_token_hash() of the keys; 0: not made */
	uint8_t flags;
	char key[PC_THREATS_WORD_MAX];
	char alt[PC_THREATS_WORD_MAX];
	char col[PC_THREATS_WORD_MAX];
};

/* Whether a normalised key is a lexicon word (for re-joining "k i l l"). */
typedef bool (*pc_threats_known_fn)(void *arg, const char *key);
/* The word an emoji code point stands for, or NULL (asked for code
 * points outside ASCII only: no emoji is ASCII). */
typedef const char *(*pc_threats_emoji_fn)(void *arg, int cp);

struct pc_threats_tokens {
	struct pc_threats_token *v;
	size_t n, cap;
	void *raw; /* the tokeniser's work array, kept between texts */
	size_t rawcap;
};

/* Caps: sentences are cut after this many words. */
#define PC_THREATS_SENTENCE_MAX 200

/*
 * Splits text (len bytes, any bytes) into normalised words: letters
 * split by spaces or punctuation are joined ("k i l l", "k.i.l.l"),
 * clitics split off ("you'll" -> you 'll), emoji become their words.
 * Appends to toks (reset first); sentence numbers start at 0. Returns 0
 * or a negative pc_err.
 */
int pc_threats_tokenise(struct pc_threats_tokens *toks,
    struct pc_threats_norm *norm, const char *text, size_t len,
    pc_threats_known_fn known, pc_threats_emoji_fn emoji, void *arg);

/* Frees the token array; NULL-safe. */
void pc_threats_tokens_free(struct pc_threats_tokens *toks);

/* A hash of what the lexicon matches a word by: its key, alt, col and
 * wildcard flag (never 0). pc_threats_token_keys() stores it in kh, so
 * the lexicon's word cache does not hash each word again. */
uint32_t pc_threats_token_hash(const struct pc_threats_token *t);

/* Normalises one word (its folded bytes) into t's keys. */
int pc_threats_token_keys(struct pc_threats_token *t,
    struct pc_threats_norm *norm, const char *word, size_t len);

#endif
