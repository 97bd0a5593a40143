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
	char **keys;   /* [n] feature: "word" or "word word" */
	double *w;     /* [n * PC_THR_NRULES] */
	int *slot;     /* [cap] open addressing: feature index + 1, 0 free */
	uint32_t *tag; /* [cap] the slot's key's hash (its high half): a
			* probe compares strings only when it agrees */
	size_t n, cap;
	char *file; /* where it was read, for errors */
	bool has[PC_THR_NRULES];
	double bias[PC_THR_NRULES], threshold[PC_THR_NRULES];
};

/* FNV-1a of a key. */
static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The index of feature key, or -1. */
static int
find(const struct pc_threats_model *m, const char *key)
{
	uint64_t h;
	size_t i;

	if (m->cap == 0)
		return -1;
	h = hash(key);
	for (i = h & (m->cap - 1); m->slot[i]; i = (i + 1) & (m->cap - 1))
		if (m->tag[i] == (uint32_t)(h >> 32) &&
		    strcmp(m->keys[m->slot[i] - 1], key) == 0)
			return m->slot[i] - 1;
	return -1;
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

/* Adds feature i to the table. */
static void
place(struct pc_threats_model *m, size_t i)
{
	uint64_t h = hash(m->keys[i]);
	size_t s;

	for (s = h & (m->cap - 1); m->slot[s]; s = (s + 1) & (m->cap - 1))
		;
	m->slot[s] = (int)i + 1;
	m->tag[s] = (uint32_t)(h >> 32);
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
	    (m->tag = calloc(m->cap, sizeof(*m->tag))) == NULL) {
		pc_threats_model_free(m);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	r = load_rules(m, pc_yaml_get(node, "rules"), file);
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
	free(m->tag);
	free(m);
}

/* Whether every "@set" feature names a set of the lexicons. */
int
pc_threats_model_check_sets(
    const struct pc_threats_model *m, const struct pc_threats_lexicon *lex)
{
	size_t i;

	for (i = 0; m != NULL && i < m->n; i++)
		if (m->keys[i][0] == '@' &&
		    pc_threats_lex_set(lex, m->keys[i] + 1) < 0)
			return pc_error_set(PC_ECONFIG,
			    "%s: model.features: '%s' names no set of the lexicons: the model was trained on other lexicons; retrain it (tests/data/threats/train_model.py)",
			    m->file, m->keys[i]);
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
	if ((s->mark = calloc(m->n ? m->n : 1, 1)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Forgets the features of the last message. */
void
pc_threats_mscore_reset(struct pc_threats_mscore *s)
{
	size_t i;

	for (i = 0; i < s->nseen; i++)
		s->mark[s->seen[i]] = 0;
	s->nseen = 0;
}

/* Frees the scratch. */
void
pc_threats_mscore_free(struct pc_threats_mscore *s)
{
	free(s->mark);
	free(s->seen);
	memset(s, 0, sizeof(*s));
}

/* Marks feature key when the model knows it. */
static int
mark(const struct pc_threats_model *m, struct pc_threats_mscore *s,
    const char *key)
{
	int *nv, f;

	if ((f = find(m, key)) < 0 || s->mark[f])
		return 0;
	if (s->nseen == s->cap) {
		if ((nv = realloc(s->seen,
			 (s->cap ? 2 * s->cap : 64) * sizeof(*nv))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		s->seen = nv;
		s->cap = s->cap ? 2 * s->cap : 64;
	}
	s->mark[f] = 1;
	s->seen[s->nseen++] = f;
	return 0;
}

/* Writes a, sep and b into out when they fit with the NUL (where
 * snprintf "%s%s%s" would not have cut them); false when they do not.
 * snprintf, run for every word pair, was 5% of judging a message. */
static bool
join(char *out, size_t cap, const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);

	if (la + ls + lb >= cap)
		return false;
	memcpy(out, a, la);
	memcpy(out + la, sep, ls);
	memcpy(out + la + ls, b, lb + 1);
	return true;
}

/* Notes the words and word pairs of one sentence. */
int
pc_threats_model_add(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_token *t, size_t n)
{
	char pair[PAIR_MAX];
	size_t i;
	int r;

	if (m == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if ((r = mark(m, s, t[i].key)) != 0)
			return r;
		if (i + 1 < n &&
		    join(pair, sizeof(pair), t[i].key, " ", t[i + 1].key) &&
		    (r = mark(m, s, pair)) != 0)
			return r;
	}
	return 0;
}

/* Notes a sentence's matched sets as "@set" features. */
int
pc_threats_model_add_sets(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_lexicon *lex,
    const struct pc_threats_sentence *sent)
{
	char key[PAIR_MAX];
	const char *name;
	size_t k;
	int r;

	for (k = 0; m != NULL && (name = pc_threats_lex_set_name(lex, k)); k++)
		if (pc_threats_any(sent, (int)k) &&
		    join(key, sizeof(key), "@", "", name) &&
		    (r = mark(m, s, key)) != 0)
			return r;
	return 0;
}

/* The model's probability for rule r, and why. */
double
pc_threats_model_score(const struct pc_threats_model *m,
    const struct pc_threats_mscore *s, enum pc_threats_rule r,
    double *threshold, char *why, size_t cap)
{
	int top[WHY_FEATURES];
	size_t i, k, ntop = 0, o;
	double sum = 0, w, p;

	if (why && cap)
		why[0] = '\0';
	if (m == NULL || (int)r < 0 || r >= PC_THR_NRULES || !m->has[r] ||
	    s->nseen == 0)
		return -1;
	*threshold = m->threshold[r];
	for (i = 0; i < s->nseen; i++) {
		w = m->w[(size_t)s->seen[i] * PC_THR_NRULES + r];
		sum += w;
		/* keep the strongest positive features, largest first */
		for (k = ntop;
		     k > 0 && m->w[(size_t)top[k - 1] * PC_THR_NRULES + r] < w;
		     k--)
			if (k < WHY_FEATURES)
				top[k] = top[k - 1];
		if (k < WHY_FEATURES && w > 0) {
			top[k] = s->seen[i];
			if (ntop < WHY_FEATURES)
				ntop++;
		}
	}
	p = 1.0 / (1.0 + exp(-(m->bias[r] + sum / sqrt((double)s->nseen))));
	if (why && cap) {
		o = (size_t)snprintf(
		    why, cap, "word model %.2f >= %.2f:", p, m->threshold[r]);
		for (k = 0; k < ntop && o < cap; k++)
			o += (size_t)snprintf(why + o, cap - o, "%s '%s'",
			    k ? "," : "", m->keys[top[k]]);
	}
	return p;
}
