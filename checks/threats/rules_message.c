/* The threats rules at a message's end: what its sentences add up to
 * (a menace and a death word in different sentences, a two-part veiled
 * threat, a reported threat the writer backs, veiled threats that were
 * only election talk). */
#include <stdio.h>

#include "rules.h"

void
pc_threats_rules_finish(
    struct pc_threats_verdict *v, const struct pc_threats_msgstate *st)
{
	char why[PC_THREATS_WHY_MAX];

	/* every veiled threat sits next to election talk and nothing else
	 * threatens: politics ("you'll be toast at the election. Just a
	 * friendly warning") */
	if (st->veiled_n > 0 && st->veiled_political == st->veiled_n &&
	    !st->threat_other && !v->hit[PC_THR_LIFE]) {
		v->hit[PC_THR_THREAT] = false;
		v->why[PC_THR_THREAT][0] = '\0';
		return;
	}
	if (st->menace && st->life_term && !v->hit[PC_THR_LIFE]) {
		snprintf(why, sizeof(why),
		    "%.120s + harm '%.40s' in the same message", st->menace_why,
		    st->life_why);
		pc_threats_rules_hit(v, PC_THR_LIFE, why);
	}
	if (st->setup_why[0] && st->payoff_why[0] && !v->hit[PC_THR_THREAT]) {
		snprintf(why, sizeof(why),
		    "veiled '%.40s' + '%.40s' in the same message",
		    st->setup_why, st->payoff_why);
		pc_threats_rules_hit(v, PC_THR_THREAT, why);
	}
	/* a threat made at the one written to, passed on: theirs to
	 * know of, unless the writer stood against it ("I told him to shut
	 * up", "I've rung 101"): then a casework note */
	if (st->relayed > 0 && !st->disown_why[0]) {
		snprintf(why, sizeof(why), "%.150s, passed on by the writer",
		    st->relayed_why);
		pc_threats_rules_hit(
		    v, (enum pc_threats_rule)(st->relayed - 1), why);
	} else if (st->relayed > 0 && !v->casework) {
		v->casework = true;
		snprintf(v->casework_why, sizeof(v->casework_why),
		    "a threat passed on to the office, the writer against it: '%s'",
		    st->disown_why);
	}
	snprintf(v->backs_why, sizeof(v->backs_why), "%s", st->endorse_why);
	snprintf(v->owns_why, sizeof(v->owns_why), "%s", st->own_quote_why);
	/* "I'm sorry for what I sent last night" above the quote: the
	 * earlier message was flagged when it came; this one takes it back */
	v->sorry = st->own_sorry_why[0] != '\0';
	v->welfare = st->welfare_why[0] != '\0';
	/* a threat the writer reports and backs is theirs too */
	if (v->casework && st->endorse_why[0] && !v->hit[PC_THR_LIFE] &&
	    !v->hit[PC_THR_THREAT]) {
		snprintf(why, sizeof(why),
		    "reported threat + the writer backs it: '%.48s'",
		    st->endorse_why);
		pc_threats_rules_hit(v, PC_THR_THREAT, why);
	}
	if (v->hit[PC_THR_LIFE] && v->hit[PC_THR_THREAT]) {
		v->hit[PC_THR_THREAT] = false; /* the higher rule says it */
		v->why[PC_THR_THREAT][0] = '\0';
	}
	if (v->hit[PC_THR_LIFE] || v->hit[PC_THR_THREAT]) {
		v->casework = false;
		v->casework_why[0] = '\0';
	}
}
