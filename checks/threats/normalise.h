/* Word normalisation for the threats rules: fold, leetspeak, skeleton. */
#ifndef PC_THREATS_NORMALISE_H
#define PC_THREATS_NORMALISE_H

#include <stdbool.h>
#include <stddef.h>

#define PC_THREATS_WORD_MAX 64 /* bytes of one normalised word, with NUL */

struct pc_threats_norm;

/* Opens the normaliser (ICU's TR39 spoof checker); caller frees with
 * pc_threats_norm_free(). */
int pc_threats_norm_new(struct pc_threats_norm **out);
void pc_threats_norm_free(struct pc_threats_norm *n);

/*
 * Unicode NFKC + case fold, with default-ignorable characters (zero
 * width space/joiner, soft hyphen, BOM, direction marks) removed, into
 * out (cap bytes, NUL-terminated, truncated at a character boundary).
 * Invalid UTF-8 bytes become U+FFFD first. Returns the length written.
 */
size_t pc_threats_fold(char *out, size_t cap, const char *in, size_t len);

/*
 * Leetspeak to letters, for a folded word that has at least one ASCII
 * letter (an all-digit word is a number and stays as it is): 0 o, 1 i
 * (or l when one_as_l), 3 e, 4 a, 5 s, 7 t, 9 g, @ a, $ s, ! i, | l,
 * + t, € e. Runs before the skeleton, which would read 1 as l. Returns
 * true when anything changed.
 */
bool pc_threats_leet(char *out, size_t cap, const char *in, bool one_as_l);

/* Writes in (len bytes) with each non-ASCII capital whose TR39 skeleton
 * is one Latin capital as that letter, small (Greek "Β" as b, not the
 * "ß" its folded "β" reads as); the length written, truncated to cap. */
size_t pc_threats_latin_capitals(struct pc_threats_norm *n, char *out,
    size_t cap, const char *in, size_t len);

/* The UTS #39 confusable skeleton of a folded word (ICU
 * uspoof_getSkeleton), so Cyrillic "ѕtаb" compares equal to "stab".
 * Returns 0 or a negative pc_err. */
int pc_threats_skeleton(
    struct pc_threats_norm *n, char *out, size_t cap, const char *in);

/* Collapses every run of a repeated character to one ("diiiie" ->
 * "die"), in place. */
void pc_threats_collapse(char *s);

/* True when s holds a run of three or more of the same character. */
bool pc_threats_has_run3(const char *s);

struct pc_threats_token;
/* The cache of words' keys (pc_threats_token_keys): fills t's key, alt,
 * col, flags and kh when word is cached; remembers them after a
 * normalisation. */
bool pc_threats_norm_get(struct pc_threats_norm *n, const char *word,
    size_t len, struct pc_threats_token *t);
void pc_threats_norm_put(struct pc_threats_norm *n, const char *word,
    size_t len, const struct pc_threats_token *t);
/* Starts loading the cache slot of a word about to be normalised. */
void pc_threats_norm_prefetch(
    struct pc_threats_norm *n, const char *word, size_t len);

/* True for zero-width, soft hyphen and other default-ignorable code
 * points that are stripped inside words. */
bool pc_threats_invisible(int cp);

#endif
