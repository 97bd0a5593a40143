/* The threats rule engine: judges one message's new text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "engine.h"
#include "lexicon.h"
#include "model.h"
#include "rules.h"
#include "tokens.h"

#define CHUNK_MAX (64u << 10) /* bytes tokenised at once */

struct pc_threats_engine {
	struct pc_threats_norm *norm;
	struct pc_threats_lexicon *lex;
	struct pc_threats_sets sets;
	struct pc_threats_tokens toks;
	const struct pc_threats_model *model; /* the lexicons' word model */
	struct pc_threats_mscore ms;          /* its per-message scratch */
	char *copy; /* a chunk with a NUL after it (at most CHUNK_MAX + 1) */
	size_t copycap;
};

static const char *const rule_ids[PC_THR_NRULES] = { "threat_to_life", "threat",
	"abuse" };

/* The rule id of a rule. */
const char *
pc_threats_rule_id(enum pc_threats_rule r)
{
	return (int)r >= 0 && r < PC_THR_NRULES ? rule_ids[r] : "unknown";
}

/* The rule named id, or -1. */
int
pc_threats_rule_parse(const char *id)
{
	int i;

	for (i = 0; i < PC_THR_NRULES; i++)
		if (strcmp(rule_ids[i], id) == 0)
			return i;
	return -1;
}

/* Loads the lexicons and the target names. */
int
pc_threats_engine_new(struct pc_threats_engine **out,
    const char *const *lexicons, size_t nlexicons, const char *const *names,
    size_t nnames)
{
	const struct pc_threats_pattern *p;
	struct pc_threats_engine *e;
	size_t i, np;
	int r;

	*out = NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_threats_norm_new(&e->norm)) != 0 ||
	    (r = pc_threats_lex_load(
		 &e->lex, e->norm, lexicons, nlexicons, names, nnames)) != 0 ||
	    (r = pc_threats_sets_init(&e->sets, e->lex)) != 0)
		goto fail;
	e->model = pc_threats_lex_model(e->lex);
	if ((r = pc_threats_mscore_init(&e->ms, e->model)) != 0)
		goto fail;
	pc_threats_lex_set_mcache(e->lex, e->ms.cache);
	p = pc_threats_lex_patterns(e->lex, &np);
	for (i = 0; i < np; i++)
		if (pc_threats_rule_parse(p[i].rule) < 0) {
			r = pc_error_set(PC_ECONFIG,
			    "threats lexicons: patterns: rule '%s' is not one of threat_to_life, threat, abuse",
			    p[i].rule);
			goto fail;
		}
	*out = e;
	return 0;
fail:
	pc_threats_engine_free(e);
	return r;
}

/* Frees the engine. */
void
pc_threats_engine_free(struct pc_threats_engine *e)
{
	if (e == NULL)
		return;
	pc_threats_tokens_free(&e->toks);
	free(e->copy);
	pc_threats_mscore_free(&e->ms);
	pc_threats_lex_free(e->lex);
	pc_threats_norm_free(e->norm);
	free(e);
}

/* Where to cut a long text: after a blank line or a sentence end in the
 * second half of the chunk, else at a space, else at the limit. */
static size_t
chunk_end(const char *t, size_t len)
{
	size_t i;

	if (len <= CHUNK_MAX)
		return len;
	for (i = CHUNK_MAX; i > CHUNK_MAX / 2; i--)
		if (t[i - 1] == '\n' && t[i - 2] == '\n')
			return i;
	for (i = CHUNK_MAX; i > CHUNK_MAX / 2; i--)
		if ((t[i - 1] == ' ' || t[i - 1] == '\n') &&
		    (t[i - 2] == '.' || t[i - 2] == '!' || t[i - 2] == '?'))
			return i;
	for (i = CHUNK_MAX; i > CHUNK_MAX / 2; i--)
		if (t[i - 1] == ' ' || t[i - 1] == '\n')
			return i;
	for (i = CHUNK_MAX; i > CHUNK_MAX - 4; i--)
		if (((unsigned char)t[i] & 0xC0) != 0x80)
			return i; /* not inside a UTF-8 character */
	return CHUNK_MAX;
}

/* What each_sentence() calls for each sentence: its words toks[0..n),
 * their set matches m, and text, the chunk the words' offsets point into
 * (NUL-terminated). */
typedef int (*sentence_fn)(struct pc_threats_engine *e, const char *text,
    const struct pc_threats_token *toks, size_t n,
    const struct pc_threats_sentence *m, void *arg);

/* Reads text in bounded chunks cut at sentence ends, and calls fn with
 * each sentence's words and matches (judging and train_model.py's words
 * both walk a text this way). */
static int
each_sentence(struct pc_threats_engine *e, const char *text, size_t len,
    sentence_fn fn, void *arg)
{
	struct pc_threats_sentence m;
	char *copy;
	size_t off = 0, n, a, b;
	int r = 0;

	while (off < len && r == 0) {
		n = chunk_end(text + off, len - off);
		/* rules read one byte past a word (a colon after it): keep a
		 * NUL (in a buffer kept between messages) */
		if (n + 1 > e->copycap) {
			if ((copy = realloc(e->copy, n + 1)) == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			e->copy = copy;
			e->copycap = n + 1;
		}
		copy = e->copy;
		memcpy(copy, text + off, n);
		copy[n] = '\0';
		r = pc_threats_tokenise(&e->toks, e->norm, copy, n,
		    pc_threats_lex_known, pc_threats_lex_emoji, e->lex);
		for (a = 0; r == 0 && a < e->toks.n; a = b) {
			for (b = a; b < e->toks.n &&
			     e->toks.v[b].sentence == e->toks.v[a].sentence;
			     b++)
				;
			if ((r = pc_threats_lex_match(
				 &m, e->lex, e->toks.v + a, b - a)) != 0)
				break;
			r = fn(e, copy, e->toks.v + a, b - a, &m, arg);
			pc_threats_sentence_free(&m);
		}
		off += n;
	}
	return r;
}

/* A message being judged: its verdict and the rules' state across its
 * sentences. */
struct pc_threats_judging {
	struct pc_threats_verdict *v;
	struct pc_threats_msgstate st;
};

/* Judges one sentence: the word model's features, then the rules. */
static int
judge_sentence(struct pc_threats_engine *e, const char *text,
    const struct pc_threats_token *toks, size_t n,
    const struct pc_threats_sentence *m, void *arg)
{
	struct pc_threats_judging *j = arg;
	int r;

	if ((r = pc_threats_model_add(e->model, &e->ms, toks, n, m->mw)) != 0 ||
	    (r = pc_threats_model_add_sets(e->model, &e->ms, e->lex, m)) != 0)
		return r;
	pc_threats_rules_sentence(e->lex, &e->sets, m, text, j->v, &j->st);
	return 0;
}

/* The word model's veto, after the rules: where it finds a message
 * plainly benign (threat and abuse both below model.veto), the rules'
 * threat and abuse hits fall. Fresh rounds showed most of the rules' false
 * alarms there (a veiled phrase or a harm word met in ordinary casework)
 * and few threats. No veto without a model or without a known feature. */
static void
veto(struct pc_threats_engine *e, struct pc_threats_verdict *v)
{
	double vt = pc_threats_model_veto(e->model), th;
	double pt = -1, pa = -1;

	if (vt <= 0 ||
	    !(v->hit[PC_THR_LIFE] || v->hit[PC_THR_THREAT] ||
		v->hit[PC_THR_ABUSE]))
		return;
	pt = pc_threats_model_score(
	    e->model, &e->ms, PC_THR_THREAT, &th, NULL, 0);
	pa = pc_threats_model_score(
	    e->model, &e->ms, PC_THR_ABUSE, &th, NULL, 0);
	if ((pt < 0 && pa < 0) || pt >= vt || pa >= vt)
		return;
	v->hit[PC_THR_LIFE] = v->hit[PC_THR_THREAT] = v->hit[PC_THR_ABUSE] =
	    false;
}

/* The word model's second opinion, after the rules: a threat or abusive
 * message the rules missed. Not where the rules found reported speech
 * (the writer is the victim); a threat with a death or weapon word the
 * rules saw is a threat to life. */
static void
second_opinion(struct pc_threats_engine *e, struct pc_threats_verdict *v,
    const struct pc_threats_msgstate *st)
{
	char why[PC_THREATS_WHY_MAX];
	double th = 1;
	bool threat = v->hit[PC_THR_LIFE] || v->hit[PC_THR_THREAT];
	int r;

	/* nor where the writer speaks of harming themselves (rules.c,
	 * self_harm): a welfare concern, not a threat */
	if (e->model == NULL || v->casework || v->welfare)
		return;
	if (!threat &&
	    pc_threats_model_score(
		e->model, &e->ms, PC_THR_THREAT, &th, why, sizeof(why)) >= th) {
		r = st->life_term ? PC_THR_LIFE : PC_THR_THREAT;
		v->hit[r] = true;
		v->model_only = true;
		snprintf(v->why[r], sizeof(v->why[r]), "%s", why);
		threat = true;
	}
	th = 1;
	if (!threat && !v->hit[PC_THR_ABUSE] &&
	    pc_threats_model_score(
		e->model, &e->ms, PC_THR_ABUSE, &th, why, sizeof(why)) >= th) {
		v->hit[PC_THR_ABUSE] = true;
		snprintf(v->why[PC_THR_ABUSE], sizeof(v->why[PC_THR_ABUSE]),
		    "%s", why);
	}
}

/* The severity model's opinion on a threat found without a death or
 * weapon word the rules saw ("the quarry road is a long way down for a
 * little girl"): one it scores as threatening life goes to the police
 * as a threat to life. It only raises a threat's severity. */
static void
severity(struct pc_threats_engine *e, struct pc_threats_verdict *v)
{
	double th = 1, p;

	if (e->model == NULL || !v->hit[PC_THR_THREAT] || v->hit[PC_THR_LIFE])
		return;
	p = pc_threats_model_score(e->model, &e->ms, PC_THR_LIFE, &th, NULL, 0);
	if (p < th)
		return;
	snprintf(v->why[PC_THR_LIFE], sizeof(v->why[PC_THR_LIFE]),
	    "%.*s; word model %.2f >= %.2f that it threatens life",
	    (int)(sizeof(v->why[PC_THR_LIFE]) - 64), v->why[PC_THR_THREAT], p,
	    th);
	v->hit[PC_THR_LIFE] = true;
	v->hit[PC_THR_THREAT] = false;
	v->why[PC_THR_THREAT][0] = '\0';
}

/* Judges a message's new text. */
int
pc_threats_judge(struct pc_threats_engine *e, const char *text, size_t len,
    struct pc_threats_verdict *v)
{
	struct pc_threats_judging j = { .v = v };
	int r;

	memset(v, 0, sizeof(*v));
	pc_threats_mscore_reset(&e->ms);
	r = each_sentence(e, text, len, judge_sentence, &j);
	if (r == 0)
		r = pc_threats_model_finish(e->model, &e->ms);
	if (r == 0) {
		pc_threats_rules_finish(v, &j.st);
		veto(e, v);
		second_opinion(e, v, &j.st);
		severity(e, v);
	}
	return r;
}

/* train_model.py's words: the callback and the sentences so far. */
struct words_walk {
	void (*fn)(void *, const char *, size_t);
	void *arg;
	size_t sentence;
};

/* Gives one sentence's words, then "@set" for each set matched in it. */
static int
words_sentence(struct pc_threats_engine *e, const char *text,
    const struct pc_threats_token *toks, size_t n,
    const struct pc_threats_sentence *m, void *arg)
{
	struct words_walk *w = arg;
	char key[80];
	const char *name;
	size_t i, k;

	(void)text;
	for (i = 0; i < n; i++)
		w->fn(w->arg, toks[i].key, w->sentence);
	for (k = 0; (name = pc_threats_lex_set_name(e->lex, k)); k++)
		if (pc_threats_any(m, (int)k)) {
			snprintf(key, sizeof(key), "@%s", name);
			w->fn(w->arg, key, w->sentence);
		}
	w->sentence++;
	return 0;
}

/* Calls fn with each word's normalised key and sentence number (for
 * train_model.py: the model learns the words as the engine reads them). */
int
pc_threats_engine_words(struct pc_threats_engine *e, const char *text,
    size_t len, void (*fn)(void *, const char *, size_t), void *arg)
{
	struct words_walk w = { .fn = fn, .arg = arg };

	return each_sentence(e, text, len, words_sentence, &w);
}

/* The word model's probability for rule r on the last text judged. */
double
pc_threats_engine_model_p(struct pc_threats_engine *e, enum pc_threats_rule r)
{
	double th;

	return pc_threats_model_score(e->model, &e->ms, r, &th, NULL, 0);
}
