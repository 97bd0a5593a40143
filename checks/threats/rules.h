/* The threats rules over one sentence's set matches. */
#ifndef PC_THREATS_RULES_H
#define PC_THREATS_RULES_H

#include "engine.h"
#include "lexicon.h"

/* The set indices and windows the rules use (-1 when an optional set is
 * absent). */
struct pc_threats_sets {
	int intent, target, negation, reported, first_person;
	int harm_life, harm_injury, allow, names;
	int abuse_weak, abuse_person, abuse_adj, intensifier, abuse_address;
	int object_start, nonperson_subject, political;
	int abuse_sharp, intensifier_strong, abuse_mild, abuse_role;
	int clause_start, imperative, hedge, speaker_aux, own_object, purpose;
	int second_person, question_modal;
	int speech_aside; /* "like they're saying": an aside, no report */
	int aside_verb;   /* the verbs of saying an aside ends in */
	int veiled_setup, veiled_payoff; /* a menace in two sentences */
	int endorse;      /* "wouldn't blame them": the writer backs a threat */
	int own_quote;    /* "resending": the quoted text is the writer's */
	int own_sorry;    /* "sorry for what I sent": quoted to apologise */
	int own_call;     /* "ringing about": the writer's own call or letter */
	int propose;      /* "I say we": the writer proposing, not reporting */
	int condition;    /* "if", "unless": "if she says one more word" */
	int anyone;       /* "someone", "somebody": "someone should shoot X" */
	int intent_after; /* a near future after the harm: "burns tonight" */
	int coordinator;  /* "and": a second verb shares the first's intent */
	int clause_link;  /* "because", "so": a clause of the writer's own */
	int disclaim;     /* "not calling you": an insult the writer denies */
	int reported_place, place_before; /* "to Tannery Court": a place */
	int office_target;  /* "the office", "your caseworker": the office's */
	int self_harm;      /* "I'll kill myself": a welfare concern */
	int intent_passive; /* "wants", "needs": "he needs shooting" */
	int copula;         /* "is", "are": between a subject and its verb */
	int dummy_subject;  /* "it" in "it is about time": no subject */
	int relative;       /* "who", "which": "the receptionist who told me" */
	int said_topic;     /* "what": "after what she said" (a topic) */
	int disown; /* "I told him to shut up": against a threat passed on */
	long w_intent, w_target, w_neg;
};

/* State carried across a message's sentences. */
struct pc_threats_msgstate {
	bool menace; /* a veiled threat matched */
	char menace_why[PC_THREATS_WHY_MAX];
	bool life_term; /* a death/weapon word, not idiom, not reported */
	char life_why[64];
	char setup_why[64];  /* "nice house": the set-up of a two-part menace */
	char payoff_why[64]; /* "be a pity": its pay-off */
	char endorse_why[64]; /* "wouldn't blame them", reported or not */
	char disown_why[64];  /* "I told him to shut up", "I've rung 101" */
	/* a threat someone else made at the one written to, passed on
	 * ("they said they'll pay you a visit"): its rule + 1, 0 when none */
	int relayed;
	char relayed_why[PC_THREATS_WHY_MAX];
	char own_quote_why[64]; /* "here's what I wrote" */
	char own_sorry_why[64]; /* "sorry for what I sent last night" */
	char welfare_why[44]; /* "I'll kill myself": self-harm, not a threat */
	/* sentences a quotation of someone's speech has been open (0: none) */
	unsigned speech_open;
	size_t speech_at; /* where the last sentence ended in the text */
	unsigned nsent;   /* sentences so far */
	bool political_now, political_prev; /* election talk in this/last */
	unsigned veiled_n;                  /* sentences with a veiled threat */
	unsigned veiled_last;       /* the last of them, counted from 1 */
	unsigned veiled_political;  /* of them, next to election talk */
	bool veiled_last_political; /* the last of them counted so */
	bool threat_other; /* a threat other than a veiled one matched */
};

/* Fills the set indices; an error names the missing set. */
int pc_threats_sets_init(
    struct pc_threats_sets *s, const struct pc_threats_lexicon *lex);

/*
 * Applies every rule to one sentence (its words' matches in m; text is
 * what the words' offsets point into) and adds to v and st.
 */
void pc_threats_rules_sentence(const struct pc_threats_lexicon *lex,
    const struct pc_threats_sets *sets, const struct pc_threats_sentence *m,
    const char *text, struct pc_threats_verdict *v,
    struct pc_threats_msgstate *st);

/* Records a rule hit with its explanation (the first one kept). */
void pc_threats_rules_hit(
    struct pc_threats_verdict *v, enum pc_threats_rule r, const char *why);

/* Ends a message (rules_message.c): a veiled threat with a death word
 * anywhere in the message is a threat to life, and the like. */
void pc_threats_rules_finish(
    struct pc_threats_verdict *v, const struct pc_threats_msgstate *st);

#endif
