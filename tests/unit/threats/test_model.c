/* The word model (checks/threats/model.c): loading, scoring, and its
 * second opinion after the rules. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/threats/engine.h"

#define RULES                                                                  \
	"policies/lexicons/threats-words.yaml",                                \
	    "policies/lexicons/threats-veiled.yaml",                           \
	    "policies/lexicons/threats-allow.yaml",                            \
	    "policies/lexicons/threats-abuse.yaml"

static char model_path[64];

/* Writes a model file; returns its path. */
static const char *
write_model(const char *yaml)
{
	FILE *f;
	int fd;

	snprintf(model_path, sizeof(model_path), "/tmp/pc-model-XXXXXX");
	fd = mkstemp(model_path);
	cr_assert(fd >= 0);
	f = fdopen(fd, "w");
	cr_assert_not_null(f);
	fputs(yaml, f);
	fclose(f);
	return model_path;
}

/* An engine of the shipped rules and the model yaml; the load's result. */
static int
engine(struct pc_threats_engine **e, const char *yaml)
{
	const char *lex[] = { RULES, write_model(yaml) };
	int r = pc_threats_engine_new(e, lex, 5, NULL, 0);

	unlink(model_path);
	return r;
}

/* A model that knows "pineapple" (a threat word to it) and "turnip" (an
 * abuse word); every other word is unknown. */
/* A model file that must be refused, and what the error says. */
struct refusal {
	const char *yaml, *says;
};

/* Each model is refused with its error, naming the file. */
static void
refused(const struct refusal *bad, size_t n)
{
	struct pc_threats_engine *e;
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_neq(engine(&e, bad[i].yaml), 0, "case %zu", i);
		cr_assert(strstr(pc_error_get(), bad[i].says), "case %zu: %s",
		    i, pc_error_get());
		cr_assert(strstr(pc_error_get(), "/tmp/pc-model-"),
		    "names the file: %s", pc_error_get());
	}
}

static const char toy[] = "lexicon: toy\n"
			  "version: 1\n"
			  "model:\n"
			  "  rules:\n"
			  "    threat: {threshold: 0.8, bias: -2}\n"
			  "    abuse: {threshold: 0.8, bias: -2}\n"
			  "  features:\n"
			  "    \"pineapple\": [6, 0]\n"
			  "    \"turnip\": [0, 6]\n"
			  "    \"the\": [0, 0]\n"
			  "    \"@reported\": [-1, 0]\n";

Test(model, second_opinion_flags_what_the_rules_miss)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	const char *t;

	cr_assert_eq(engine(&e, toy), 0, "%s", pc_error_get());
	t = "Pineapple season is coming";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_THREAT]);
	cr_assert(strstr(v.why[PC_THR_THREAT], "word model"));
	cr_assert(strstr(v.why[PC_THR_THREAT], "'pineapple'"));
	/* one known feature of weight 6: sigmoid(-2 + 6) = 0.98; with
	 * "the" also known, sigmoid(-2 + 6/sqrt(2)) = 0.90: still over */
	t = "The pineapple";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_THREAT]);
	t = "A turnip";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_ABUSE]);
	cr_assert_not(v.hit[PC_THR_THREAT]);
	/* nothing the model knows: no opinion */
	t = "Please fix the potholes";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert_not(
	    v.hit[PC_THR_THREAT] || v.hit[PC_THR_ABUSE] || v.hit[PC_THR_LIFE]);
	pc_threats_engine_free(e);
}

Test(model, a_death_word_makes_it_a_threat_to_life)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	const char *t = "Pineapple. A coffin.";

	cr_assert_eq(engine(&e, toy), 0, "%s", pc_error_get());
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_LIFE]);
	pc_threats_engine_free(e);
}

/* The toy model with the severity model: "quarry" threatens life. */
static const char severe[] = "lexicon: toy\n"
			     "version: 1\n"
			     "model:\n"
			     "  rules:\n"
			     "    threat: {threshold: 0.8, bias: -2}\n"
			     "    abuse: {threshold: 0.8, bias: -2}\n"
			     "    threat_to_life: {threshold: 0.5, bias: -2}\n"
			     "  features:\n"
			     "    \"pineapple\": [6, 0, 0]\n"
			     "    \"quarry\": [0, 0, 6]\n"
			     "    \"the\": [0, 0, 0]\n";

Test(model, the_severity_model_sends_a_threat_to_the_police)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	const char *t;

	cr_assert_eq(engine(&e, severe), 0, "%s", pc_error_get());
	/* a threat the model found: "quarry" makes it one to life */
	t = "Pineapple. The quarry road.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_LIFE]);
	cr_assert_not(v.hit[PC_THR_THREAT]);
	cr_assert(strstr(v.why[PC_THR_LIFE], "'pineapple'"), "%s",
	    v.why[PC_THR_LIFE]);
	cr_assert(strstr(v.why[PC_THR_LIFE], "that it threatens life"), "%s",
	    v.why[PC_THR_LIFE]);
	/* a threat the rules found, raised the same way */
	t = "I will smash your windows. The quarry.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_LIFE], "%s", v.why[PC_THR_THREAT]);
	cr_assert(
	    strstr(v.why[PC_THR_LIFE], "smash"), "%s", v.why[PC_THR_LIFE]);
	/* it only raises: a threat without it stays a threat, and a benign
	 * message with it stays benign */
	t = "I will smash your windows.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_THREAT]);
	cr_assert_not(v.hit[PC_THR_LIFE]);
	t = "The quarry road is closed for repairs.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert_not(
	    v.hit[PC_THR_THREAT] || v.hit[PC_THR_LIFE] || v.hit[PC_THR_ABUSE]);
	pc_threats_engine_free(e);
}

Test(model, reported_speech_keeps_the_model_quiet)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	const char *t =
	    "My neighbour said he would kill her. Pineapple pineapple.";

	cr_assert_eq(engine(&e, toy), 0, "%s", pc_error_get());
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.casework);
	cr_assert_not(v.hit[PC_THR_THREAT] || v.hit[PC_THR_LIFE]);
	pc_threats_engine_free(e);
}

Test(model, bad_models_are_refused_with_file_and_line)
{
	static const struct refusal bad[] = {
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 1.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "probability between 0 and 1" },
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 0.5, bias: zero}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "'zero' is not a number" },
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1]\n",
		    "expected [threat weight, abuse weight]" },
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n    \"a\": [2, 0]\n",
		    "given twice" }, /* the YAML reader refuses it */
		{ "lexicon: x\nmodel:\n  rules:\n    doxxing: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "expected threat, abuse or threat_to_life" },
		/* with the severity model, each feature has its weight */
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "    threat_to_life: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "threat_to_life weight] (model.rules has threat_to_life)" },
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"@no_such_set\": [1, 0]\n",
		    "retrain it" },
	};
	refused(bad, sizeof(bad) / sizeof(bad[0]));
}

Test(model, the_shipped_model_loads_with_the_shipped_lexicons)
{
	const char *lex[] = { RULES, "policies/lexicons/threats-model.yaml" };
	struct pc_threats_engine *e;

	cr_assert_eq(pc_threats_engine_new(&e, lex, 5, NULL, 0), 0, "%s",
	    pc_error_get());
	pc_threats_engine_free(e);
}

/* A model of the newer kinds: two sets in one sentence, word prefixes. */
static const char kinds[] = "lexicon: toy\n"
			    "version: 1\n"
			    "model:\n"
			    "  kinds: [set_pair, prefix]\n"
			    "  prefix: 4\n"
			    "  rules:\n"
			    "    threat: {threshold: 0.99, bias: -2}\n"
			    "    abuse: {threshold: 0.99, bias: -2}\n"
			    "  features:\n"
			    "    \"@intent @target\": [6, 0]\n"
			    "    \"pine~\": [0, 6]\n";

/* The model's probabilities for text. */
static void
model_p(
    struct pc_threats_engine *e, const char *t, double *threat, double *abuse)
{
	struct pc_threats_verdict v;

	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	*threat = pc_threats_engine_model_p(e, PC_THR_THREAT);
	*abuse = pc_threats_engine_model_p(e, PC_THR_ABUSE);
}

Test(model, set_pairs_and_prefixes_score_as_the_trainer_does)
{
	struct pc_threats_engine *e;
	double t, a, want = 1.0 / (1.0 + exp(-4.0)); /* sigmoid(-2 + 6) */

	cr_assert_eq(engine(&e, kinds), 0, "%s", pc_error_get());
	/* intent and target in one sentence: the pair */
	model_p(e, "I will find you", &t, &a);
	cr_assert_float_eq(t, want, 1e-12, "%f", t);
	/* the pair weighs 0 for abuse: sigmoid(-2) */
	cr_assert_float_eq(a, 1.0 / (1.0 + exp(2.0)), 1e-12, "%f", a);
	/* in two sentences: no pair, no known feature */
	model_p(e, "I will. Find you.", &t, &a);
	cr_assert_eq(t, -1);
	/* "pineapples" and "pines" begin "pine": the prefix; "pine" itself
	 * has no letters past it */
	model_p(e, "Pineapples", &t, &a);
	cr_assert_float_eq(a, want, 1e-12, "%f", a);
	model_p(e, "pines", &t, &a);
	cr_assert_float_eq(a, want, 1e-12, "%f", a);
	model_p(e, "pine", &t, &a);
	cr_assert_eq(a, -1);
	pc_threats_engine_free(e);
}

/* A model of skip pairs: two words with one word between. */
static const char skips[] = "lexicon: toy\n"
			    "version: 1\n"
			    "model:\n"
			    "  kinds: [skip]\n"
			    "  rules:\n"
			    "    threat: {threshold: 0.99, bias: -2}\n"
			    "    abuse: {threshold: 0.99, bias: -2}\n"
			    "  features:\n"
			    "    \"pineapple _ turnip\": [6, 0]\n";

/* n filler words, then "pineapple x turnip": the skip pair across the
 * scorer's batches of 64 words when n is 62 or 63. */
static void
skip_after(struct pc_threats_engine *e, size_t n, double want)
{
	char text[1024];
	size_t i, o = 0;
	double t, a;

	for (i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "carrot ");
	snprintf(text + o, sizeof(text) - o, "pineapple x turnip");
	model_p(e, text, &t, &a);
	cr_assert_float_eq(t, want, 1e-12, "%zu words before: %f", n, t);
}

Test(model, skip_pairs_score_as_the_trainer_does)
{
	struct pc_threats_engine *e;
	double t, a, want = 1.0 / (1.0 + exp(-4.0)); /* sigmoid(-2 + 6) */
	size_t n;

	cr_assert_eq(engine(&e, skips), 0, "%s", pc_error_get());
	/* one word between, whatever it is */
	model_p(e, "Pineapple and turnip", &t, &a);
	cr_assert_float_eq(t, want, 1e-12, "%f", t);
	model_p(e, "pineapple, or turnip", &t, &a);
	cr_assert_float_eq(t, want, 1e-12, "%f", t);
	/* none, two between, the other order, or across sentences: no
	 * known feature */
	model_p(e, "pineapple turnip", &t, &a);
	cr_assert_eq(t, -1);
	model_p(e, "pineapple and a turnip", &t, &a);
	cr_assert_eq(t, -1);
	model_p(e, "turnip and pineapple", &t, &a);
	cr_assert_eq(t, -1);
	model_p(e, "I want a pineapple. And turnip", &t, &a);
	cr_assert_eq(t, -1);
	for (n = 60; n < 66; n++)
		skip_after(e, n, want);
	pc_threats_engine_free(e);
}

Test(model, unknown_kinds_and_features_are_refused)
{
	static const struct refusal bad[] = {
		{ "lexicon: x\nmodel:\n  kinds: [word, trigram]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "'trigram': unknown feature kind" },
		{ "lexicon: x\nmodel:\n  kinds: [word]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"@intent @target\": [1, 0]\n",
		    "is a set_pair feature, and model.kinds does not list set_pair" },
		{ "lexicon: x\nmodel:\n  kinds: [word, prefix]\n  prefix: 4\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"pin~\": [1, 0]\n",
		    "'pin~' is no feature" },
		{ "lexicon: x\nmodel:\n  kinds: [prefix]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"pine~\": [1, 0]\n",
		    "model.prefix: expected a number" },
		{ "lexicon: x\nmodel:\n  kinds: [set_pair]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"@target @intent\": [1, 0]\n",
		    "retrain it" },
		{ "lexicon: x\nmodel:\n  kinds: [word, pair]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a @intent\": [1, 0]\n",
		    "'a @intent' is no feature" },
		{ "lexicon: x\nmodel:\n  kinds: [word, pair]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a _ b\": [1, 0]\n",
		    "is a skip feature, and model.kinds does not list skip" },
		{ "lexicon: x\nmodel:\n  kinds: [skip]\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a _ @intent\": [1, 0]\n",
		    "'a _ @intent' is no feature" },
		{ "lexicon: x\nmodel:\n  ngrams: 3\n"
		  "  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "'ngrams': unknown key" },
	};
	refused(bad, sizeof(bad) / sizeof(bad[0]));
}

/* The toy model with a veto, and "carrot" a word of plainly benign mail. */
static const char vetoing[] = "lexicon: toy\n"
			      "version: 1\n"
			      "model:\n"
			      "  veto: 0.3\n"
			      "  rules:\n"
			      "    threat: {threshold: 0.8, bias: -2}\n"
			      "    abuse: {threshold: 0.8, bias: -2}\n"
			      "  features:\n"
			      "    \"pineapple\": [6, 0]\n"
			      "    \"carrot\": [-8, -8]\n";

Test(model, a_plainly_benign_message_vetoes_the_rules)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	const char *t;

	cr_assert_eq(engine(&e, vetoing), 0, "%s", pc_error_get());
	/* the rules hit, the model finds it plainly benign: no finding */
	t = "I will kill you at the carrot show.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert_not(
	    v.hit[PC_THR_LIFE] || v.hit[PC_THR_THREAT] || v.hit[PC_THR_ABUSE]);
	/* the model knows no word: it has no opinion, the rules stand */
	t = "I will kill you.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_LIFE]);
	/* one rule's probability at the veto or above: the rules stand */
	t = "I will kill you at the pineapple show.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_LIFE]);
	pc_threats_engine_free(e);
}

Test(model, a_veto_must_sit_below_the_thresholds)
{
	static const struct refusal bad[] = {
		{ "lexicon: x\nmodel:\n  veto: 0.9\n  rules:\n"
		  "    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "model.veto: expected 0 or a probability below" },
		{ "lexicon: x\nmodel:\n  veto: -1\n  rules:\n"
		  "    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "model.veto" },
		{ "lexicon: x\nmodel:\n  veto: low\n  rules:\n"
		  "    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "'low' is not a number" },
	};
	refused(bad, sizeof(bad) / sizeof(bad[0]));
}

/* The toy model whose threat rule holds a message of more than two
 * sentences to 0.99: "pineapple" alone scores sigmoid(-2 + 6) = 0.98. */
static const char longer[] =
    "lexicon: toy\n"
    "version: 1\n"
    "model:\n"
    "  long_sentences: 2\n"
    "  rules:\n"
    "    threat: {threshold: 0.8, threshold_long: 0.99, bias: -2}\n"
    "    abuse: {threshold: 0.8, bias: -2}\n"
    "  features:\n"
    "    \"pineapple\": [6, 0]\n"
    "    \"turnip\": [0, 6]\n";

Test(model, a_long_message_is_held_to_its_own_threshold)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	const char *t;

	cr_assert_eq(engine(&e, longer), 0, "%s", pc_error_get());
	t = "Pineapple. Pineapple.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_THREAT], "two sentences: threshold 0.8");
	cr_assert(strstr(v.why[PC_THR_THREAT], ">= 0.80"), "%s",
	    v.why[PC_THR_THREAT]);
	t = "Pineapple. Pineapple. Pineapple.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert_not(v.hit[PC_THR_THREAT], "three sentences: 0.98 < 0.99");
	/* a rule without threshold_long keeps its threshold at any length */
	t = "Turnip. Turnip. Turnip. Turnip.";
	cr_assert_eq(pc_threats_judge(e, t, strlen(t), &v), 0);
	cr_assert(v.hit[PC_THR_ABUSE]);
	pc_threats_engine_free(e);
}

Test(model, bad_long_thresholds_are_refused)
{
	static const struct refusal bad[] = {
		{ "lexicon: x\nmodel:\n  rules:\n"
		  "    threat: {threshold: 0.5, threshold_long: 1.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "threshold_long: expected a probability between 0 and 1" },
		{ "lexicon: x\nmodel:\n  long_sentences: -1\n  rules:\n"
		  "    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "model.long_sentences: expected 0 to 1000000 sentences" },
		{ "lexicon: x\nmodel:\n  long_sentences: many\n  rules:\n"
		  "    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "'many' is not a number" },
		{ "lexicon: x\nmodel:\n  veto: 0.3\n  rules:\n"
		  "    threat: {threshold: 0.5, threshold_long: 0.2, bias: 0}\n"
		  "  features:\n    \"a\": [1, 0]\n",
		    "model.veto: expected 0 or a probability below" },
	};
	refused(bad, sizeof(bad) / sizeof(bad[0]));
}
