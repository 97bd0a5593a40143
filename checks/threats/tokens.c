/* Tokeniser for the threats rules: words with normalised keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "agent/lib/err.h"
#include "tokens.h"

/* A raw word before joining: a span, or an emoji. */
struct raw {
	uint32_t s, e;
	uint32_t sentence;
	int cps;           /* code points in the span */
	const char *emoji; /* the emoji's word, or NULL */
};

struct rawv {
	struct raw *v;
	size_t n, cap;
};

struct tokctx {
	struct pc_threats_tokens *toks;
	struct pc_threats_norm *norm;
	const char *text;
	size_t len;
	pc_threats_known_fn known;
	pc_threats_emoji_fn emoji;
	void *arg;
};

/* Decodes the code point at i (invalid bytes count as one U+FFFD). */
static int
cp_at(const char *t, size_t len, size_t i, int *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	if ((unsigned char)t[i] < 0x80) { /* ASCII: itself, one byte */
		*cp = (unsigned char)t[i];
		return 1;
	}
	k = utf8proc_iterate(
	    (const utf8proc_uint8_t *)t + i, (utf8proc_ssize_t)(len - i), &c);
	if (k < 1) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return (int)k;
}

/* Letters, marks and digits make words. */
static bool
is_alnum(int cp)
{
	utf8proc_category_t c;

	if (cp < 0x80) /* ASCII's letters (Lu, Ll) and digits (Nd) */
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	c = utf8proc_category(cp);

	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

/* Leetspeak symbols that stay inside a word (k!ll, ki||ed, c*nt). */
static bool
is_leet_sym(int cp)
{
	return cp == '@' || cp == '$' || cp == '!' || cp == '|' || cp == '*' ||
	    cp == '+' || cp == 0x2020 || cp == 0xA5;
}

/* True when a leet symbol at i continues a word: more symbols, then a
 * letter or digit. */
static bool
sym_continues(const char *t, size_t len, size_t i)
{
	int cp, k;

	while (i < len) {
		k = cp_at(t, len, i, &cp);
		if (is_alnum(cp))
			return true;
		if (!is_leet_sym(cp))
			return false;
		i += (size_t)k;
	}
	return false;
}

/* True when the code point at i is a letter or digit. */
static bool
alnum_at(const char *t, size_t len, size_t i)
{
	int cp;

	if (i >= len)
		return false;
	cp_at(t, len, i, &cp);
	return is_alnum(cp);
}

/* Appends a raw word. */
static int
raw_push(struct rawv *r, const struct raw *w)
{
	struct raw *nv;
	size_t nc;

	if (r->n == r->cap) {
		nc = r->cap ? 2 * r->cap : 256;
		if ((nv = realloc(r->v, nc * sizeof(*nv))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		r->v = nv;
		r->cap = nc;
	}
	r->v[r->n++] = *w;
	return 0;
}

/* The start of the code point that ends just before byte i (i > 0). */
static size_t
cp_before(const char *t, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && ((unsigned char)t[j] & 0xC0) == 0x80 && i - j < 4)
		j--;
	return j;
}

/* Whether the '.' at i closes a word of letters joined by dots
 * ("k.i.l.l. t.h.e. t.r.a.i.t.o.r." spells three words of one sentence,
 * as "e.g." is not a sentence's end): one letter, after a '.' that
 * follows a letter. */
static bool
ends_dotted_word(const char *t, size_t len, size_t i)
{
	size_t j;
	int cp;

	if (i == 0)
		return false;
	j = cp_before(t, i);
	if (j < 2 || t[j - 1] != '.' || !alnum_at(t, len, j))
		return false;
	if (j + (size_t)cp_at(t, len, j, &cp) != i)
		return false; /* more than one letter before the '.' */
	return alnum_at(t, len, cp_before(t, j - 1));
}

/* Sentence punctuation followed by a space or the end breaks a sentence
 * (not a dot closing a dotted word); so does a blank line. */
static bool
breaks_sentence(const char *t, size_t len, size_t i)
{
	char c = t[i];
	size_t j;

	if (c == '.' && ends_dotted_word(t, len, i))
		return false;
	if (c == '.' || c == '!' || c == '?' || c == ';')
		return i + 1 >= len || t[i + 1] == ' ' || t[i + 1] == '\n' ||
		    t[i + 1] == '\r' || t[i + 1] == '\t' || t[i + 1] == '"' ||
		    t[i + 1] == '\'' || t[i + 1] == ')' || t[i + 1] == '.';
	if (c != '\n')
		return false;
	for (j = i + 1;
	     j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'); j++)
		;
	return j < len && t[j] == '\n';
}

/* Scans the text into raw words with sentence numbers. */
static int
scan_raw(struct tokctx *c, struct rawv *r)
{
	const char *t = c->text;
	size_t i = 0, len = c->len;
	uint32_t sentence = 0, words = 0;
	bool brk = false;
	struct raw w;
	int cp, k, r0;

	while (i < len) {
		k = cp_at(t, len, i, &cp);
		memset(&w, 0, sizeof(w));
		if (cp >= 0x80 && c->emoji &&
		    (w.emoji = c->emoji(c->arg, cp)) != NULL) {
			w.s = (uint32_t)i;
			w.e = (uint32_t)(i + (size_t)k);
			w.cps = 1;
		} else if (is_alnum(cp) ||
		    ((cp == '$' || cp == 0xA5 || cp == 0x2020) &&
			sym_continues(t, len, i + (size_t)k))) {
			w.s = (uint32_t)i;
			while (i < len) {
				k = cp_at(t, len, i, &cp);
				if (is_alnum(cp) || pc_threats_invisible(cp) ||
				    (is_leet_sym(cp) &&
					sym_continues(t, len, i + (size_t)k)) ||
				    ((cp == '\'' || cp == 0x2019) &&
					alnum_at(t, len, i + (size_t)k))) {
					i += (size_t)k;
					w.cps++;
				} else
					break;
			}
			w.e = (uint32_t)i;
			k = 0;
		} else {
			if (cp < 0x80 && breaks_sentence(t, len, i))
				brk = true;
			i += (size_t)k;
			continue;
		}
		if (brk || words >= PC_THREATS_SENTENCE_MAX) {
			sentence += words > 0;
			words = 0;
			brk = false;
		}
		w.sentence = sentence;
		words++;
		if ((r0 = raw_push(r, &w)) != 0)
			return r0;
		i += (size_t)k;
	}
	return 0;
}

/* Appends a token, growing the array. */
static int
tok_push(struct pc_threats_tokens *toks, struct pc_threats_token **out)
{
	struct pc_threats_token *nv;
	size_t nc;

	if (toks->n == toks->cap) {
		nc = toks->cap ? 2 * toks->cap : 256;
		if ((nv = realloc(toks->v, nc * sizeof(*nv))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		toks->v = nv;
		toks->cap = nc;
	}
	*out = &toks->v[toks->n++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

static int token_keys(struct pc_threats_token *t, struct pc_threats_norm *norm,
    const char *word, size_t len);

/* Normalises a word into a token's keys, through the word cache. */
int
pc_threats_token_keys(struct pc_threats_token *t, struct pc_threats_norm *norm,
    const char *word, size_t len)
{
	uint8_t keep = t->flags;
	int r;

	if (pc_threats_norm_get(norm, word, len, t)) {
		t->flags |= keep;
		return 0;
	}
	t->flags = 0;
	if ((r = token_keys(t, norm, word, len)) != 0) {
		t->flags |= keep;
		return r;
	}
	t->kh = pc_threats_token_hash(t);
	pc_threats_norm_put(norm, word, len, t);
	t->flags |= keep;
	return 0;
}

/* FNV-1a of the keys (each with its NUL) and the wildcard flag. */
uint32_t
pc_threats_token_hash(const struct pc_threats_token *t)
{
	const char *parts[3] = { t->key, t->alt, t->col };
	uint32_t h = 2166136261u;
	size_t i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < PC_THREATS_WORD_MAX; i++) {
			h = (h ^ (unsigned char)parts[k][i]) * 16777619u;
			if (parts[k][i] == '\0')
				break;
		}
	h = (h ^ ((t->flags & PC_TOK_WILDCARD) ? 1u : 2u)) * 16777619u;
	return h ? h : 1;
}

/* Writes word with each capital I look-alike after its first letter as
 * "l" ("kiII", Greek "κiΙΙ": a capital I passes for a small l), when the
 * word has a small ASCII letter; false when there is none to rewrite. */
static bool
capital_i_as_l(char *out, size_t cap, const char *word, size_t len)
{
	size_t i, o = 0, w;
	bool small = false, any = false;

	for (i = 0; i < len; i++)
		small |= word[i] >= 'a' && word[i] <= 'z';
	if (!small)
		return false; /* "KILL", "MI5": capitals throughout */
	for (i = 0; i < len && o + 1 < cap; i += w) {
		const unsigned char *p = (const unsigned char *)word + i;

		w = 1;
		if (i > 0 && p[0] == 'I')
			out[o++] = 'l', any = true;
		else if (i > 0 && i + 1 < len &&
		    ((p[0] == 0xCE && p[1] == 0x99) ||     /* Greek Iota */
			(p[0] == 0xD0 && p[1] == 0x86) ||  /* Cyrillic I */
			(p[0] == 0xD3 && p[1] == 0x80))) { /* palochka */
			out[o++] = 'l', any = true;
			w = 2;
		} else
			out[o++] = (char)p[0];
	}
	out[o] = '\0';
	return any && i >= len;
}

/* Sets t's alternative key to the skeleton of the leetspeak-read word in
 * folded (work: a buffer of PC_THREATS_WORD_MAX), unless it equals the
 * key. */
static int
alt_key(struct pc_threats_token *t, struct pc_threats_norm *norm,
    const char *folded, char *work, bool one_as_l)
{
	int r;

	pc_threats_leet(work, PC_THREATS_WORD_MAX, folded, one_as_l);
	if ((r = pc_threats_skeleton(norm, t->alt, sizeof(t->alt), work)))
		return r;
	if (strcmp(t->alt, t->key) == 0)
		t->alt[0] = '\0';
	return 0;
}

/* Normalises a word into a token's keys. */
static int
token_keys(struct pc_threats_token *t, struct pc_threats_norm *norm,
    const char *word, size_t len)
{
	char folded[PC_THREATS_WORD_MAX], leet[PC_THREATS_WORD_MAX];
	char caps[PC_THREATS_WORD_MAX];
	bool changed, nonascii = false;
	size_t i, n;
	int r;

	for (i = 0; i < len && (unsigned char)word[i] < 0x80; i++)
		;
	if (i < len && len < sizeof(caps)) { /* look-alike capitals first */
		n = pc_threats_latin_capitals(
		    norm, caps, sizeof(caps), word, len);
		/* a look-alike read as Latin is obfuscation ("ΒΟΜΒ") */
		nonascii = n != len || memcmp(caps, word, len) != 0;
		word = caps;
		len = n;
	}
	pc_threats_fold(folded, sizeof(folded), word, len);
	for (i = 0; folded[i]; i++)
		nonascii |= (unsigned char)folded[i] >= 0x80;
	changed = pc_threats_leet(leet, sizeof(leet), folded, false);
	if ((r = pc_threats_skeleton(norm, t->key, sizeof(t->key), leet)))
		return r;
	t->alt[0] = '\0';
	if (changed && strchr(folded, '1') &&
	    (r = alt_key(t, norm, folded, leet, true)))
		return r;
	if (t->alt[0] == '\0' && len < sizeof(folded) &&
	    capital_i_as_l(leet, sizeof(leet), word, len)) {
		pc_threats_fold(folded, sizeof(folded), leet, strlen(leet));
		if ((r = alt_key(t, norm, folded, leet, false)))
			return r;
	}
	t->col[0] = '\0';
	if (pc_threats_has_run3(t->key)) {
		memcpy(t->col, t->key, sizeof(t->col));
		pc_threats_collapse(t->col);
		t->flags |= PC_TOK_OBFUSCATED;
	}
	if (changed || nonascii)
		t->flags |= PC_TOK_OBFUSCATED;
	if (strchr(t->key, '*'))
		t->flags |= PC_TOK_WILDCARD;
	return 0;
}

/* Clitics split off a folded word: "you'll" -> "you" + "'ll". */
static const char *const clitics[] = { "'ll", "'re", "'ve", "'d", "'s", "'m",
	NULL };

/* Whether a word's tail is a clitic, read through leetspeak ("y0u'r3"). */
static bool
clitic_is(const char *tail, const char *clitic)
{
	char low[8], leet[8];
	size_t i;

	for (i = 0; tail[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)(tail[i] >= 'A' && tail[i] <= 'Z' ? tail[i] + 32
								 : tail[i]);
	if (tail[i])
		return false;
	low[i] = '\0';
	pc_threats_leet(leet, sizeof(leet), low, false);
	return strcmp(leet, clitic) == 0;
}

/* Emits one word (bytes of the original, possibly from several pieces
 * already concatenated in word) as one or two tokens. */
static int
emit_word(struct tokctx *c, const char *word, size_t wlen, uint32_t s,
    uint32_t e, uint32_t sentence, uint8_t flags)
{
	char buf[PC_THREATS_WORD_MAX], *ap;
	struct pc_threats_token *t = NULL; /* set by tok_push */
	size_t i, o = 0;
	int r, k;

	for (i = 0; i < wlen && o + 1 < sizeof(buf); i++) {
		if ((unsigned char)word[i] == 0xE2 && i + 2 < wlen &&
		    (unsigned char)word[i + 1] == 0x80 &&
		    (unsigned char)word[i + 2] == 0x99) {
			buf[o++] = '\'';
			i += 2;
		} else
			buf[o++] = word[i];
	}
	buf[o] = '\0';
	ap = strrchr(buf, '\'');
	for (k = 0; ap && ap != buf && clitics[k]; k++) {
		if (!clitic_is(ap, clitics[k]))
			continue;
		if ((r = tok_push(c->toks, &t)) != 0 ||
		    (r = pc_threats_token_keys(
			 t, c->norm, buf, (size_t)(ap - buf))) != 0)
			return r;
		t->start = s;
		t->end = e;
		t->sentence = sentence;
		t->flags |= flags;
		if ((r = tok_push(c->toks, &t)) != 0 ||
		    (r = pc_threats_token_keys(
			 t, c->norm, clitics[k], strlen(clitics[k]))) != 0)
			return r;
		t->start = s;
		t->end = e;
		t->sentence = sentence;
		return 0;
	}
	if ((r = tok_push(c->toks, &t)) != 0 ||
	    (r = pc_threats_token_keys(t, c->norm, buf, o)) != 0)
		return r;
	t->start = s;
	t->end = e;
	t->sentence = sentence;
	t->flags |= flags;
	return 0;
}

/* The separator between raw words a and b is exactly one joining mark
 * (k.i.l.l, p-i-g, s_c_u_m). */
static bool
punct_joined(const struct tokctx *c, const struct raw *a, const struct raw *b)
{
	const char *t = c->text + a->e;
	size_t n = b->s - a->e;

	if (a->sentence != b->sentence && n != 1)
		return false;
	if (n == 1)
		return strchr(".-_*/", *t) != NULL;
	return n == 2 && memcmp(t, "\xc2\xb7", 2) == 0;
}

/* The gap between raw words a and b: 0 not spacing (has other
 * characters or a newline), 1 one space, 2 a wider gap. */
static int
space_gap(const struct tokctx *c, const struct raw *a, const struct raw *b)
{
	size_t i, n = b->s - a->e;

	for (i = a->e; i < b->s; i++)
		if (c->text[i] != ' ' && c->text[i] != '\t')
			return 0;
	return n == 1 ? 1 : 2;
}

/* Concatenates the bytes of raw words [a, b) into buf. */
static size_t
concat(const struct tokctx *c, const struct raw *r, size_t a, size_t b,
    char *buf, size_t cap)
{
	size_t i, n, o = 0;

	for (i = a; i < b; i++) {
		n = r[i].e - r[i].s;
		if (o + n + 1 > cap)
			break;
		memcpy(buf + o, c->text + r[i].s, n);
		o += n;
	}
	buf[o] = '\0';
	return o;
}

/* Whether the concatenation of raw words [a, b) is a lexicon word. */
static bool
known_run(const struct tokctx *c, const struct raw *r, size_t a, size_t b)
{
	struct pc_threats_token t;
	char buf[PC_THREATS_WORD_MAX];
	size_t n;

	n = concat(c, r, a, b, buf, sizeof(buf));
	memset(&t, 0, sizeof(t));
	if (pc_threats_token_keys(&t, c->norm, buf, n) != 0)
		return false;
	return c->known(c->arg, t.key) || (t.alt[0] && c->known(c->arg, t.alt));
}

/* Emits raw words [a, b) joined into one word. */
static int
emit_joined(struct tokctx *c, const struct raw *r, size_t a, size_t b)
{
	char buf[PC_THREATS_WORD_MAX];
	size_t n;

	n = concat(c, r, a, b, buf, sizeof(buf));
	return emit_word(
	    c, buf, n, r[a].s, r[b - 1].e, r[a].sentence, PC_TOK_OBFUSCATED);
}

#define SEG_MAX 48

/* Emits single letters [a, b) as the lexicon words they spell ("y o u w
 * i l l" -> you will), else as one word when force, else one by one. */
static int
emit_spelled(
    struct tokctx *c, const struct raw *r, size_t a, size_t b, bool force)
{
	int prev[SEG_MAX + 1], cut[SEG_MAX + 1];
	size_t k = b - a, i, x, y, longest = 0, ncut = 0;
	int rr;

	for (i = 0; i <= SEG_MAX; i++)
		prev[i] = -1;
	prev[0] = 0;
	for (y = 1; k <= SEG_MAX && y <= k; y++)
		for (x = 0; x < y && prev[y] < 0; x++)
			if (prev[x] >= 0 && known_run(c, r, a + x, a + y))
				prev[y] = (int)x;
	if (k <= SEG_MAX && prev[k] >= 0) {
		for (y = k; y > 0; y = (size_t)prev[y]) {
			cut[ncut++] = (int)y;
			if (y - (size_t)prev[y] > longest)
				longest = y - (size_t)prev[y];
		}
		if (longest >= 3) {
			for (x = 0; ncut > 0; ncut--) {
				y = (size_t)cut[ncut - 1];
				if ((rr = emit_joined(c, r, a + x, a + y)) != 0)
					return rr;
				x = y;
			}
			return 0;
		}
	}
	if (force)
		return emit_joined(c, r, a, b);
	for (i = a; i < b; i++)
		if ((rr = emit_word(c, c->text + r[i].s, r[i].e - r[i].s,
			 r[i].s, r[i].e, r[i].sentence, 0)) != 0)
			return rr;
	return 0;
}

/* A run of single letters from i: groups split at wide gaps. Returns the
 * index after the run in *next, or leaves it at i when not a run. */
static int
emit_spaced(
    struct tokctx *c, const struct raw *r, size_t n, size_t i, size_t *next)
{
	size_t j = i, a, m;
	bool wide = false;
	int g, rr;

	*next = i;
	while (j + 1 < n && r[j + 1].cps == 1 && !r[j + 1].emoji &&
	    r[j + 1].sentence == r[i].sentence &&
	    (g = space_gap(c, &r[j], &r[j + 1])) != 0) {
		wide |= g == 2;
		j++;
	}
	if (j - i + 1 < 3)
		return 0;
	for (a = i, m = i; m <= j; m++) {
		if (m < j && space_gap(c, &r[m], &r[m + 1]) != 2)
			continue;
		if (m == a)
			rr = emit_word(c, c->text + r[a].s, r[a].e - r[a].s,
			    r[a].s, r[a].e, r[a].sentence, 0);
		else
			rr = emit_spelled(c, r, a, m + 1, wide);
		if (rr != 0)
			return rr;
		a = m + 1;
	}
	*next = j + 1;
	return 0;
}

/* Letters joined by single marks (k.i.l.l, sc.u.m) from i; *next is
 * left at i when the run does not qualify. */
static int
emit_dotted(
    struct tokctx *c, const struct raw *r, size_t n, size_t i, size_t *next)
{
	size_t j = i, m;
	bool one = false;

	*next = i;
	while (
	    j + 1 < n && !r[j + 1].emoji && punct_joined(c, &r[j], &r[j + 1]))
		j++;
	if (j == i)
		return 0;
	for (m = i; m <= j; m++) {
		if (r[m].cps > 2)
			return 0;
		one |= r[m].cps == 1;
	}
	if (!one)
		return 0;
	*next = j + 1;
	return emit_joined(c, r, i, j + 1);
}

/* Marks words followed by a comma, colon, bracket or spaced dash within
 * their sentence: a phrase's `$` may end there ("you'll be sorry, I
 * promise"). */
static void
clause_ends(struct tokctx *c)
{
	struct pc_threats_token *t = c->toks->v;
	size_t k;
	uint32_t p;

	for (k = 0; k + 1 < c->toks->n; k++) {
		if (t[k].sentence != t[k + 1].sentence)
			continue;
		for (p = t[k].end; p < t[k + 1].start; p++)
			if (c->text[p] == ',' || c->text[p] == ':' ||
			    c->text[p] == '(' ||
			    (c->text[p] == '-' && p > t[k].end &&
				c->text[p - 1] == ' ')) {
				t[k].flags |= PC_TOK_CLAUSE_END;
				break;
			}
	}
}

/* Words ahead whose normaliser cache slots are asked for. */
#define PREFETCH_AHEAD 4

/* Asks for the normaliser's cache slot of a raw word (a hint: a word
 * joined or split later asks for its own). */
static void
prefetch_raw(struct tokctx *c, const struct raw *w)
{
	if (!w->emoji)
		pc_threats_norm_prefetch(c->norm, c->text + w->s, w->e - w->s);
}

/* Splits text into normalised words. */
int
pc_threats_tokenise(struct pc_threats_tokens *toks,
    struct pc_threats_norm *norm, const char *text, size_t len,
    pc_threats_known_fn known, pc_threats_emoji_fn emoji, void *arg)
{
	struct tokctx c = { toks, norm, text, len, known, emoji, arg };
	struct pc_threats_token *t = NULL; /* set by tok_push */
	struct rawv r = { toks->raw, 0, toks->rawcap };
	size_t i, next;
	int rr = 0;

	toks->n = 0;
	if ((rr = scan_raw(&c, &r)) != 0)
		goto out;
	for (i = 0; i < r.n && i < PREFETCH_AHEAD; i++)
		prefetch_raw(&c, &r.v[i]);
	for (i = 0; i < r.n;) {
		if (i + PREFETCH_AHEAD < r.n)
			prefetch_raw(&c, &r.v[i + PREFETCH_AHEAD]);
		if (r.v[i].emoji) {
			if ((rr = tok_push(toks, &t)) != 0)
				goto out;
			snprintf(t->key, sizeof(t->key), "%s", r.v[i].emoji);
			t->start = r.v[i].s;
			t->end = r.v[i].e;
			t->sentence = r.v[i].sentence;
			t->flags = PC_TOK_EMOJI | PC_TOK_OBFUSCATED;
			i++;
			continue;
		}
		if ((rr = emit_dotted(&c, r.v, r.n, i, &next)) != 0)
			goto out;
		if (next == i && r.v[i].cps == 1 && known &&
		    (rr = emit_spaced(&c, r.v, r.n, i, &next)) != 0)
			goto out;
		if (next > i) {
			i = next;
			continue;
		}
		if ((rr = emit_word(&c, text + r.v[i].s, r.v[i].e - r.v[i].s,
			 r.v[i].s, r.v[i].e, r.v[i].sentence, 0)) != 0)
			goto out;
		i++;
	}
	clause_ends(&c);
out:
	toks->raw = r.v; /* grown to the longest text: freed with toks */
	toks->rawcap = r.cap;
	return rr;
}

/* Frees the token array. */
void
pc_threats_tokens_free(struct pc_threats_tokens *toks)
{
	if (toks == NULL)
		return;
	free(toks->v);
	free(toks->raw);
	toks->v = NULL;
	toks->raw = NULL;
	toks->n = toks->cap = toks->rawcap = 0;
}
