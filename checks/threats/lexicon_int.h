/* Internal shapes of a compiled lexicon (lexicon.c loads, lexmatch.c
 * matches). */
#ifndef PC_THREATS_LEXICON_INT_H
#define PC_THREATS_LEXICON_INT_H

#include <stdint.h>

#include "lexicon.h"
#include "model_int.h"

enum lex_el_kind { EL_LIT, EL_SET, EL_GAP, EL_ANY, EL_END };

struct lex_alt {
	char key[PC_THREATS_WORD_MAX];
	char col[PC_THREATS_WORD_MAX];
	bool prefix;
	bool inflect; /* "word~": its -s/-ed/-ing forms match too */
	int el;       /* literal element id (its class: lexclass.c) */
};

struct lex_el {
	enum lex_el_kind kind;
	int lit;   /* EL_LIT: literal element id */
	int set;   /* EL_SET */
	int gap;   /* EL_GAP: up to this many words */
	char *ref; /* EL_SET: name until resolved */
};

struct lex_phrase {
	struct lex_el *els;
	size_t nels;
	int set;
	int line;
	const char *file;
};

/* A phrase "{ref} word ..." or "{ref} *N word ...": its ref, gap (0 for
 * none), the word's literal, and where the element after the word is in
 * the lexicon's code. */
struct lex_sfl {
	int ref;
	int gap; /* "{ref} *gap word ...": up to gap words between */
	int lit;
	int code;
};

/* The "{ref} word" phrases of one ref and gap: byl[a, b), and a filter
 * of their literals (bit lit % 256), so most words' literals skip the
 * search. */
struct lex_sfg {
	int ref, gap;
	size_t a, b;
	uint64_t bloom[4];
};

struct lex_set {
	char *name;
	int *phrases; /* indices into lex->phrases */
	size_t nphrases;
	int *setfirst; /* phrases not starting with a literal */
	size_t nsetfirst;
	/* the set-first phrases matched one by one: [0, nrest) */
	size_t nrest;
	int *setfirst_ref;  /* [nrest]: the set each starts with, or -1 */
	int *setfirst_code; /* [nrest]: where each starts in code */
	int *setfirst_next; /* [nrest]: the set its second element is, or -1 */
	/* the others, "{ref} word ..." and "{ref} *N word ...", by ref,
	 * gap, then word's literal, in groups of one ref and gap */
	struct lex_sfl *byl;
	size_t nbyl;
	struct lex_sfg *groups;
	size_t ngroups;
	int line;
	const char *file;
};

/* Open-addressing map from key to a list of literal element ids. */
struct lex_map_entry {
	char *key;
	int *ids;
	size_t n;
};
struct lex_map {
	struct lex_map_entry *v;
	size_t cap, n;
};

struct lex_window {
	char *name;
	long value;
};

struct lex_emoji {
	int cp;
	char word[32];
};

struct pc_threats_lexicon {
	struct pc_threats_norm *norm; /* borrowed */
	char **files;
	size_t nfiles;
	struct lex_set *sets;
	size_t nsets;
	struct lex_phrase *phrases;
	size_t nphrases;
	struct lex_alt *alts;
	size_t nalts;
	int nlits; /* literal elements */
	/* lit id -> the phrases starting with it, first[first_off[lit] ..
	 * first_off[lit + 1]), with their sets' places in the order */
	struct lex_first *first;
	size_t *first_off;
	uint32_t *code; /* the compiled phrases */
	/* [nlits]: whether a literal is ever tested at a word (in a phrase
	 * after its first element, or in one starting with a set): the
	 * others only start phrases, through a word's candidates, and a
	 * sentence's literal lists and masks leave them out */
	unsigned char *inner;
	size_t *code_off; /* phrase -> its first element in code */
	struct lex_map bykey, bycol, words;
	struct lex_map inflect; /* "word~": stems whose -s/-ed/-ing match */
	int *prefix_alts;       /* indices into alts with prefix */
	size_t nprefix;
	int *sfpos; /* the order's places of sets with set-first phrases */
	size_t nsfpos;
	int *order;     /* sets in dependency order */
	int *order_pos; /* set -> its place in order */
	struct pc_threats_pattern *pats;
	size_t npats;
	struct lex_window *windows;
	size_t nwindows;
	struct lex_emoji *emoji;
	size_t nemoji;
	struct lex_wcache *wcache; /* words' literal ids; NULL: uncached */
	struct pc_threats_mcache *mcache; /* the model's lookups; borrowed */
	struct lex_scratch *scratch;      /* lexmatch.c's work arrays */
	struct pc_threats_model *model;   /* a file's `model:`, or NULL */
};

/* A phrase starting with a literal, and its set's place in the order;
 * code: where its second element is in the lexicon's code. */
struct lex_first {
	int pos;
	int code;
};

/* Phrases compiled for matching: each element one word of code (kind in
 * the top byte, its literal, set or gap below), a phrase ended by
 * LEX_OP_DONE, all phrases in one array (a few KB: matching read each
 * phrase's elements from its own allocation, most of them cache misses). */
#define LEX_OP_DONE    7u
#define LEX_OP(k, v)   (((uint32_t)(k) << 24) | (uint32_t)(v))
#define LEX_OP_KIND(o) ((o) >> 24)
#define LEX_OP_ARG(o)  ((o)&0xFFFFFFu)

/* A phrase that may start at a word: its first literal matched there. */
struct lex_cand {
	int pos; /* set's place in the dependency order */
	int word;
	int code; /* its second element in the lexicon's code */
};

/* The work arrays of matching one sentence (lexscratch.c): the lexicon
 * matches one sentence at a time. */
struct lex_scratch {
	int *lits, *slits; /* each word's literal ids; ascending per word */
	size_t litcap, slitcap;
	size_t *litoff; /* [n + 1] */
	size_t offcap;
	size_t *span; /* [2 * nsets + 2] */
	size_t spancap;
	int *hits; /* [nsets]: the sets matched, in the order first matched */
	size_t hitcap;
	struct lex_cand *cands, *sorted;
	size_t candcap, sortcap;
	size_t *at; /* [nsets + 1] */
	size_t atcap;
	uint64_t *mask; /* [nlits]: the words (bits) matching each literal in
			 * a sentence of at most 64 words; zero between */
	short *spare;   /* a freed sentence's ends, for the next sentence */
	size_t sparecap;
	struct pc_threats_mword *mw; /* [n]: each word's model features */
	size_t mwcap;
};
struct lex_scratch *pc_lex_scratch_new(void);
int pc_lex_scratch_reserve(
    struct lex_scratch *w, size_t n, size_t nsets, size_t nlits, size_t m);
int pc_lex_scratch_cands(struct lex_scratch *w, size_t ncand, size_t nsets);
int pc_lex_scratch_mask(struct lex_scratch *w, size_t nlits);
void pc_lex_scratch_free(struct lex_scratch *w);

/* The cache of the literal ids each word matches (lexcache.c): two
 * slots per set, a collision replaces. */
#define PC_LEX_WCACHE_SLOTS 65536
struct lex_wcache *pc_lex_wcache_new(void);
const int *pc_lex_wcache_get(
    struct lex_wcache *c, const struct pc_threats_token *t, size_t *n);
const int *pc_lex_wcache_find(struct lex_wcache *c,
    const struct pc_threats_token *t, size_t *n, const int **sorted);
void pc_lex_wcache_prefetch(
    struct lex_wcache *c, const struct pc_threats_token *t);
void pc_lex_ids_sort(int *ids, size_t n);
void pc_lex_wcache_put(struct lex_wcache *c, const struct pc_threats_token *t,
    const int *ids, size_t n);
/* A cached word: its literal ids (found order), those of them tested at
 * a word (inner: lexicon_int.h's inner; found order and ascending) and
 * the phrases its ids start, in the order candidates() lists them (first
 * NULL: put without them). */
struct lex_wword {
	const int *ids;                /* [n] */
	const int *inner, *sorted;     /* [ninner] */
	const struct lex_first *first; /* [nfirst] */
	size_t n, ninner, nfirst;
	struct pc_threats_mword *mw; /* the word's model features, or
				      * PC_MWORD_UNKNOWN's */
};
/* A word cache entry's model features before they are looked up. */
#define PC_MWORD_UNKNOWN INT32_MIN
/* Word i's model features in w->mw: from the cache entry e (NULL: none),
 * looked up (and kept in e) when not known there. */
void pc_lex_wcache_mword(const struct pc_threats_lexicon *lex,
    struct lex_scratch *w, const struct pc_threats_token *t, size_t i,
    struct pc_threats_mword *e);
bool pc_lex_wcache_word(struct lex_wcache *c, const struct pc_threats_token *t,
    struct lex_wword *w);
void pc_lex_wcache_put_first(struct lex_wcache *c,
    const struct pc_threats_token *t, const int *ids, size_t n,
    const int *inner, size_t ninner, const struct lex_cand *cand, size_t nc,
    const struct pc_threats_mword *mw);
void pc_lex_wcache_free(struct lex_wcache *c);

/* Makes room for element n of an array of n elements of size bytes
 * (lexicon.c): grows it to 8, then doubles at each power of two, so the
 * capacity follows from the count (and is more than n). Loading appends one element at a
 * time to arrays of tens of thousands; growing by one copied them each
 * time (quadratic, and seconds under ASan). NULL when out of memory
 * (v is then still the caller's). */
void *pc_lex_grow(void *v, size_t n, size_t size);

/* Map helpers (lexicon.c). */
int pc_lex_map_add(struct lex_map *m, const char *key, int id);
const struct lex_map_entry *pc_lex_map_get(
    const struct lex_map *m, const char *key);
void pc_lex_map_free(struct lex_map *m);

/* The set called name, created when absent (lexicon.c). */
int pc_lex_set_of(struct pc_threats_lexicon *lex, const char *name,
    const char *file, int line, int *idx_out);
/* Gives literal elements with the same alternatives one id (lexclass.c;
 * before phrase starts are indexed). */
int pc_lex_classes(struct pc_threats_lexicon *lex);
/* Parses a phrase ("going to", "{target} 're dead") into set si. */
int pc_lex_add_phrase(struct pc_threats_lexicon *lex, int si, const char *text,
    const char *file, int line);

#endif
