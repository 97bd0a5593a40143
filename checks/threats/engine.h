/* The threats rule engine: judges one message's new text. */
#ifndef PC_THREATS_ENGINE_H
#define PC_THREATS_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

/* Rules decided from words (doxxing is decided by protect.c). */
enum pc_threats_rule {
	PC_THR_LIFE = 0, /* threat_to_life */
	PC_THR_THREAT,   /* threat */
	PC_THR_ABUSE,    /* abuse */
	PC_THR_NRULES,
};

#define PC_THREATS_WHY_MAX 200

/* What one message is: which rules matched and why (the matched parts,
 * never the body). casework: a threat the writer reports receiving. */
struct pc_threats_verdict {
	bool hit[PC_THR_NRULES];
	char why[PC_THR_NRULES][PC_THREATS_WHY_MAX];
	bool casework;
	char casework_why[PC_THREATS_WHY_MAX];
	char backs_why[64]; /* "couldn't agree more": the writer backs what
			     * they quote or report (empty: no such words) */
	char owns_why[64];  /* "resending as you ignored this": what they
			     * quote or forward is their own earlier text */
	/* the writer apologises for what they sent: what they quote is not
	 * judged as theirs again */
	bool sorry;
	/* the threat hit is the word model's alone: where the writer backs
	 * or owns what they quote, the rules' reading of the quote says more
	 * (which rule, and why) and replaces it */
	bool model_only;
	/* the writer speaks of harming themselves ("I'll kill myself"): a
	 * welfare concern, not a threat; the word model is not asked */
	bool welfare;
};

struct pc_threats_engine;

/*
 * Loads the lexicon files and adds names (the MP's name and aliases) as
 * targets. Every set the rules use must be present; errors name the
 * file. Caller frees with pc_threats_engine_free().
 */
int pc_threats_engine_new(struct pc_threats_engine **out,
    const char *const *lexicons, size_t nlexicons, const char *const *names,
    size_t nnames);
void pc_threats_engine_free(struct pc_threats_engine *e);

struct pc_policy;
/* The same from the lexicon files a policy's checks.threats.lexicons
 * names, relative to the policy (engine_policy.c). */
int pc_threats_engine_from_policy(struct pc_threats_engine **out,
    const struct pc_policy *pol, const char *const *names, size_t nnames);

/* The rule id of a rule ("threat_to_life"), and back (-1 if unknown). */
const char *pc_threats_rule_id(enum pc_threats_rule r);
int pc_threats_rule_parse(const char *id);

/*
 * Judges text (the sender's new text: quotes already split off; any
 * bytes, any length: read in bounded chunks) into *v.
 */
int pc_threats_judge(struct pc_threats_engine *e, const char *text, size_t len,
    struct pc_threats_verdict *v);

/*
 * Calls fn(arg, key, sentence) for each word of text as the rules read it
 * (the normalised key; sentence numbers rise through the text): what the
 * word model is trained on (tests/data/threats/train_model.py).
 */
int pc_threats_engine_words(struct pc_threats_engine *e, const char *text,
    size_t len, void (*fn)(void *, const char *, size_t), void *arg);

/* The word model's probability for rule r (PC_THR_THREAT or PC_THR_ABUSE)
 * on the last text judged, as train_model.py computes it (-1: no model,
 * no weights for r, or no known feature). */
double pc_threats_engine_model_p(
    struct pc_threats_engine *e, enum pc_threats_rule r);

#endif
