/* harassment_pattern: senders and near-identical texts, windows. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "checks/threats/date.h"
#include "checks/threats/pattern.h"
#include "checks/threats/sink.h"

#define DAY 86400LL

struct seen {
	int n, by_text[8];
	size_t count[8], senders[8];
	char first_subject[8][64];
};

/* Records each pattern. */
static int
on_hit(void *arg, const struct pc_threats_pattern_hit *h)
{
	struct seen *s = arg;

	if (s->n < 8) {
		s->by_text[s->n] = h->by_text;
		s->count[s->n] = h->n;
		s->senders[s->n] = h->nsenders;
		snprintf(s->first_subject[s->n], 64, "%s", h->subjects[0]);
	}
	s->n++;
	return 0;
}

/* Adds one message. */
static void
add(struct pc_threats_tracker *p, const char *sender, const char *text,
    int64_t when, const char *subject)
{
	cr_assert_eq(pc_threats_pattern_add(p, &(struct pc_threats_pattern_msg){
	    .sender_key = sender, .sender_shown = "x***", .subject = subject,
	    .text = text, .len = text ? strlen(text) : 0, .when = when }), 0);
}

Test(pattern, one_sender_threshold_within_window)
{
	struct pc_threats_tracker *p;
	struct seen s = { 0 };

	cr_assert_eq(pc_threats_pattern_new(&p, 3, 30), 0);
	add(p, "aaa", "you useless scumbag", 100 * DAY, "m1");
	add(p, "aaa", "vile parasite, resign", 110 * DAY, "m2");
	add(p, "bbb", "another person entirely, thick as mince", 111 * DAY,
	    "o1");
	add(p, "aaa", "spineless traitor", 129 * DAY, "m3");
	cr_assert_eq(pc_threats_pattern_finish(p, on_hit, &s), 0);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.by_text[0], 0);
	cr_assert_eq(s.count[0], 3);
	cr_assert_str_eq(s.first_subject[0], "m1");
	pc_threats_pattern_free(p);
}

Test(pattern, spread_over_more_than_the_window_is_not_a_pattern)
{
	struct pc_threats_tracker *p;
	struct seen s = { 0 };

	cr_assert_eq(pc_threats_pattern_new(&p, 3, 30), 0);
	add(p, "aaa", "you useless scumbag", 100 * DAY, "m1");
	add(p, "aaa", "vile parasite, resign", 125 * DAY, "m2");
	add(p, "aaa", "spineless traitor", 131 * DAY, "m3");
	add(p, "aaa", "thick as mince", 170 * DAY, "m4");
	cr_assert_eq(pc_threats_pattern_finish(p, on_hit, &s), 0);
	cr_assert_eq(s.n, 0);
	pc_threats_pattern_free(p);
}

Test(pattern, undated_messages_count_in_every_window)
{
	struct pc_threats_tracker *p;
	struct seen s = { 0 };

	cr_assert_eq(pc_threats_pattern_new(&p, 3, 30), 0);
	add(p, "aaa", "you useless scumbag", 100 * DAY, "m1");
	add(p, "aaa", "vile parasite", PC_THREATS_NO_DATE, "m2");
	add(p, "aaa", "spineless traitor", PC_THREATS_NO_DATE, "m3");
	cr_assert_eq(pc_threats_pattern_finish(p, on_hit, &s), 0);
	cr_assert_eq(s.n, 1);
	cr_assert_str_eq(s.first_subject[0], "m1"); /* dated first */
	pc_threats_pattern_free(p);
}

Test(pattern, one_text_from_many_senders)
{
	struct pc_threats_tracker *p;
	struct seen s = { 0 };

	cr_assert_eq(pc_threats_pattern_new(&p, 3, 30), 0);
	add(p, "a1", "Dear Helen, you are a traitor to this town and a disgrace to Parliament. Resign now. From Bob", 100 * DAY, "t1");
	add(p, "a2", "Dear Helen, you are a traitor to this town and a disgrace to Parliament. Resign now! From Jo", 101 * DAY, "t2");
	add(p, NULL, "dear helen you are a traitor to this town and a disgrace to parliament resign now from Sam", 102 * DAY, "t3");
	add(p, "a4", "You are a traitor. Resign.", 102 * DAY, "x1");
	cr_assert_eq(pc_threats_pattern_finish(p, on_hit, &s), 0);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.by_text[0], 1);
	cr_assert_eq(s.count[0], 3);
	cr_assert_eq(s.senders[0], 3);
	pc_threats_pattern_free(p);
}

Test(pattern, short_different_insults_from_different_senders_are_not_one_text)
{
	struct pc_threats_tracker *p;
	struct seen s = { 0 };
	const char *t[] = { "You are a liar", "You are a traitor",
		"You are a disgrace", "You are a parasite", "You are scum" };
	char sender[8];
	int i;

	cr_assert_eq(pc_threats_pattern_new(&p, 3, 30), 0);
	for (i = 0; i < 5; i++) {
		snprintf(sender, sizeof(sender), "s%d", i);
		add(p, sender, t[i], 100 * DAY, "x");
	}
	cr_assert_eq(pc_threats_pattern_finish(p, on_hit, &s), 0);
	cr_assert_eq(s.n, 0);
	pc_threats_pattern_free(p);
}

Test(pattern, same_text_from_one_sender_is_the_sender_pattern_only)
{
	struct pc_threats_tracker *p;
	struct seen s = { 0 };

	cr_assert_eq(pc_threats_pattern_new(&p, 3, 30), 0);
	add(p, "aaa", "you useless scumbag", 100 * DAY, "m1");
	add(p, "aaa", "you useless scumbag", 101 * DAY, "m2");
	add(p, "aaa", "you useless scumbag", 102 * DAY, "m3");
	cr_assert_eq(pc_threats_pattern_finish(p, on_hit, &s), 0);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.by_text[0], 0);
	pc_threats_pattern_free(p);
}

Test(pattern, signatures_ignore_case_and_punctuation)
{
	uint64_t a[PC_THREATS_SIG_K], b[PC_THREATS_SIG_K];

	cr_assert_eq(pc_threats_text_signature(a, "You, are a TRAITOR!", 19), 1);
	cr_assert_eq(pc_threats_text_signature(b, "you are a traitor", 17), 1);
	cr_assert_eq(pc_threats_signature_agree(a, b), PC_THREATS_SIG_K);
	cr_assert_eq(pc_threats_text_signature(a, " ... !! ", 8), 0);
}

Test(columns, csv_and_json_locators)
{
	cr_assert(pc_threats_column_is("row 4, column 'text'", "text"));
	cr_assert_not(pc_threats_column_is("row 4, column 'text2'", "text"));
	cr_assert_not(pc_threats_column_is("row 4, column 3", "text"));
	cr_assert(pc_threats_column_is("$[3].tweet.full_text",
	    "tweet.full_text"));
	cr_assert(pc_threats_column_is("$.data[3].text", "text"));
	cr_assert(pc_threats_column_is("$.text", "text"));
	cr_assert_not(pc_threats_column_is("$[3].user.text", "text"));
	cr_assert_not(pc_threats_column_is("$[3].tweet.full_text", "full"));
}

Test(columns, separators_trimmed)
{
	cr_assert_eq(pc_threats_column_trim("m1; handle: ", 12,
	    "row 2, column 'handle'"), 2);
	cr_assert_eq(pc_threats_column_trim("m1; ", 4, "row 2, column 2"), 2);
	cr_assert_eq(pc_threats_column_trim("a\nb\nuser: ", 10,
	    "$[0].user.name"), 3);
	cr_assert_eq(pc_threats_column_trim("abc \n", 5, NULL), 3);
}

Test(mask, authors_and_addresses)
{
	char out[64];

	pc_threats_mask_sender(out, sizeof(out), "@TrollAccount");
	cr_assert_str_eq(out, "T***");
	pc_threats_mask_sender(out, sizeof(out), "\"Jo Bloggs\" <jo@example.org>");
	cr_assert_str_eq(out, "j***@example.org");
	pc_threats_mask_sender(out, sizeof(out), "");
	cr_assert_str_eq(out, "unknown sender");
}
