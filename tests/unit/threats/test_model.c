/* The word model (checks/threats/model.c): loading, scoring, and its
 * second opinion after the rules. */
#include <criterion/criterion.h>
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
	static const struct {
		const char *yaml, *says;
	} bad[] = {
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
		    "expected threat or abuse" },
		{ "lexicon: x\nmodel:\n  rules:\n    threat: {threshold: 0.5, bias: 0}\n"
		  "  features:\n    \"@no_such_set\": [1, 0]\n",
		    "retrain it" },
	};
	struct pc_threats_engine *e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_neq(engine(&e, bad[i].yaml), 0, "case %zu", i);
		cr_assert(strstr(pc_error_get(), bad[i].says), "case %zu: %s",
		    i, pc_error_get());
		cr_assert(strstr(pc_error_get(), "/tmp/pc-model-"),
		    "names the file: %s", pc_error_get());
	}
}

Test(model, the_shipped_model_loads_with_the_shipped_lexicons)
{
	const char *lex[] = { RULES, "policies/lexicons/threats-model.yaml" };
	struct pc_threats_engine *e;

	cr_assert_eq(pc_threats_engine_new(&e, lex, 5, NULL, 0), 0, "%s",
	    pc_error_get());
	pc_threats_engine_free(e);
}
