/* The word model: a logistic regression over a message's words and word
 * pairs, a second opinion on threats and abuse the rules miss. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "model.h"

#define PAIR_MAX     (2 * PC_THREATS_WORD_MAX + 2)
#define WHY_FEATURES 4 /* features named in an explanation */

struct pc_threats_model {
	char **keys;      /* [n] feature: "word" or "word word" */
	double *w;        /* [n * PC_THR_NRULES] */
	int *slot;        /* [cap] open addressing: feature index + 1, 0 free */
	uint64_t *h;      /* [n] each feature's hash: most probes end on it */
	int *set_feature; /* [nsets]: the "@set" feature of each set, or -1 */
	int *set_pair;    /* [nsets * nsets]: "@a @b" (a before b), or -1 */
	size_t nsets;
	unsigned kinds; /* KIND_* bits: the feature kinds looked up */
	size_t prefix;  /* letters of a prefix feature ("threa~") */
	size_t n, cap;
	size_t window; /* sentences in a window; 0: whole messages only */
	char *file;    /* where it was read, for errors */
	bool has[PC_THR_NRULES];
	double bias[PC_THR_NRULES], threshold[PC_THR_NRULES];
};

/* The feature kinds (model.kinds; without it, word, pair and set). */
enum {
	KIND_WORD = 1,     /* a word */
	KIND_PAIR = 2,     /* two words in a row */
	KIND_SET = 4,      /* "@set": a lexicon set matched in a sentence */
	KIND_SET_PAIR = 8, /* "@a @b": two sets matched in one sentence */
	KIND_PREFIX = 16,  /* "threa~": a word's first `prefix` letters */
};

static const char *const kind_names[] = { "word", "pair", "set", "set_pair",
	"prefix" };
#define NKINDS     (sizeof(kind_names) / sizeof(kind_names[0]))
#define PREFIX_MAX 16 /* letters of a prefix, at most */

#define FNV_BASIS 1469598103934665603ull

/* FNV-1a of a key, continued from h. */
static uint64_t
hash_from(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* FNV-1a of a key. */
static uint64_t
hash(const char *s)
{
	return hash_from(FNV_BASIS, s);
}

/* Whether feature f is the word a, or the pair "a b" when b is given. */
static bool
same(const struct pc_threats_model *m, int f, const char *a, const char *b)
{
	const char *k = m->keys[f];
	size_t la;

	if (b == NULL)
		return strcmp(k, a) == 0;
	la = strlen(a);
	return strncmp(k, a, la) == 0 && k[la] == ' ' &&
	    strcmp(k + la + 1, b) == 0;
}

/* The index of the feature "a" (b NULL) or "a b", or -1: hashed in
 * place, no string built per word. */
static int
find2(const struct pc_threats_model *m, const char *a, const char *b)
{
	uint64_t h = hash(a);
	size_t i;
	int f;

	if (m->cap == 0)
		return -1;
	if (b != NULL)
		h = hash_from(hash_from(h, " "), b);
	for (i = h & (m->cap - 1); (f = m->slot[i] - 1) >= 0;
	     i = (i + 1) & (m->cap - 1))
		if (m->h[f] == h && same(m, f, a, b))
			return f;
	return -1;
}

/* The index of feature key, or -1. */
static int
find(const struct pc_threats_model *m, const char *key)
{
	return find2(m, key, NULL);
}

/* A number from a scalar, or an error naming file and line. */
static int
number(double *out, const struct pc_yaml_node *v, const char *file,
    const char *what)
{
	char *end;

	if (v == NULL || v->type != PC_YAML_SCALAR)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s: expected a number",
		    file, v ? v->line : 0, what);
	errno = 0;
	*out = strtod(v->scalar, &end);
	if (errno || end == v->scalar || *end != '\0' || !isfinite(*out))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: %s: '%s' is not a number", file, v->line, what,
		    v->scalar);
	return 0;
}

/* Reads `rules:` (rule -> {threshold, bias}). */
static int
load_rules(struct pc_threats_model *m, const struct pc_yaml_node *rules,
    const char *file)
{
	const struct pc_yaml_node *k, *v;
	size_t i;
	int r, rule;

	if (rules == NULL || rules->type != PC_YAML_MAP || rules->nitems == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.rules: expected a map of rule to {threshold, bias}",
		    file, rules ? rules->line : 0);
	for (i = 0; i + 1 < rules->nitems; i += 2) {
		k = rules->items[i];
		v = rules->items[i + 1];
		rule = pc_threats_rule_parse(k->scalar);
		if (rule != PC_THR_THREAT && rule != PC_THR_ABUSE)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.rules: '%s': expected threat or abuse",
			    file, k->line, k->scalar);
		if (v->type != PC_YAML_MAP)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.rules.%s: expected {threshold, bias}",
			    file, v->line, k->scalar);
		if ((r = number(&m->threshold[rule],
			 pc_yaml_get(v, "threshold"), file, "threshold")) ||
		    (r = number(
			 &m->bias[rule], pc_yaml_get(v, "bias"), file, "bias")))
			return r;
		if (m->threshold[rule] <= 0 || m->threshold[rule] >= 1)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.rules.%s.threshold: expected a probability between 0 and 1",
			    file, v->line, k->scalar);
		m->has[rule] = true;
	}
	return 0;
}

/* Reads `window:` (sentences, 0 to PC_THREATS_WINDOW_MAX). */
static int
load_window(
    struct pc_threats_model *m, const struct pc_yaml_node *v, const char *file)
{
	double w;
	int r;

	if ((r = number(&w, v, file, "model.window")) != 0)
		return r;
	if (w < 0 || w > PC_THREATS_WINDOW_MAX || w != (double)(size_t)w)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.window: expected 0 to %d sentences", file,
		    v->line, PC_THREATS_WINDOW_MAX);
	m->window = (size_t)w;
	return 0;
}

/* Reads `kinds:` (a list of feature kinds) and `prefix:` (letters). */
static int
load_kinds(struct pc_threats_model *m, const struct pc_yaml_node *node,
    const char *file)
{
	const struct pc_yaml_node *v = pc_yaml_get(node, "kinds"), *k;
	double p;
	size_t i, j;
	int r;

	if (v == NULL) { /* models before kinds: words, pairs and sets */
		m->kinds = KIND_WORD | KIND_PAIR | KIND_SET;
		return 0;
	}
	if (v->type != PC_YAML_SEQ || v->nitems == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.kinds: expected a list of feature kinds (word, pair, set, set_pair, prefix)",
		    file, v->line);
	for (i = 0; i < v->nitems; i++) {
		k = v->items[i];
		for (j = 0; j < NKINDS &&
		     (k->type != PC_YAML_SCALAR ||
			 strcmp(k->scalar, kind_names[j]));
		     j++)
			;
		if (j == NKINDS)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.kinds: '%s': unknown feature kind; expected word, pair, set, set_pair or prefix (a model from a newer trainer: update portcullis)",
			    file, k->line, k->scalar ? k->scalar : "");
		m->kinds |= 1u << j;
	}
	if (!(m->kinds & KIND_PREFIX))
		return 0;
	if ((r = number(
		 &p, pc_yaml_get(node, "prefix"), file, "model.prefix")) != 0)
		return r;
	if (p < 1 || p > PREFIX_MAX || p != (double)(size_t)p)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.prefix: expected 1 to %d letters", file,
		    pc_yaml_get(node, "prefix")->line, PREFIX_MAX);
	m->prefix = (size_t)p;
	return 0;
}

/* Letters (UTF-8 code points) of s. */
static size_t
letters(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The kind of a feature key, or 0 when no kind makes it: "a b" a pair
 * (of two words, or of two "@set"s), "@set", "word~" a prefix of the
 * model's length, else a word. */
static unsigned
key_kind(const struct pc_threats_model *m, const char *k)
{
	const char *sp = strchr(k, ' '), *t;
	size_t n;

	if (sp != NULL) {
		t = sp + 1;
		if (sp == k || *t == '\0' || strchr(t, ' ') ||
		    (k[0] == '@') != (t[0] == '@'))
			return 0;
		return k[0] == '@' ? KIND_SET_PAIR : KIND_PAIR;
	}
	if (k[0] == '@')
		return k[1] ? KIND_SET : 0;
	n = strlen(k);
	if (n > 1 && k[n - 1] == '~')
		return letters(k) == m->prefix + 1 ? KIND_PREFIX : 0;
	return KIND_WORD;
}

/* Whether the key is a feature of a kind the model lists. */
static int
check_key(
    const struct pc_threats_model *m, const char *k, int line, const char *file)
{
	unsigned kind = key_kind(m, k);
	size_t j;

	if (kind == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.features: '%s' is no feature: expected a word, two words, '@set', '@set @set' or a prefix of model.prefix letters and '~'",
		    file, line, k);
	for (j = 0; (1u << j) != kind; j++)
		;
	if (!(m->kinds & kind))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.features: '%s' is a %s feature, and model.kinds does not list %s",
		    file, line, k, kind_names[j], kind_names[j]);
	return 0;
}

/* Adds feature i to the table. */
static void
place(struct pc_threats_model *m, size_t i)
{
	size_t s;

	m->h[i] = hash(m->keys[i]);
	for (s = m->h[i] & (m->cap - 1); m->slot[s]; s = (s + 1) & (m->cap - 1))
		;
	m->slot[s] = (int)i + 1;
}

/* Reads one `features:` entry: "key": [w_threat, w_abuse]. */
static int
load_feature(struct pc_threats_model *m, size_t i, const struct pc_yaml_node *k,
    const struct pc_yaml_node *v, const char *file)
{
	static const int order[] = { PC_THR_THREAT, PC_THR_ABUSE };
	size_t j;
	int r;

	if (k->scalar == NULL || k->scalar[0] == '\0' ||
	    strlen(k->scalar) >= PAIR_MAX)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.features: a feature must be one or two words",
		    file, k->line);
	if ((r = check_key(m, k->scalar, k->line, file)) != 0)
		return r;
	if (v->type != PC_YAML_SEQ || v->nitems != 2)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.features.%s: expected [threat weight, abuse weight]",
		    file, v->line, k->scalar);
	for (j = 0; j < 2; j++)
		if ((r = number(&m->w[i * PC_THR_NRULES + (size_t)order[j]],
			 v->items[j], file, "weight")) != 0)
			return r;
	if ((m->keys[i] = strdup(k->scalar)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	m->n = i + 1;
	place(m, i);
	return 0;
}

/* Whether every key of `model:` is one the loader reads. */
static int
known_keys(const struct pc_yaml_node *node, const char *file)
{
	static const char *const keys[] = { "window", "kinds", "prefix",
		"rules", "features" };
	const struct pc_yaml_node *k;
	size_t i, j;

	for (i = 0; i + 1 < node->nitems; i += 2) {
		k = node->items[i];
		for (j = 0; j < 5 &&
		     (k->scalar == NULL || strcmp(k->scalar, keys[j]) != 0);
		     j++)
			;
		if (j == 5)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model: '%s': unknown key; expected window, kinds, prefix, rules or features",
			    file, k->line, k->scalar ? k->scalar : "");
	}
	return 0;
}

/* Parses a lexicon file's `model:` map. */
int
pc_threats_model_load(struct pc_threats_model **out,
    const struct pc_yaml_node *node, const char *file)
{
	const struct pc_yaml_node *feats;
	struct pc_threats_model *m;
	size_t i, n;
	int r;

	*out = NULL;
	if (node->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model: expected a map with rules and features",
		    file, node->line);
	feats = pc_yaml_get(node, "features");
	if (feats == NULL || feats->type != PC_YAML_MAP || feats->nitems == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.features: expected a map of word to weights",
		    file, feats ? feats->line : node->line);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	n = feats->nitems / 2;
	for (m->cap = 16; m->cap < 2 * n; m->cap *= 2)
		;
	if ((m->file = strdup(file)) == NULL ||
	    (m->keys = calloc(n, sizeof(*m->keys))) == NULL ||
	    (m->w = calloc(n * PC_THR_NRULES, sizeof(*m->w))) == NULL ||
	    (m->slot = calloc(m->cap, sizeof(*m->slot))) == NULL ||
	    (m->h = calloc(n, sizeof(*m->h))) == NULL) {
		pc_threats_model_free(m);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	r = known_keys(node, file);
	if (r == 0)
		r = load_rules(m, pc_yaml_get(node, "rules"), file);
	if (r == 0)
		r = load_kinds(m, node, file);
	if (r == 0 && pc_yaml_get(node, "window") != NULL)
		r = load_window(m, pc_yaml_get(node, "window"), file);
	for (i = 0; r == 0 && i < n; i++)
		r = load_feature(
		    m, i, feats->items[2 * i], feats->items[2 * i + 1], file);
	if (r != 0) {
		pc_threats_model_free(m);
		return r;
	}
	*out = m;
	return 0;
}

/* Frees a model. */
void
pc_threats_model_free(struct pc_threats_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->file);
	free(m->w);
	free(m->slot);
	free(m->h);
	free(m->set_feature);
	free(m->set_pair);
	free(m);
}

/* The set "@name" (its first len bytes) names, or -1. */
static int
set_of(const struct pc_threats_lexicon *lex, const char *at, size_t len)
{
	char name[PAIR_MAX];

	if (len < 2 || len > sizeof(name))
		return -1;
	memcpy(name, at + 1, len - 1);
	name[len - 1] = '\0';
	return pc_threats_lex_set(lex, name);
}

/* Binds feature i, when it is "@a" or "@a @b", to the sets it names. */
static int
bind_sets(
    struct pc_threats_model *m, const struct pc_threats_lexicon *lex, size_t i)
{
	const char *k = m->keys[i], *sp = strchr(k, ' ');
	int a, b = 0;

	if (k[0] != '@')
		return 0;
	a = set_of(lex, k, sp ? (size_t)(sp - k) : strlen(k));
	if (sp != NULL)
		b = set_of(lex, sp + 1, strlen(sp + 1));
	if (a < 0 || b < 0 || (sp != NULL && a >= b))
		return pc_error_set(PC_ECONFIG,
		    "%s: model.features: '%s' names no set of the lexicons (or two in another order): the model was trained on other lexicons; retrain it (tests/data/threats/train_model.py)",
		    m->file, k);
	if (sp == NULL)
		m->set_feature[a] = (int)i;
	else
		m->set_pair[(size_t)a * m->nsets + (size_t)b] = (int)i;
	return 0;
}

/* Whether every "@set" and "@set @set" feature names sets of the
 * lexicons (in their order); binds each set and pair to its feature. */
int
pc_threats_model_check_sets(
    struct pc_threats_model *m, const struct pc_threats_lexicon *lex)
{
	size_t i, nn;
	int r;

	if (m == NULL)
		return 0;
	for (m->nsets = 0; pc_threats_lex_set_name(lex, m->nsets); m->nsets++)
		;
	free(m->set_feature);
	free(m->set_pair);
	m->set_pair = NULL;
	nn = (m->kinds & KIND_SET_PAIR) ? m->nsets * m->nsets : 0;
	if ((m->set_feature = malloc((m->nsets + 1) * sizeof(int))) == NULL ||
	    (nn && (m->set_pair = malloc(nn * sizeof(int))) == NULL))
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < m->nsets; i++)
		m->set_feature[i] = -1;
	for (i = 0; i < nn; i++)
		m->set_pair[i] = -1;
	for (i = 0; i < m->n; i++)
		if ((r = bind_sets(m, lex, i)) != 0)
			return r;
	return 0;
}

/* Appends f to a list. */
static int
push(struct pc_threats_flist *l, int f)
{
	int *nv;

	if (l->n == l->cap) {
		if ((nv = realloc(l->v,
			 (l->cap ? 2 * l->cap : 64) * sizeof(*nv))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		l->v = nv;
		l->cap = l->cap ? 2 * l->cap : 64;
	}
	l->v[l->n++] = f;
	return 0;
}

/* Scratch for a model's features. */
int
pc_threats_mscore_init(
    struct pc_threats_mscore *s, const struct pc_threats_model *m)
{
	memset(s, 0, sizeof(*s));
	if (m == NULL)
		return 0;
	if ((s->mark = calloc(m->n ? m->n : 1, 1)) == NULL ||
	    (s->stamp = calloc(m->n ? m->n : 1, sizeof(*s->stamp))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	pc_threats_mscore_reset(s);
	return 0;
}

/* Forgets the features of the last message. */
void
pc_threats_mscore_reset(struct pc_threats_mscore *s)
{
	size_t i;

	for (i = 0; i < s->seen.n; i++)
		s->mark[s->seen.v[i]] = 0;
	s->seen.n = 0;
	s->nsent = 0;
	for (i = 0; i < PC_THR_NRULES; i++) {
		s->best_p[i] = -1;
		s->best[i].n = 0;
	}
}

/* Frees the scratch. */
void
pc_threats_mscore_free(struct pc_threats_mscore *s)
{
	size_t i;

	free(s->mark);
	free(s->stamp);
	free(s->seen.v);
	free(s->tmp.v);
	for (i = 0; i < PC_THREATS_WINDOW_MAX; i++)
		free(s->ring[i].v);
	for (i = 0; i < PC_THR_NRULES; i++)
		free(s->best[i].v);
	memset(s, 0, sizeof(*s));
}

/* Notes feature f (-1: unknown) of the current sentence. */
static int
mark(const struct pc_threats_model *m, struct pc_threats_mscore *s, int f)
{
	int r;

	if (f < 0)
		return 0;
	if (m->window > 0 && s->nsent > 0 &&
	    (r = push(&s->ring[(s->nsent - 1) % m->window], f)) != 0)
		return r;
	if (s->mark[f])
		return 0;
	s->mark[f] = 1;
	return push(&s->seen, f);
}

/* The probability of the distinct features v[0..n) for rule r. */
static double
prob(const struct pc_threats_model *m, enum pc_threats_rule r, const int *v,
    size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += m->w[(size_t)v[i] * PC_THR_NRULES + r];
	return 1.0 / (1.0 + exp(-(m->bias[r] + sum / sqrt((double)n))));
}

/* Keeps tmp's features as rule r's best window (copied: tmp is reused). */
static int
keep_best(struct pc_threats_mscore *s, size_t r, double p)
{
	size_t i;
	int e;

	s->best_p[r] = p;
	s->best[r].n = 0;
	for (i = 0; i < s->tmp.n; i++)
		if ((e = push(&s->best[r], s->tmp.v[i])) != 0)
			return e;
	return 0;
}

/* Judges the window of the last m->window sentences, keeping each rule's
 * best one. */
static int
judge_window(const struct pc_threats_model *m, struct pc_threats_mscore *s)
{
	size_t k, i, r;
	double p;
	int f, e;

	if (m->window == 0 || s->nsent < m->window)
		return 0;
	if (++s->epoch == 0) { /* wrapped: forget every stamp */
		memset(s->stamp, 0, (m->n ? m->n : 1) * sizeof(*s->stamp));
		s->epoch = 1;
	}
	s->tmp.n = 0;
	for (k = 0; k < m->window; k++)
		for (i = 0; i < s->ring[k].n; i++) {
			f = s->ring[k].v[i];
			if (s->stamp[f] == s->epoch)
				continue;
			s->stamp[f] = s->epoch;
			if ((e = push(&s->tmp, f)) != 0)
				return e;
		}
	for (r = 0; r < PC_THR_NRULES && s->tmp.n > 0; r++)
		if (m->has[r] &&
		    (p = prob(m, (enum pc_threats_rule)r, s->tmp.v, s->tmp.n)) >
			s->best_p[r] &&
		    (e = keep_best(s, r, p)) != 0)
			return e;
	return 0;
}

/* The prefix feature of a word ("threa~" for the model's 5 letters of
 * "threatening"), or -1 (a word of `prefix` letters or fewer has none). */
static int
find_prefix(const struct pc_threats_model *m, const char *w)
{
	char key[PC_THREATS_WORD_MAX + 2];
	size_t i, n = 0;

	for (i = 0; w[i] && i < PC_THREATS_WORD_MAX; i++)
		if (((unsigned char)w[i] & 0xC0) != 0x80 && n++ == m->prefix)
			break; /* i: the first byte past the prefix */
	if (n <= m->prefix)
		return -1;
	memcpy(key, w, i);
	key[i] = '~';
	key[i + 1] = '\0';
	return find(m, key);
}

/* Notes the features of one sentence's words: words, word pairs and
 * prefixes, as the model's kinds say. */
int
pc_threats_model_add(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_token *t, size_t n)
{
	const char *prev = NULL;
	size_t i;
	int r = 0;

	if (m == NULL)
		return 0;
	/* the previous sentence is complete: judge the window it ends */
	if (s->nsent > 0 && (r = judge_window(m, s)) != 0)
		return r;
	if (m->window > 0)
		s->ring[s->nsent % m->window].n = 0;
	s->nsent++;
	/* a word with an empty key (an emoji's variation selector) is no
	 * word: the pair joins the words either side, as the trainer reads
	 * threats_words' output */
	for (i = 0; i < n && r == 0; i++) {
		if (t[i].key[0] == '\0')
			continue;
		if ((m->kinds & KIND_WORD) &&
		    (r = mark(m, s, find2(m, t[i].key, NULL))) != 0)
			break;
		if ((m->kinds & KIND_PAIR) && prev != NULL &&
		    (r = mark(m, s, find2(m, prev, t[i].key))) != 0)
			break;
		if (m->kinds & KIND_PREFIX)
			r = mark(m, s, find_prefix(m, t[i].key));
		prev = t[i].key;
	}
	return r;
}

/* Notes a sentence's matched sets as "@set" features (after its words). */
int
pc_threats_model_add_sets(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_lexicon *lex,
    const struct pc_threats_sentence *sent)
{
	size_t a, b;
	const int *row;
	int r;

	(void)lex; /* the sets were bound by pc_threats_model_check_sets */
	for (a = 0; m != NULL && m->set_feature && a < m->nsets; a++) {
		if (!pc_threats_any(sent, (int)a))
			continue;
		if (m->set_feature[a] >= 0 &&
		    (r = mark(m, s, m->set_feature[a])) != 0)
			return r;
		/* "@a @b": a before b in the lexicons' order */
		row = m->set_pair ? m->set_pair + a * m->nsets : NULL;
		for (b = a + 1; row && b < m->nsets; b++)
			if (row[b] >= 0 && pc_threats_any(sent, (int)b) &&
			    (r = mark(m, s, row[b])) != 0)
				return r;
	}
	return 0;
}

/* Ends a message: its last window. */
int
pc_threats_model_finish(
    const struct pc_threats_model *m, struct pc_threats_mscore *s)
{
	return m != NULL && s->nsent > 0 ? judge_window(m, s) : 0;
}

/* Writes the strongest positive features of v[0..n) for rule r. */
static void
explain(const struct pc_threats_model *m, enum pc_threats_rule r, const int *v,
    size_t n, double p, char *why, size_t cap)
{
	int top[WHY_FEATURES];
	size_t i, k, ntop = 0, o;
	double w;

	for (i = 0; i < n; i++) {
		w = m->w[(size_t)v[i] * PC_THR_NRULES + r];
		if (w <= 0)
			continue;
		/* insert, largest first, keeping WHY_FEATURES */
		for (k = ntop;
		     k > 0 && m->w[(size_t)top[k - 1] * PC_THR_NRULES + r] < w;
		     k--)
			if (k < WHY_FEATURES)
				top[k] = top[k - 1];
		if (k < WHY_FEATURES) {
			top[k] = v[i];
			if (ntop < WHY_FEATURES)
				ntop++;
		}
	}
	o = (size_t)snprintf(
	    why, cap, "word model %.2f >= %.2f:", p, m->threshold[r]);
	for (k = 0; k < ntop && o < cap; k++)
		o += (size_t)snprintf(
		    why + o, cap - o, "%s '%s'", k ? "," : "", m->keys[top[k]]);
}

/* The model's probability for rule r (the whole message's or its best
 * window's), and why. */
double
pc_threats_model_score(const struct pc_threats_model *m,
    const struct pc_threats_mscore *s, enum pc_threats_rule r,
    double *threshold, char *why, size_t cap)
{
	double p;

	if (why && cap)
		why[0] = '\0';
	if (m == NULL || (int)r < 0 || r >= PC_THR_NRULES || !m->has[r] ||
	    s->seen.n == 0)
		return -1;
	*threshold = m->threshold[r];
	p = prob(m, r, s->seen.v, s->seen.n);
	if (s->best_p[r] > p) {
		if (why && cap && s->best_p[r] >= m->threshold[r])
			explain(m, r, s->best[r].v, s->best[r].n, s->best_p[r],
			    why, cap);
		return s->best_p[r];
	}
	if (why && cap && p >= m->threshold[r])
		explain(m, r, s->seen.v, s->seen.n, p, why, cap);
	return p;
}
