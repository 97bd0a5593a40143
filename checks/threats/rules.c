/* The threats rules over one sentence's set matches. */
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "name_object.h"
#include "negation.h"
#include "quoted.h"
#include "reported.h"
#include "rules.h"

#define SPAN_MAX 40 /* bytes of original text quoted per rule part */

/* Looks up a set that must exist. */
static int
need(int *out, const struct pc_threats_lexicon *lex, const char *name)
{
	if ((*out = pc_threats_lex_set(lex, name)) < 0)
		return pc_error_set(PC_ECONFIG,
		    "threats lexicons: set '%s' is missing; the rules need it (see policies/lexicons/README.md)",
		    name);
	return 0;
}

/* Fills the set indices the rules use. */
int
pc_threats_sets_init(
    struct pc_threats_sets *s, const struct pc_threats_lexicon *lex)
{
	int r;

	if ((r = need(&s->intent, lex, "intent")) ||
	    (r = need(&s->target, lex, "target")) ||
	    (r = need(&s->negation, lex, "negation")) ||
	    (r = need(&s->reported, lex, "reported")) ||
	    (r = need(&s->harm_life, lex, "harm_life")) ||
	    (r = need(&s->harm_injury, lex, "harm_injury")) ||
	    (r = need(&s->allow, lex, "allow")))
		return r;
	s->first_person = pc_threats_lex_set(lex, "first_person");
	s->names = pc_threats_lex_set(lex, "names");
	s->abuse_weak = pc_threats_lex_set(lex, "abuse_weak");
	s->abuse_person = pc_threats_lex_set(lex, "abuse_person");
	s->abuse_adj = pc_threats_lex_set(lex, "abuse_adj");
	s->intensifier = pc_threats_lex_set(lex, "intensifier");
	s->abuse_address = pc_threats_lex_set(lex, "abuse_address");
	s->object_start = pc_threats_lex_set(lex, "object_start");
	s->nonperson_subject = pc_threats_lex_set(lex, "nonperson_subject");
	s->political = pc_threats_lex_set(lex, "political");
	s->abuse_sharp = pc_threats_lex_set(lex, "abuse_sharp");
	s->intensifier_strong = pc_threats_lex_set(lex, "intensifier_strong");
	s->abuse_mild = pc_threats_lex_set(lex, "abuse_mild");
	s->abuse_role = pc_threats_lex_set(lex, "abuse_role");
	s->clause_start = pc_threats_lex_set(lex, "clause_start");
	s->imperative = pc_threats_lex_set(lex, "imperative");
	s->hedge = pc_threats_lex_set(lex, "hedge");
	s->disclaim = pc_threats_lex_set(lex, "disclaim");
	s->reported_place = pc_threats_lex_set(lex, "reported_place");
	s->place_before = pc_threats_lex_set(lex, "place_before");
	s->office_target = pc_threats_lex_set(lex, "office_target");
	s->self_harm = pc_threats_lex_set(lex, "self_harm");
	s->speaker_aux = pc_threats_lex_set(lex, "speaker_aux");
	s->own_object = pc_threats_lex_set(lex, "own_object");
	s->purpose = pc_threats_lex_set(lex, "purpose");
	s->second_person = pc_threats_lex_set(lex, "second_person");
	s->question_modal = pc_threats_lex_set(lex, "question_modal");
	s->speech_aside = pc_threats_lex_set(lex, "speech_aside");
	s->aside_verb = pc_threats_lex_set(lex, "aside_verb");
	s->relative = pc_threats_lex_set(lex, "relative");
	s->said_topic = pc_threats_lex_set(lex, "said_topic");
	s->disown = pc_threats_lex_set(lex, "disown");
	s->veiled_setup = pc_threats_lex_set(lex, "veiled_setup");
	s->veiled_payoff = pc_threats_lex_set(lex, "veiled_payoff");
	s->endorse = pc_threats_lex_set(lex, "endorse");
	s->own_quote = pc_threats_lex_set(lex, "own_quote");
	s->own_sorry = pc_threats_lex_set(lex, "own_sorry");
	s->own_call = pc_threats_lex_set(lex, "own_call");
	s->propose = pc_threats_lex_set(lex, "propose");
	s->condition = pc_threats_lex_set(lex, "condition");
	s->anyone = pc_threats_lex_set(lex, "anyone");
	s->intent_after = pc_threats_lex_set(lex, "intent_after");
	s->coordinator = pc_threats_lex_set(lex, "coordinator");
	s->clause_link = pc_threats_lex_set(lex, "clause_link");
	s->intent_passive = pc_threats_lex_set(lex, "intent_passive");
	s->copula = pc_threats_lex_set(lex, "copula");
	s->dummy_subject = pc_threats_lex_set(lex, "dummy_subject");
	s->w_intent = pc_threats_lex_window(lex, "intent_to_harm", 6);
	s->w_target = pc_threats_lex_window(lex, "harm_to_target", 6);
	s->w_neg = pc_threats_lex_window(lex, "negation_before", 3);
	return 0;
}

/* The original text of words [a, b) for an explanation, one line,
 * capped. */
static void
span_text(char *out, size_t cap, const struct pc_threats_sentence *m,
    const char *text, size_t a, size_t b)
{
	size_t s = m->toks[a].start, e = m->toks[b - 1].end, i, o = 0;
	size_t lim = cap - 4 < SPAN_MAX ? cap - 4 : SPAN_MAX;

	for (i = s; i < e && o < lim; i++)
		out[o++] =
		    (text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ||
			text[i] == '"' || text[i] == '\\')
		    ? ' '
		    : text[i];
	while (o > 0 && i < e && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
		o--; /* never cut a character */
	if (i < e && o > 0 && ((unsigned char)out[o - 1] & 0x80))
		o--;
	if (i < e)
		out[o++] = '.', out[o++] = '.', out[o++] = '.';
	out[o] = '\0';
}

/* Whether any of words [a, b) is inside an allowed idiom or a name. */
static bool
allowed(const struct pc_threats_sentence *m, const struct pc_threats_sets *s,
    size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b; i++)
		if (pc_threats_covering(m, s->allow, i) >= 0 ||
		    (s->names >= 0 && pc_threats_covering(m, s->names, i) >= 0))
			return true;
	return false;
}

/* The nearest intent ending at or before word i, within the window. */
static int
intent_within(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t i, size_t w)
{
	size_t k, lo = i > w + 4 ? i - w - 4 : 0;
	int e;

	/* the window runs from the intent's last word to the harm */
	for (k = i; k-- > lo;)
		if ((e = pc_threats_at(m, s->intent, k)) >= 0 && e <= (int)i &&
		    i - (size_t)e <= w)
			return (int)k;
	return -1;
}

/* The intent of the harm at word i: within the window, or the intent of
 * a first verb the harm is joined to by "and" close before it ("I'm going
 * to walk in with a revolver | and | end you"). */
static int
intent_before(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t i)
{
	size_t k, lo = i > 3 ? i - 3 : 0;
	int j;

	if ((j = intent_within(m, s, i, (size_t)s->w_intent)) >= 0 ||
	    s->coordinator < 0)
		return j;
	/* the first verb's phrase may be long ("walk in with my late
	 * father's service revolver"): twice the window to the "and" */
	for (k = i; k-- > lo;)
		if (pc_threats_at(m, s->coordinator, k) == (int)k + 1)
			return intent_within(m, s, k, 2 * (size_t)s->w_intent);
	return -1;
}

/* Whether the harm at word i is done to the subject: "her office wants
 * hanging" (a passive -ing after want/need/deserve). */
static bool
passive_harm(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, int j, size_t i)
{
	size_t n = strlen(m->toks[i].key);

	return s->intent_passive >= 0 && j >= 0 && (size_t)j + 1 == i &&
	    pc_threats_at(m, s->intent_passive, (size_t)j) >= 0 && n > 3 &&
	    strcmp(m->toks[i].key + n - 3, "ing") == 0;
}

/* A near future right after the harm words [i, e) standing for the
 * intent: "your office burns tonight", "you die on Friday". The harm's
 * own word is the intent's place for the windows that follow. */
static int
intent_after(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t i, size_t e, int *when)
{
	size_t k, hi = e + 3;

	for (k = e; s->intent_after >= 0 && k < hi && k < m->n; k++)
		if ((*when = pc_threats_at(m, s->intent_after, k)) >= 0) {
			*when = (int)k;
			return (int)i;
		}
	return -1;
}

/* The target nearest to the harm words [i, e), searching from lo to
 * e + window; its end in *end. */
static int
target_near(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t lo, size_t i, size_t e, int *end)
{
	size_t hi = e + (size_t)s->w_target, k, d, best_d = (size_t)-1;
	int best = -1, te;

	if (hi > m->n)
		hi = m->n;
	for (k = lo; k < hi; k++) {
		if ((te = pc_threats_at(m, s->target, k)) < 0)
			continue;
		d = k < i ? i - k : k - i;
		if (d < best_d) {
			best_d = d;
			best = (int)k;
			*end = te;
		}
	}
	return best;
}

/* Whether the target at t is a second object joined to the harm's first
 * by a coordinator ("and", "then": "gonna shoot the planning officer and
 * then the mp"), not the subject of a clause of its own ("...and you'll
 * see"). */
static bool
joined_object(
    const struct pc_threats_sentence *m, const struct pc_threats_sets *s, int t)
{
	int te = pc_threats_at(m, s->target, (size_t)t);

	if (t == 0 || s->coordinator < 0 || te < 0 ||
	    pc_threats_at(m, s->coordinator, (size_t)t - 1) != t)
		return false;
	return (size_t)te >= m->n ||
	    ((s->speaker_aux < 0 ||
		 pc_threats_at(m, s->speaker_aux, (size_t)te) < 0) &&
		pc_threats_at(m, s->intent, (size_t)te) < 0);
}

/* Whether the target before the intent is the actor: "you'll kill the
 * bill" (a harm verb with its own object and no target after it). */
static bool
target_is_actor(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, int j, int t, size_t e)
{
	size_t k, hi = e + (size_t)s->w_target;

	if (s->object_start < 0 || e >= m->n ||
	    pc_threats_at(m, s->object_start, e) < 0)
		return false;
	/* "I'll murder the quiz at the fete, you watch": the harm has its
	 * own object and the target comes well after it */
	if (t > j && (size_t)t > e && s->own_object >= 0 &&
	    pc_threats_at(m, s->own_object, e) >= 0)
		return true; /* "gonna kill my brother if he..." */
	if (t > j)
		return (size_t)t > e + 3 &&
		    !((size_t)t > 0 && strcmp(m->toks[t - 1].key, "of") == 0) &&
		    !joined_object(m, s, t);
	for (k = e; k < hi && k < m->n; k++)
		if (pc_threats_at(m, s->target, k) >= 0)
			return false;
	return true;
}

/* Whether a non-person subject ends at word j, or one word before it
 * with a copula between ("the opposition | is | going to"). */
static bool
nonperson_before(
    const struct pc_threats_sentence *m, const struct pc_threats_sets *s, int j)
{
	int cop = s->copula;

	if (j <= 0 || s->nonperson_subject < 0)
		return false;
	if (pc_threats_at(m, s->nonperson_subject, (size_t)j - 1) == j)
		return true;
	/* a noun, not a dummy "it is about time someone..." */
	return j > 1 && cop >= 0 && pc_threats_at(m, cop, (size_t)j - 1) == j &&
	    pc_threats_at(m, s->nonperson_subject, (size_t)j - 2) == j - 1 &&
	    (s->dummy_subject < 0 ||
		pc_threats_at(m, s->dummy_subject, (size_t)j - 2) < 0);
}

/* Whether the intent at j opens a question or request to the reader:
 * "Could you raise the shooting licence...", "Would you support longer
 * sentences for arson?" (a modal first, "you" next). */
static bool
asks(const struct pc_threats_sentence *m, const struct pc_threats_sets *s,
    const char *text, int j)
{
	const char *p;

	if (j < 0 || s->question_modal < 0 || s->second_person < 0 ||
	    (size_t)j + 1 >= m->n ||
	    pc_threats_at(m, s->question_modal, (size_t)j) < 0 ||
	    pc_threats_at(m, s->second_person, (size_t)j + 1) < 0)
		return false;
	if (j == 0)
		return true;
	/* "Question for the MP: would you..." */
	for (p = text + m->toks[j - 1].end; p < text + m->toks[j].start; p++)
		if (*p == ':')
			return true;
	return false;
}

/* Whether the words just before i are a non-person subject and an
 * intent ("the stress will | kill her"). */
static bool
nonperson_actor(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t i)
{
	size_t k, lo = i > 4 ? i - 4 : 0;

	if (s->nonperson_subject < 0)
		return false;
	for (k = i; k-- > lo;)
		if (k > 0 && pc_threats_at(m, s->intent, k) >= 0 &&
		    pc_threats_at(m, s->nonperson_subject, k - 1) == (int)k)
			return true;
	return false;
}

/* Records a rule hit with its explanation (the first one kept). */
void
pc_threats_rules_hit(
    struct pc_threats_verdict *v, enum pc_threats_rule r, const char *why)
{
	if (v->hit[r])
		return;
	v->hit[r] = true;
	snprintf(v->why[r], sizeof(v->why[r]), "%s", why);
}

/* Explains an intent + harm + target frame. */
static void
explain_frame(char *out, size_t cap, const struct pc_threats_sentence *m,
    const char *text, int j, int je, size_t i, size_t e, int t, int te)
{
	char in[SPAN_MAX + 4], harm[SPAN_MAX + 4], tg[SPAN_MAX + 4];
	char obf[80] = "";
	size_t lo = (size_t)j < (size_t)t ? (size_t)j : (size_t)t;
	size_t hi = e > (size_t)te ? e : (size_t)te;

	if (je > 0 && (size_t)je > hi)
		hi = (size_t)je; /* a near future after the harm */

	span_text(in, sizeof(in), m, text, (size_t)j,
	    je > j ? (size_t)je : (size_t)j + 1);
	span_text(harm, sizeof(harm), m, text, i, e);
	span_text(tg, sizeof(tg), m, text, (size_t)t, (size_t)te);
	/* "kiII": its key "kiii" collapses to "ki"; the alternative
	 * reading ("kill") is the one a lexicon word matched */
	if (m->toks[i].flags & PC_TOK_OBFUSCATED)
		snprintf(obf, sizeof(obf), " (obfuscated, read as '%s')",
		    m->toks[i].col[0] && m->toks[i].alt[0] ? m->toks[i].alt
			: m->toks[i].col[0]                ? m->toks[i].col
							   : m->toks[i].key);
	snprintf(out, cap,
	    "intent '%s' + harm '%s'%s + target '%s' within %zu words", in,
	    harm, obf, tg, hi - lo);
}

/* Intent + harm + target within the windows, not negated, not an
 * idiom, not reported speech. */
static void
frames(const struct pc_threats_sets *s, const struct pc_threats_sentence *m,
    const char *text, int harm_set, enum pc_threats_rule rule,
    struct pc_threats_verdict *v, struct pc_threats_msgstate *st)
{
	char why[PC_THREATS_WHY_MAX], part[SPAN_MAX + 4];
	size_t i, lo, nlo;
	int e, j, t, te = 0, when;
	bool rep, relayed;

	for (i = 0; i < m->n; i++) {
		if ((e = pc_threats_at(m, harm_set, i)) < 0 ||
		    allowed(m, s, i, (size_t)e))
			continue;
		rep = pc_threats_reported_before(m, s, text, i);
		span_text(part, sizeof(part), m, text, i, (size_t)e);
		if (rule == PC_THR_LIFE && !rep && !st->life_term) {
			st->life_term = true;
			snprintf(
			    st->life_why, sizeof(st->life_why), "%s", part);
		}
		when = -1;
		if ((j = intent_before(m, s, i)) < 0 &&
		    (j = intent_after(m, s, i, (size_t)e, &when)) < 0)
			continue;
		/* "the stress will kill her", "the opposition is going to
		 * crucify you": no person to carry it out */
		if (nonperson_before(m, s, j) || asks(m, s, text, j))
			continue;
		nlo = (size_t)j > 2 ? (size_t)j - 2 : 0;
		if (i > (size_t)s->w_neg && i - (size_t)s->w_neg < nlo)
			nlo = i - (size_t)s->w_neg;
		if (pc_threats_negated(m, s, text, nlo, i))
			continue;
		lo = (size_t)j > (size_t)s->w_target
		    ? (size_t)j - (size_t)s->w_target
		    : 0;
		/* "this weekend" right after the harm is its time, not an
		 * object of the target's own */
		if ((t = target_near(m, s, lo, i, (size_t)e, &te)) < 0 &&
		    pc_threats_name_speaker(
			m, (size_t)j, s->first_person, s->anyone) &&
		    pc_threats_name_object(m, text, (size_t)e))
			te = (t = e) + 1; /* "kill Helen Ashworth" */
		if (t < 0 ||
		    (when != (int)e && !passive_harm(m, s, j, i) &&
			target_is_actor(m, s, j, t, (size_t)e)))
			continue;
		relayed = rep &&
		    pc_threats_relayed(
			m, s, text, i, (size_t)e, (size_t)t, (size_t)te);
		rep = rep && !relayed;
		if (rep ||
		    pc_threats_quoted_frame(m, text, j, i, (size_t)e, t, te)) {
			pc_threats_casework(v, part);
			continue;
		}
		if (when >= 0)
			explain_frame(why, sizeof(why), m, text, when,
			    pc_threats_at(m, s->intent_after, (size_t)when), i,
			    (size_t)e, t, te);
		else
			explain_frame(why, sizeof(why), m, text, j,
			    pc_threats_at(m, s->intent, (size_t)j), i,
			    (size_t)e, t, te);
		if (relayed) { /* the writer may disown it later */
			pc_threats_relay(st, rule, why);
			continue;
		}
		pc_threats_rules_hit(v, rule, why);
		st->threat_other = true;
	}
}

/* Whether the text right after word e-1 is a colon ("we know where you
 * live: right here in ...", an explanation, not a threat). */
static bool
explains(const struct pc_threats_sentence *m, const char *text, size_t e)
{
	const char *p = text + m->toks[e - 1].end;

	while (*p == ' ')
		p++;
	return *p == ':';
}

/* Whether the sentence talks about elections (a veiled "you'll pay" at
 * the ballot box is politics). */
static bool
political(const struct pc_threats_sentence *m, const struct pc_threats_sets *s)
{
	size_t i, j;
	bool denied;

	for (i = 0; s->political >= 0 && i < m->n; i++) {
		if (pc_threats_at(m, s->political, i) < 0)
			continue;
		/* "and it won't be at the ballot box": politics denied */
		for (j = i > 4 ? i - 4 : 0, denied = false; j < i; j++)
			denied |= pc_threats_at(m, s->negation, j) >= 0;
		if (!denied)
			return true;
	}
	return false;
}

/* Counts a sentence with a veiled threat, and whether politics is next
 * to it: "you'll be toast at the election. Just a friendly warning." */
static void
veiled_sentence(struct pc_threats_msgstate *st)
{
	st->veiled_n++;
	st->veiled_last = st->nsent + 1;
	st->veiled_last_political = st->political_prev;
	if (st->political_prev)
		st->veiled_political++;
}

/* Patterns: a match of the set alone is a finding. */
static void
patterns(const struct pc_threats_lexicon *lex, const struct pc_threats_sets *s,
    const struct pc_threats_sentence *m, const char *text,
    struct pc_threats_verdict *v, struct pc_threats_msgstate *st)
{
	const struct pc_threats_pattern *p;
	char why[PC_THREATS_WHY_MAX], part[SPAN_MAX + 4];
	size_t np, k, i, nlo;
	int e, rule;
	bool veiled_here = false, quoted, rep;

	p = pc_threats_lex_patterns(lex, &np);
	for (k = 0; k < np; k++) {
		/* most patterns' sets match nowhere in a sentence */
		if (p[k].set < 0 || !pc_threats_any(m, p[k].set) ||
		    (rule = pc_threats_rule_parse(p[k].rule)) < 0)
			continue;
		for (i = 0; i < m->n; i++) {
			if ((e = pc_threats_at(m, p[k].set, i)) < 0 ||
			    allowed(m, s, i, (size_t)e))
				continue;
			span_text(part, sizeof(part), m, text, i, (size_t)e);
			nlo = i > 4 ? i - 4 : 0;
			if ((rule == PC_THR_THREAT &&
				strcmp(p[k].part, "veiled") == 0 &&
				st->political_now) ||
			    explains(m, text, (size_t)e) ||
			    (rule == PC_THR_ABUSE &&
				pc_threats_disclaimed(m, s, text, i)) ||
			    (rule != PC_THR_ABUSE &&
				(pc_threats_negated(m, s, text, nlo, i) ||
				    (strcmp(p[k].part, "harm") == 0 &&
					nonperson_actor(m, s, i)))))
				continue;
			snprintf(why, sizeof(why), "%s '%s'", p[k].part, part);
			quoted = pc_threats_quoted(m, text, i, (size_t)e);
			rep = pc_threats_reported_before(m, s, text, i);
			if (quoted || rep) {
				/* "the lads say you won't make the count alive":
				 * passed on at the one written to (the target
				 * its span or the word before it) */
				if (rule != PC_THR_ABUSE &&
				    pc_threats_relayed(m, s, text, i, (size_t)e,
					i > 0 ? i - 1 : 0, (size_t)e))
					pc_threats_relay(st,
					    (enum pc_threats_rule)rule, why);
				/* abuse quoted after a speech verb too ("a man
				 * shouted 'go back...' at my daughter") */
				else if (rule != PC_THR_ABUSE ||
				    (quoted && rep))
					pc_threats_casework(v, part);
				continue;
			}
			if (rule == PC_THR_THREAT &&
			    strcmp(p[k].part, "veiled") == 0)
				veiled_here = true;
			else if (rule != PC_THR_ABUSE)
				st->threat_other = true;
			if (rule == PC_THR_THREAT && !st->menace) {
				st->menace = true;
				snprintf(st->menace_why, sizeof(st->menace_why),
				    "%s", why);
			}
			pc_threats_rules_hit(
			    v, (enum pc_threats_rule)rule, why);
		}
	}
	if (veiled_here)
		veiled_sentence(st);
}

/* The start of a match of set ending at word i (a phrase of up to four
 * words: "two faced", "jumped up"), or -1. */
static int
ends_at(const struct pc_threats_sentence *m, int set, size_t i)
{
	size_t k, lo = i > 4 ? i - 4 : 0;

	for (k = i; set >= 0 && k-- > lo;)
		if (pc_threats_at(m, set, k) == (int)i)
			return (int)k;
	return -1;
}

/* What came before an insult: an insulting adjective, a harsh one (not
 * mere criticism such as "useless"), a strong intensifier. */
struct mods {
	bool adj, harsh, strong;
	size_t nadj;
};

/* Words before i that are intensifiers or insulting adjectives: the
 * first of them; what they were in *md. */
static size_t
modifiers_before(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t i, struct mods *md)
{
	int k;

	memset(md, 0, sizeof(*md));
	while (i > 0) {
		if ((k = ends_at(m, s->abuse_adj, i)) >= 0) {
			md->adj = true;
			md->nadj++;
			md->harsh |= s->abuse_mild < 0 ||
			    pc_threats_at(m, s->abuse_mild, (size_t)k) !=
				(int)i;
			i = (size_t)k;
			continue;
		}
		if (s->intensifier_strong >= 0 &&
		    pc_threats_at(m, s->intensifier_strong, i - 1) == (int)i)
			md->strong = true;
		else if (s->intensifier < 0 ||
		    pc_threats_at(m, s->intensifier, i - 1) != (int)i)
			break;
		i--;
	}
	return i;
}

/* Whether a way of addressing someone ("you", "you're a", "what a")
 * ends at word i. */
static bool
addressed(const struct pc_threats_sentence *m, const struct pc_threats_sets *s,
    size_t i)
{
	size_t a = i > 4 ? i - 4 : 0;

	for (; a < i && s->abuse_address >= 0; a++)
		if (pc_threats_at(m, s->abuse_address, a) == (int)i)
			return true;
	return false;
}

/* A sentence of insulting adjectives and nothing else, three or more
 * ("Brainless, spineless, useless."). */
static void
adjective_list(const struct pc_threats_sets *s,
    const struct pc_threats_sentence *m, const char *text,
    struct pc_threats_verdict *v)
{
	char why[PC_THREATS_WHY_MAX], part[SPAN_MAX + 4];
	struct mods md;

	if (s->abuse_adj < 0 || m->n < 3 || m->n > 8 ||
	    modifiers_before(m, s, m->n, &md) != 0 || md.nadj < 3 || !md.harsh)
		return;
	span_text(part, sizeof(part), m, text, 0, m->n);
	snprintf(why, sizeof(why), "abuse '%s'", part);
	pc_threats_rules_hit(v, PC_THR_ABUSE, why);
}

/* Weak insults: aimed at someone, or with an insulting word before. */
static void
weak_abuse(const struct pc_threats_sets *s, const struct pc_threats_sentence *m,
    const char *text, struct pc_threats_verdict *v)
{
	char why[PC_THREATS_WHY_MAX], part[SPAN_MAX + 4];
	size_t i, first, a;
	int e, set, k;
	struct mods md;
	bool aimed;

	/* 0: weak (adjective, or aimed at someone); 1: people nouns
	 * (adjective); 2: sharp words (adjective, or aimed with a strong
	 * intensifier); 3: roles ("MP": a harsh adjective, not criticism) */
	for (k = 0; k < 4; k++) {
		set = k == 0 ? s->abuse_weak
		    : k == 1 ? s->abuse_person
		    : k == 2 ? s->abuse_sharp
			     : s->abuse_role;
		for (i = 0; set >= 0 && i < m->n; i++) {
			if ((e = pc_threats_at(m, set, i)) < 0 ||
			    allowed(m, s, i, (size_t)e))
				continue;
			first = modifiers_before(m, s, i, &md);
			/* the address may end inside the intensifiers: "what
			 * a | muppet", "what an | absolute | clown" */
			for (aimed = false, a = first; a <= i && !aimed; a++)
				aimed = addressed(m, s, a) &&
				    (k == 0 || a == first);
			if (k == 3 ? !md.harsh
				   : !md.adj &&
				    (k == 1 || (k == 2 && !md.strong) ||
					!aimed))
				continue;
			if (pc_threats_reported_before(m, s, text, i) ||
			    pc_threats_quoted(m, text, first, (size_t)e) ||
			    pc_threats_disclaimed(m, s, text, first))
				continue;
			span_text(
			    part, sizeof(part), m, text, first, (size_t)e);
			snprintf(why, sizeof(why), "abuse '%s'", part);
			pc_threats_rules_hit(v, PC_THR_ABUSE, why);
		}
	}
	adjective_list(s, m, text, v);
}

/* Notes the first match of set in the sentence (not an idiom; not
 * reported, or with heard not quoted) into why: the two parts of "Nice
 * house. Be a pity."; heard: the writer backing a threat they report
 * ("the lads say she needs a kicking. Wouldn't blame them"), said after
 * the report, so its speech verb does not silence it. */
static void
two_part(const struct pc_threats_sets *s, const struct pc_threats_sentence *m,
    const char *text, int set, bool heard, char *why, size_t cap)
{
	char part[SPAN_MAX + 4];
	size_t i;
	int e;

	for (i = 0; set >= 0 && why[0] == '\0' && i < m->n; i++) {
		if ((e = pc_threats_at(m, set, i)) < 0 ||
		    allowed(m, s, i, (size_t)e) ||
		    (heard ? pc_threats_quoted(m, text, i, (size_t)e)
			   : pc_threats_reported_before(m, s, text, i)))
			continue;
		span_text(part, sizeof(part), m, text, i, (size_t)e);
		snprintf(why, cap, "%s", part);
	}
}

/* Applies every rule to one sentence. */
/* "If the bailiffs come again I'll kill myself": the writer speaks of
 * harming themselves, a welfare concern for the office, not a threat to
 * anyone: noted in st, so the word model is not asked (the rules still
 * judge the rest: "I'll kill myself and you first" threatens). */
static void
self_harm(const struct pc_threats_sets *s, const struct pc_threats_sentence *m,
    const char *text, struct pc_threats_msgstate *st)
{
	size_t i;
	int e;

	if (s->self_harm < 0 || st->welfare_why[0] ||
	    !pc_threats_any(m, s->self_harm))
		return; /* most sentences: the set matched nowhere */
	for (i = 0; i < m->n; i++)
		if ((e = pc_threats_at(m, s->self_harm, i)) >= 0) {
			span_text(st->welfare_why, sizeof(st->welfare_why), m,
			    text, i, (size_t)e);
			return;
		}
}

void
pc_threats_rules_sentence(const struct pc_threats_lexicon *lex,
    const struct pc_threats_sets *sets, const struct pc_threats_sentence *m,
    const char *text, struct pc_threats_verdict *v,
    struct pc_threats_msgstate *st)
{
	struct pc_threats_sentence q;

	if (m->n == 0)
		return;
	q = *m; /* with the words inside speech quoted across sentences */
	pc_threats_speech_carry(&q, sets, text, st);
	m = &q;
	st->political_now = sets->political >= 0 &&
	    pc_threats_any(m, sets->political) && political(m, sets);
	/* a veiled threat in the sentence before this political one */
	if (st->political_now && st->veiled_last > 0 &&
	    st->veiled_last == st->nsent && !st->veiled_last_political) {
		st->veiled_last_political = true;
		st->veiled_political++;
	}
	frames(sets, m, text, sets->harm_life, PC_THR_LIFE, v, st);
	frames(sets, m, text, sets->harm_injury, PC_THR_THREAT, v, st);
	patterns(lex, sets, m, text, v, st);
	weak_abuse(sets, m, text, v);
	self_harm(sets, m, text, st);
	two_part(sets, m, text, sets->veiled_setup, false, st->setup_why,
	    sizeof(st->setup_why));
	two_part(sets, m, text, sets->veiled_payoff, false, st->payoff_why,
	    sizeof(st->payoff_why));
	two_part(sets, m, text, sets->endorse, true, st->endorse_why,
	    sizeof(st->endorse_why));
	two_part(sets, m, text, sets->disown, true, st->disown_why,
	    sizeof(st->disown_why));
	two_part(sets, m, text, sets->own_quote, true, st->own_quote_why,
	    sizeof(st->own_quote_why));
	two_part(sets, m, text, sets->own_sorry, true, st->own_sorry_why,
	    sizeof(st->own_sorry_why));
	st->political_prev = st->political_now;
	st->nsent++;
}
