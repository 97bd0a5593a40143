/* The word model's loader: a lexicon file's `model:` map (rules, kinds,
 * window, features), checked against the lexicons' sets. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "model_int.h"

static const char *const kind_names[] = { "word", "pair", "set", "set_pair",
	"prefix", "skip" };
#define NKINDS (sizeof(kind_names) / sizeof(kind_names[0]))

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
		if (rule != PC_THR_THREAT && rule != PC_THR_ABUSE &&
		    rule != PC_THR_LIFE)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.rules: '%s': expected threat, abuse or threat_to_life",
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
		if (pc_yaml_get(v, "threshold_long") != NULL &&
		    ((r = number(&m->threshold_long[rule],
			  pc_yaml_get(v, "threshold_long"), file,
			  "threshold_long")) != 0))
			return r;
		if (m->threshold_long[rule] < 0 || m->threshold_long[rule] >= 1)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.rules.%s.threshold_long: expected a probability between 0 and 1",
			    file, v->line, k->scalar);
		m->has[rule] = true;
	}
	return 0;
}

/* A whole number of sentences, 0 to max, from a scalar ("model.window":
 * 0 to PC_THREATS_WINDOW_MAX; "model.long_sentences": a message longer
 * than this is held to the rules' threshold_long, 0 none). */
static int
sentences(size_t *out, const struct pc_yaml_node *v, const char *file,
    const char *what, size_t max)
{
	double w;
	int r;

	if ((r = number(&w, v, file, what)) != 0)
		return r;
	if (w < 0 || w > (double)max || w != (double)(size_t)w)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: %s: expected 0 to %zu sentences", file, v->line,
		    what, max);
	*out = (size_t)w;
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
		    "%s:%d: model.kinds: expected a list of feature kinds (word, pair, set, set_pair, prefix, skip)",
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
			    "%s:%d: model.kinds: '%s': unknown feature kind; expected word, pair, set, set_pair, prefix or skip (a model from a newer trainer: update portcullis)",
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
 * (of two words, or of two "@set"s), "a _ b" a skip pair (two words with
 * one between), "@set", "word~" a prefix of the model's length, else a
 * word. */
static unsigned
key_kind(const struct pc_threats_model *m, const char *k)
{
	const char *sp = strchr(k, ' '), *t;
	size_t n;

	if (sp != NULL) {
		t = sp + 1;
		if (t[0] == '_' && t[1] == ' ' && sp != k && k[0] != '@' &&
		    t[2] != '\0' && t[2] != '@' && strchr(t + 2, ' ') == NULL)
			return KIND_SKIP;
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
		    "%s:%d: model.features: '%s' is no feature: expected a word, two words, two words around '_', '@set', '@set @set' or a prefix of model.prefix letters and '~'",
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

	m->h[i] = pc_threats_model_hash(m->keys[i]);
	for (s = m->h[i] & (m->cap - 1); m->slot[s]; s = (s + 1) & (m->cap - 1))
		;
	m->slot[s] = (int)i + 1;
}

/* Reads one `features:` entry: "key": [w_threat, w_abuse] or, with the
 * severity model, [w_threat, w_abuse, w_threat_to_life]. */
static int
load_feature(struct pc_threats_model *m, size_t i, const struct pc_yaml_node *k,
    const struct pc_yaml_node *v, const char *file)
{
	static const int order[] = { PC_THR_THREAT, PC_THR_ABUSE, PC_THR_LIFE };
	size_t j, nw = m->has[PC_THR_LIFE] ? 3 : 2;
	int r;

	if (k->scalar == NULL || k->scalar[0] == '\0' ||
	    strlen(k->scalar) >= PAIR_MAX)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: model.features: a feature must be one or two words",
		    file, k->line);
	if ((r = check_key(m, k->scalar, k->line, file)) != 0)
		return r;
	if (v->type != PC_YAML_SEQ || v->nitems != nw)
		return pc_error_set(PC_ECONFIG,
		    nw == 2
			? "%s:%d: model.features.%s: expected [threat weight, abuse weight]"
			: "%s:%d: model.features.%s: expected [threat weight, abuse weight, threat_to_life weight] (model.rules has threat_to_life)",
		    file, v->line, k->scalar);
	for (j = 0; j < nw; j++)
		if ((r = number(&m->w[i * PC_THR_NRULES + (size_t)order[j]],
			 v->items[j], file, "weight")) != 0)
			return r;
	if ((m->keys[i] = strdup(k->scalar)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	m->n = i + 1;
	place(m, i);
	return 0;
}

/* Reads `veto:` (a probability below every threshold, or 0). */
static int
load_veto(
    struct pc_threats_model *m, const struct pc_yaml_node *v, const char *file)
{
	int r, i;

	if ((r = number(&m->veto, v, file, "model.veto")) != 0)
		return r;
	for (i = 0; i < PC_THR_NRULES; i++)
		if (m->veto < 0 || (m->has[i] && m->veto >= m->threshold[i]) ||
		    (m->threshold_long[i] > 0 &&
			m->veto >= m->threshold_long[i]))
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model.veto: expected 0 or a probability below each rule's threshold",
			    file, v->line);
	return 0;
}

/* Whether every key of `model:` is one the loader reads. */
static int
known_keys(const struct pc_yaml_node *node, const char *file)
{
	static const char *const keys[] = { "window", "kinds", "prefix",
		"rules", "features", "veto", "long_sentences" };
	const size_t nkeys = sizeof(keys) / sizeof(keys[0]);
	const struct pc_yaml_node *k;
	size_t i, j;

	for (i = 0; i + 1 < node->nitems; i += 2) {
		k = node->items[i];
		for (j = 0; j < nkeys &&
		     (k->scalar == NULL || strcmp(k->scalar, keys[j]) != 0);
		     j++)
			;
		if (j == nkeys)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: model: '%s': unknown key; expected window, kinds, prefix, rules, veto, long_sentences or features",
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
		r = sentences(&m->window, pc_yaml_get(node, "window"), file,
		    "model.window", PC_THREATS_WINDOW_MAX);
	if (r == 0 && pc_yaml_get(node, "veto") != NULL)
		r = load_veto(m, pc_yaml_get(node, "veto"), file);
	if (r == 0 && pc_yaml_get(node, "long_sentences") != NULL)
		r = sentences(&m->long_sentences,
		    pc_yaml_get(node, "long_sentences"), file,
		    "model.long_sentences", 1000000);
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

/* The model's veto probability (0: none). */
double
pc_threats_model_veto(const struct pc_threats_model *m)
{
	return m ? m->veto : 0;
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
	if (m->nsets > PC_MODEL_SETS_MAX)
		return pc_error_set(PC_ECONFIG,
		    "%s: the lexicons have %zu sets; the word model reads at most %d",
		    m->file, m->nsets, PC_MODEL_SETS_MAX);
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
