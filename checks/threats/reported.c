/* Reported speech: the writer reports a threat someone else made (the
 * constituent is a victim), or speaks to the target themselves. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>

#include "quoted.h"
#include "reported.h"

/* Whether the reported-speech verb at j..e is the writer speaking to
 * the target: "I told you", "I am telling you now", "warning you now"
 * (the verb opening the sentence), "I'm writing to tell you", not a
 * report of someone else. */
static bool
speaks_to_target(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t j, size_t e)
{
	bool own;

	if (s->first_person < 0)
		return false;
	own = j == 0 || pc_threats_at(m, s->first_person, j - 1) == (int)j ||
	    (s->hedge >= 0 && pc_threats_at(m, s->hedge, j - 1) == (int)j) ||
	    (j > 1 && s->speaker_aux >= 0 &&
		pc_threats_at(m, s->speaker_aux, j - 1) == (int)j &&
		pc_threats_at(m, s->first_person, j - 2) == (int)j - 1);
	if (!own)
		return false;
	/* "I'm ringing about the boundary", "I am writing regarding": the
	 * writer's own call or letter and its subject */
	if (s->own_call >= 0 && pc_threats_at(m, s->own_call, j) >= 0)
		return true;
	/* "I'm writing to tell you", "just ringing to say": the writer's
	 * own call or letter, whose purpose is the next speech verb */
	if (s->purpose >= 0 && e + 1 < m->n &&
	    pc_threats_at(m, s->purpose, e) == (int)e + 1 &&
	    (pc_threats_at(m, s->reported, e + 1) >= 0 ||
		(s->imperative >= 0 &&
		    pc_threats_at(m, s->imperative, e + 1) >= 0)))
		return true;
	/* "I say we all go down the office and...": the writer proposing
	 * what the writer and others do */
	if (s->propose >= 0 && pc_threats_at(m, s->propose, j) >= 0)
		return true;
	/* "Said he knows where...": a report, its speaker left out */
	if (j == 0 && s->second_person >= 0)
		return pc_threats_at(m, s->second_person, e) >= 0;
	return pc_threats_at(m, s->target, e) >= 0;
}

/* Whether the speech verb at j is an aside ("like they're saying", "as
 * he said"): what follows is the writer's own sentence, not a report.
 * Verbs of saying only: "like he threatened to..." reports. */
static bool
speech_aside(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t j)
{
	if (s->speech_aside < 0 || s->aside_verb < 0 ||
	    pc_threats_at(m, s->aside_verb, j) != (int)j + 1)
		return false;
	if (j > 1 && pc_threats_at(m, s->speech_aside, j - 2) == (int)j - 1)
		return true;
	return j > 2 && s->speaker_aux >= 0 &&
	    pc_threats_at(m, s->speaker_aux, j - 1) == (int)j &&
	    pc_threats_at(m, s->speech_aside, j - 3) == (int)j - 2;
}

/* Whether "I will", "we're going to" starts at most four words before
 * the speech verb at j and ends by it ("I'll come and post", "I'll put
 * it in writing"): the writer's own act. */
static bool
own_future(const struct pc_threats_sentence *m, const struct pc_threats_sets *s,
    size_t j)
{
	size_t k;
	int e;

	if (s->first_person < 0 || s->intent < 0)
		return false;
	for (k = j; k-- > 1 && j - k <= 4;)
		if ((e = pc_threats_at(m, s->intent, k)) >= 0 && e <= (int)j &&
		    pc_threats_at(m, s->first_person, k - 1) == (int)k)
			return true;
	return false;
}

/* Whether, between the speech verb ending at e and the harm at i, the
 * writer starts a clause of their own: "a letter telling me I'm fit for
 * work and I'm coming down and I'll stab...", "if he is charged you'll
 * need a bodyguard, because I will...". */
static bool
own_clause_after(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t e, size_t i)
{
	size_t k;

	if (s->coordinator < 0 || s->first_person < 0 || s->speaker_aux < 0)
		return false;
	for (k = e; k + 2 <= i && k + 2 < m->n; k++)
		if ((pc_threats_at(m, s->coordinator, k) == (int)k + 1 ||
			(s->clause_link >= 0 &&
			    pc_threats_at(m, s->clause_link, k) ==
				(int)k + 1)) &&
		    pc_threats_at(m, s->first_person, k + 1) == (int)k + 2 &&
		    pc_threats_at(m, s->speaker_aux, k + 2) >= 0)
			return true;
	return false;
}

/* Whether the writer's "I" or "we" comes between the speech verb's end e
 * and the harm at i. */
static bool
writer_between(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t e, size_t i)
{
	size_t k;

	for (k = e; s->first_person >= 0 && k < i; k++)
		if (pc_threats_at(m, s->first_person, k) >= 0)
			return true;
	return false;
}

/* Whether the speech verb at j..e follows a condition ("if", "unless",
 * "the next time": opening up to six words before the verb and ending
 * before it, as in "if the police haven't charged him") and the writer's
 * "I" or "we" comes between it and the harm at i, or the harm's words
 * address the one written to ("if he is convicted you'd better hide"). */
static bool
condition_then_own(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t j, size_t e, size_t i)
{
	size_t k;
	int end;

	if (s->condition < 0)
		return false;
	for (k = j; k-- > 0 && j - k <= 6;)
		if ((end = pc_threats_at(m, s->condition, k)) >= 0 &&
		    end <= (int)j)
			return writer_between(m, s, e, i) ||
			    (s->second_person >= 0 &&
				(pc_threats_at(m, s->second_person, i) >= 0 ||
				    (i > e &&
					pc_threats_at(
					    m, s->second_person, i - 1) >= 0)));
	return false;
}

/* Whether the speech verb at j..e only describes someone or names a
 * topic, and the harm at i is the writer's own: "the receptionist who
 * told me to calm down: I will...", a relative clause closed by a comma
 * or colon before the writer's "I"; "after what she said she gets...".
 * (The words said quoted and closed before the harm, "a letter saying
 * 'we are unable to intervene', he will...", are not enough: "he said
 * 'say goodbye', I thought I was going to die" reports.) */
static bool
described_speech(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t j, size_t e, size_t i)
{
	size_t k;

	if (j > 0 && s->relative >= 0 &&
	    pc_threats_at(m, s->relative, j - 1) == (int)j)
		for (k = e > j ? e - 1 : j; k + 1 < i; k++)
			if ((m->toks[k].flags & PC_TOK_CLAUSE_END) &&
			    writer_between(m, s, k + 1, i))
				return true;
	if (s->said_topic >= 0 &&
	    ((j > 1 && pc_threats_at(m, s->said_topic, j - 2) == (int)j - 1) ||
		(j > 2 && s->speaker_aux >= 0 &&
		    pc_threats_at(m, s->speaker_aux, j - 1) == (int)j &&
		    pc_threats_at(m, s->said_topic, j - 3) == (int)j - 2)))
		return true;
	return false;
}

/* Whether the speech verb at j..e is the writer's own, its object the
 * writer's own ("when I've said my piece I'm going to..."): no report. */
static bool
own_words(const struct pc_threats_sentence *m, const struct pc_threats_sets *s,
    size_t j, size_t e)
{
	bool mine;

	if (s->first_person < 0 || s->aside_verb < 0 || s->own_object < 0 ||
	    j == 0 || e >= m->n || pc_threats_at(m, s->aside_verb, j) < 0 ||
	    pc_threats_at(m, s->own_object, e) < 0)
		return false;
	mine = pc_threats_at(m, s->first_person, j - 1) == (int)j;
	if (!mine && j > 1 && s->speaker_aux >= 0)
		mine = pc_threats_at(m, s->speaker_aux, j - 1) == (int)j &&
		    pc_threats_at(m, s->first_person, j - 2) == (int)j - 1;
	return mine;
}

/* Whether the reported-speech word at j is a place: "down to Tannery
 * Court" (a capitalised name), "outside the court". */
static bool
a_place(const struct pc_threats_sentence *m, const struct pc_threats_sets *s,
    const char *text, size_t j)
{
	size_t k;
	int e;

	if (s->reported_place < 0 || j == 0 ||
	    pc_threats_at(m, s->reported_place, j) != (int)j + 1)
		return false;
	if (isupper((unsigned char)text[m->toks[j].start]) &&
	    isupper((unsigned char)text[m->toks[j - 1].start]))
		return true;
	/* "outside the court", "outside the magistrates' court": the
	 * place word ending right before it or one word before */
	for (k = j > 3 ? j - 3 : 0; s->place_before >= 0 && k < j; k++)
		if ((e = pc_threats_at(m, s->place_before, k)) >= (int)j - 1 &&
		    e <= (int)j)
			return true;
	return false;
}

/* Reported speech before word i ("he said", "I was threatened"); "I
 * told you" is the writer speaking to the target, not reporting. */
bool
pc_threats_reported_before(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t i)
{
	size_t j;
	int e;

	/* inside speech quoted across sentences */
	if (i < m->speech_until || (m->speech_from > 0 && i >= m->speech_from))
		return true;
	for (j = 0; j < i; j++) {
		if ((e = pc_threats_at(m, s->reported, j)) < 0 ||
		    a_place(m, s, text, j))
			continue;
		/* ... or a speech verb inside quotation marks: "One more
		 * 'we've written to the minister' and I'll..." */
		if (speaks_to_target(m, s, j, (size_t)e) ||
		    speech_aside(m, s, j) ||
		    pc_threats_quoted(m, text, j, (size_t)e))
			continue;
		/* "I'm not saying someone should...", "just saying", "not a
		 * threat": a hedge or a denial, not a report */
		if (j > 0 &&
		    (pc_threats_at(m, s->negation, j - 1) == (int)j ||
			(s->hedge >= 0 &&
			    pc_threats_at(m, s->hedge, j - 1) == (int)j)))
			continue;
		/* "not even saying"; not "the man, who I won't name,
		 * shouted": a comma ends the negation's clause */
		if (j > 1 &&
		    pc_threats_at(m, s->negation, j - 2) == (int)j - 1 &&
		    !(m->toks[j - 1].flags & PC_TOK_CLAUSE_END))
			continue;
		/* "after what you said about veterans, I will...": the
		 * target's own words, not someone's threat reported to them */
		if (j > 0 && s->second_person >= 0 &&
		    pc_threats_at(m, s->second_person, j - 1) == (int)j)
			continue;
		/* "I'll come and post a brick through yours", "we will tell
		 * you once": the writer's own act to come, not a report */
		if (own_future(m, s, j) || own_clause_after(m, s, (size_t)e, i))
			continue;
		if (described_speech(m, s, j, (size_t)e, i) ||
		    own_words(m, s, j, (size_t)e))
			continue;
		/* "just to say...", "ringing to tell you": the writer's own
		 * purpose, not a report */
		if (j > 0 && s->purpose >= 0 &&
		    pc_threats_at(m, s->purpose, j - 1) == (int)j)
			continue;
		/* "if she says one more word I'm going down there": a
		 * condition the writer sets, then their own clause, not a
		 * report ("if he says he'll kill you, ring 999" reports) */
		if (condition_then_own(m, s, j, (size_t)e, i))
			continue;
		/* "Say one more word and...", "Tell your husband...": an
		 * order opening the sentence, not a report */
		if (j == 0 && s->imperative >= 0 &&
		    pc_threats_at(m, s->imperative, 0) >= 0)
			continue;
		/* "Stop posting this rubbish through my door or I'll...": the
		 * speech verb the order's object, the writer's "I" after it */
		if (j == 1 && s->imperative >= 0 &&
		    pc_threats_at(m, s->imperative, 0) == 1 &&
		    writer_between(m, s, (size_t)e, i))
			continue;
		/* "Tell that Ross who keeps ringing me that I'll slap him":
		 * under an order opening the sentence, the writer's own "I"
		 * after the speech verb owns the harm */
		if (s->imperative >= 0 &&
		    pc_threats_at(m, s->imperative, 0) >= 0 &&
		    writer_between(m, s, (size_t)e, i))
			continue;
		return true;
	}
	return false;
}

/* Sentences a quotation of someone's speech may run on after the one
 * it opens in: a stray quotation mark must not hide the rest of a
 * letter. */
#define SPEECH_CARRY_MAX 4

/* Whether a blank line comes between the last sentence's end (at) and
 * the first word of m: a quotation does not run on past a paragraph. */
static bool
paragraph_between(
    const struct pc_threats_sentence *m, const char *text, size_t at)
{
	size_t k, nl = 0;

	for (k = at; k < m->toks[0].start; k++)
		if (text[k] == '\n')
			nl++;
	return nl >= 2;
}

/* Whether a second-person word comes among words [0, until): speech
 * addressed to the writer ("I'll find you"), what a victim reports;
 * a quotation about a third person ("posted: \"...I'll open her up\"")
 * may be a threat at the MP passed on, and is judged as written. */
static bool
addresses_writer(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t from, size_t until)
{
	size_t k;

	for (k = from; s->second_person >= 0 && k < until && k < m->n; k++)
		if (pc_threats_at(m, s->second_person, k) >= 0)
			return true;
	return false;
}

void
pc_threats_speech_carry(struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text,
    struct pc_threats_msgstate *st)
{
	size_t closed, opened, until;
	int depth;

	if (st->speech_open > 0 &&
	    (st->speech_at > m->toks[0].start ||
		paragraph_between(m, text, st->speech_at)))
		st->speech_open = 0;
	st->speech_at = m->toks[m->n - 1].end;
	/* none open and no speech verb to open one: nothing to follow */
	if (st->speech_open == 0 && !pc_threats_any(m, s->reported))
		return;
	depth = pc_threats_quote_scan(
	    m, text, st->speech_open > 0, &closed, &opened);
	until = st->speech_open > 0 ? closed : 0;
	if (addresses_writer(m, s, 0, until))
		m->speech_until = until;
	if (depth > 0 && st->speech_open > 0 && closed == m->n)
		st->speech_open = st->speech_open < SPEECH_CARRY_MAX
		    ? st->speech_open + 1
		    : 0;
	else /* "he said, \"You'll never be free of me. I'll find..." */
		st->speech_open = depth > 0 && opened != SIZE_MAX &&
		    pc_threats_reported_before(m, s, text, opened);
	/* the rest of this sentence is inside it too */
	if (st->speech_open == 1 && opened > 0 && opened < m->n &&
	    addresses_writer(m, s, opened, m->n))
		m->speech_from = opened;
}

bool
pc_threats_relayed(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t i, size_t e,
    size_t t, size_t te)
{
	size_t k;

	if (s->second_person < 0 || pc_threats_quoted(m, text, i, e) ||
	    pc_threats_quoted(m, text, t, te))
		return false;
	for (k = t; k < te; k++)
		if (pc_threats_at(m, s->second_person, k) >= 0 ||
		    (s->office_target >= 0 &&
			pc_threats_covering(m, s->office_target, k) >= 0) ||
		    (s->names >= 0 && pc_threats_covering(m, s->names, k) >= 0))
			return true;
	return false;
}

void
pc_threats_relay(
    struct pc_threats_msgstate *st, enum pc_threats_rule rule, const char *why)
{
	if (st->relayed == 0 || rule == PC_THR_LIFE) {
		st->relayed = (int)rule + 1;
		snprintf(st->relayed_why, sizeof(st->relayed_why), "%s", why);
	}
}

void
pc_threats_casework(struct pc_threats_verdict *v, const char *part)
{
	if (v->casework)
		return;
	v->casework = true;
	snprintf(v->casework_why, sizeof(v->casework_why),
	    "reported speech around '%s': the writer reports a threat or abuse aimed at them",
	    part);
}
