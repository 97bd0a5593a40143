/* Threats lexicons (policies/lexicons/ YAML): loading and compiling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "agent/lib/err.h"
#include "agent/lib/yaml.h"
#include "lexicon_int.h"

#define LEX_MAX_PHRASES 20000
#define LEX_MAX_ELS     16

/* FNV-1a of a key. */
static size_t
hash_key(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Grows the map to keep it at most half full. */
static int
map_grow(struct lex_map *m)
{
	struct lex_map_entry *nv;
	size_t nc = m->cap ? 2 * m->cap : 256, i, h;

	if ((nv = calloc(nc, sizeof(*nv))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < m->cap; i++) {
		if (m->v[i].key == NULL)
			continue;
		for (h = hash_key(m->v[i].key) & (nc - 1); nv[h].key;
		     h = (h + 1) & (nc - 1))
			;
		nv[h] = m->v[i];
	}
	free(m->v);
	m->v = nv;
	m->cap = nc;
	return 0;
}

void *
pc_lex_grow(void *v, size_t n, size_t size)
{
	size_t cap = n < 8 ? 8 : 2 * n;
	void *nv;

	if (v != NULL && (n < 8 || (n & (n - 1)) != 0))
		return v; /* room left: capacity is the next power of two */
	if (cap > SIZE_MAX / size || (nv = realloc(v, cap * size)) == NULL)
		return NULL;
	return nv;
}

/* Adds id to key's list (once). */
int
pc_lex_map_add(struct lex_map *m, const char *key, int id)
{
	struct lex_map_entry *e;
	size_t h, i;
	int *nv, r;

	if (2 * (m->n + 1) > m->cap && (r = map_grow(m)) != 0)
		return r;
	for (h = hash_key(key) & (m->cap - 1);
	     m->v[h].key && strcmp(m->v[h].key, key) != 0;
	     h = (h + 1) & (m->cap - 1))
		;
	e = &m->v[h];
	if (e->key == NULL) {
		if ((e->key = strdup(key)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		m->n++;
	}
	for (i = 0; i < e->n; i++)
		if (e->ids[i] == id)
			return 0;
	if ((nv = pc_lex_grow(e->ids, e->n, sizeof(*nv))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	e->ids = nv;
	e->ids[e->n++] = id;
	return 0;
}

/* The entry for key, or NULL. */
const struct lex_map_entry *
pc_lex_map_get(const struct lex_map *m, const char *key)
{
	size_t h;

	if (m->cap == 0 || key[0] == '\0')
		return NULL;
	for (h = hash_key(key) & (m->cap - 1); m->v[h].key;
	     h = (h + 1) & (m->cap - 1))
		if (strcmp(m->v[h].key, key) == 0)
			return &m->v[h];
	return NULL;
}

/* Frees a map. */
void
pc_lex_map_free(struct lex_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->v[i].key);
		free(m->v[i].ids);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* The set called name, created when absent. */
int
pc_lex_set_of(struct pc_threats_lexicon *lex, const char *name,
    const char *file, int line, int *idx_out)
{
	struct lex_set *nv;
	size_t i;

	for (i = 0; i < lex->nsets; i++)
		if (strcmp(lex->sets[i].name, name) == 0) {
			*idx_out = (int)i;
			return 0;
		}
	if ((nv = realloc(lex->sets, (lex->nsets + 1) * sizeof(*nv))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	lex->sets = nv;
	memset(&nv[lex->nsets], 0, sizeof(*nv));
	if ((nv[lex->nsets].name = strdup(name)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	nv[lex->nsets].file = file;
	nv[lex->nsets].line = line;
	*idx_out = (int)lex->nsets++;
	return 0;
}

/* Adds one alternative of a literal element. */
static int
add_alt(struct pc_threats_lexicon *lex, const char *word, size_t len, int lit)
{
	struct pc_threats_token t;
	struct lex_alt *a, *nv;
	bool prefix = len > 1 && word[len - 1] == '*';
	bool inflect = len > 1 && word[len - 1] == '~';
	int r;

	if ((nv = pc_lex_grow(lex->alts, lex->nalts, sizeof(*nv))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	lex->alts = nv;
	a = &nv[lex->nalts];
	memset(&t, 0, sizeof(t));
	if ((r = pc_threats_token_keys(
		 &t, lex->norm, word, prefix || inflect ? len - 1 : len)) != 0)
		return r;
	memcpy(a->key, t.key, sizeof(a->key));
	memcpy(a->col, t.key, sizeof(a->col));
	pc_threats_collapse(a->col);
	a->prefix = prefix;
	a->inflect = inflect;
	a->el = lit;
	if (prefix) {
		int *np =
		    pc_lex_grow(lex->prefix_alts, lex->nprefix, sizeof(*np));
		if (np == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		lex->prefix_alts = np;
		np[lex->nprefix++] = (int)lex->nalts;
	} else if ((r = pc_lex_map_add(&lex->bykey, a->key, lit)) != 0 ||
	    (r = pc_lex_map_add(&lex->bycol, a->col, lit)) != 0 ||
	    (r = pc_lex_map_add(&lex->words, a->key, 0)) != 0 ||
	    (inflect && (r = pc_lex_map_add(&lex->inflect, a->key, lit))))
		return r;
	lex->nalts++;
	return 0;
}

/* Parses one element ("word|other*", "{set}", "*3", "?"). */
static int
parse_el(struct pc_threats_lexicon *lex, struct lex_el *el, const char *w,
    size_t len, const char *file, int line)
{
	const char *p, *bar;
	int r;

	memset(el, 0, sizeof(*el));
	if (len == 1 && w[0] == '?') {
		el->kind = EL_ANY;
		return 0;
	}
	if (len == 1 && w[0] == '$') {
		el->kind = EL_END;
		return 0;
	}
	if (len == 2 && w[0] == '*' && w[1] >= '1' && w[1] <= '9') {
		el->kind = EL_GAP;
		el->gap = w[1] - '0';
		return 0;
	}
	if (len > 2 && w[0] == '{' && w[len - 1] == '}') {
		el->kind = EL_SET;
		if ((el->ref = strndup(w + 1, len - 2)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		return 0;
	}
	if (w[0] == '*' || w[0] == '{')
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: '%.*s': a gap is *1 to *9 and a set reference is {name}",
		    file, line, (int)len, w);
	el->kind = EL_LIT;
	el->lit = lex->nlits++;
	for (p = w; p < w + len; p = bar + 1) {
		if ((bar = memchr(p, '|', (size_t)(w + len - p))) == NULL)
			bar = w + len;
		if (bar == p)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: '%.*s': empty alternative", file, line,
			    (int)len, w);
		/* "still?" read as the literal word "still?" never matched */
		if (bar[-1] == '?')
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: '%.*s': '?' is a one-word gap of its own, not an optional word; write the phrase with and without the word",
			    file, line, (int)len, w);
		if ((r = add_alt(lex, p, (size_t)(bar - p), el->lit)) != 0)
			return r;
	}
	return 0;
}

/* Whether word w (len bytes, "a|b|c") has the alternative alt, or one
 * ending in suffix when suffix is set. */
static bool
has_alt(const char *w, size_t len, const char *alt, bool suffix)
{
	const char *p, *bar;
	size_t n = strlen(alt), k;

	for (p = w; p < w + len; p = bar + 1) {
		if ((bar = memchr(p, '|', (size_t)(w + len - p))) == NULL)
			bar = w + len;
		k = (size_t)(bar - p);
		if (suffix ? k >= n && memcmp(bar - n, alt, n) == 0
			   : k == n && memcmp(p, alt, n) == 0)
			return true;
	}
	return false;
}

/* "won't|will not stop" reads as "won't|will" then "not": a negative
 * after a contracted one in the word before is that trap (it matched
 * nothing of what it meant); refused with the fix. prev: the word
 * before (NULL: none). */
static int
split_negative(const char *prev, size_t plen, const char *w, size_t len,
    const char *file, int line)
{
	if (prev == NULL || !has_alt(w, len, "not", false) ||
	    !has_alt(prev, plen, "n't", true))
		return 0;
	return pc_error_set(PC_ECONFIG,
	    "%s:%d: '%.*s %.*s': each word is one of its alternatives, so this reads as one of them then 'not'; write the contracted and the two-word negatives on lines of their own",
	    file, line, (int)plen, prev, (int)len, w);
}

/* Parses a phrase into set si. */
int
pc_lex_add_phrase(struct pc_threats_lexicon *lex, int si, const char *text,
    const char *file, int line)
{
	struct lex_phrase *nv, *ph;
	struct lex_set *s = &lex->sets[si];
	const char *p = text, *e, *prev = NULL;
	size_t plen = 0;
	int *np, r;

	if (lex->nphrases >= LEX_MAX_PHRASES)
		return pc_error_set(PC_ELIMIT, "%s:%d: more than %d phrases",
		    file, line, LEX_MAX_PHRASES);
	if ((nv = pc_lex_grow(lex->phrases, lex->nphrases, sizeof(*nv))) ==
	    NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	lex->phrases = nv;
	ph = &nv[lex->nphrases];
	memset(ph, 0, sizeof(*ph));
	ph->set = si;
	ph->file = file;
	ph->line = line;
	if ((ph->els = calloc(LEX_MAX_ELS, sizeof(*ph->els))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	lex->nphrases++;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e && *e != ' '; e++)
			;
		if (ph->nels == LEX_MAX_ELS)
			return pc_error_set(PC_ELIMIT,
			    "%s:%d: a phrase has at most %d words", file, line,
			    LEX_MAX_ELS);
		if ((r = split_negative(
			 prev, plen, p, (size_t)(e - p), file, line)) != 0 ||
		    (r = parse_el(lex, &ph->els[ph->nels], p, (size_t)(e - p),
			 file, line)) != 0)
			return r;
		ph->nels++;
		prev = p;
		plen = (size_t)(e - p);
		p = e;
	}
	if (ph->nels == 0 || ph->els[0].kind == EL_GAP ||
	    ph->els[0].kind == EL_END || ph->els[ph->nels - 1].kind == EL_GAP)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: '%s': a phrase needs a word and cannot start or end with a gap",
		    file, line, text);
	if ((np = pc_lex_grow(s->phrases, s->nphrases, sizeof(*np))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	s->phrases = np;
	np[s->nphrases++] = (int)lex->nphrases - 1;
	return 0;
}
