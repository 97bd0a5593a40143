/* Prints each message's words as the threats engine reads them, for
 * train_model.py: one line per message of the labelled set's src format
 * (`labels | tags | text`, "\n" for a newline) on stdin, its quote split
 * off, out as `labels | tags | w w w | w w` (" | " between sentences).
 * With --scores, each message is judged and its line is the word model's
 * probabilities instead ("threat abuse" and, with the severity model,
 * "threat_to_life"; -1 for none; for train_model.py --check: the C scorer
 * and the trainer must agree). With --rules, the rules' verdict
 * (give the rule lexicons only, no model): "life threat abuse casework",
 * each 0 or 1 (train_model.py --study-veto).
 * Usage: threats_words [--scores|--rules] LEXICON.yaml... < src_x.txt */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checks/threats/engine.h"
#include "checks/threats/quote.h"

struct out {
	size_t sentence;
	int any;
};

/* Prints one word, " | " before a new sentence. */
static void
word(void *arg, const char *key, size_t sentence)
{
	struct out *o = arg;

	if (o->any)
		fputs(sentence != o->sentence ? " | " : " ", stdout);
	fputs(key, stdout);
	o->sentence = sentence;
	o->any = 1;
}

/* Undoes the src format's "\n" escapes in place. */
static size_t
unescape(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++)
		if (r[0] == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else
			*w++ = *r;
	*w = '\0';
	return (size_t)(w - s);
}

int
main(int argc, char **argv)
{
	struct pc_threats_engine *e;
	struct pc_threats_verdict v;
	struct pc_buf text;
	int rules = argc > 1 && strcmp(argv[1], "--rules") == 0;
	int scores = rules || (argc > 1 && strcmp(argv[1], "--scores") == 0);
	struct out o;
	char *line = NULL, *p, *q;
	size_t cap = 0, n, quoted;
	ssize_t got;
	double life;
	int rc = 0;

	pc_buf_init(&text, 64u << 20);
	argc -= scores;
	argv += scores;
	if (argc < 2) {
		fprintf(stderr,
		    "usage: threats_words [--scores|--rules] LEXICON.yaml... < "
		    "src\n");
		return 2;
	}
	if (pc_threats_engine_new(&e, (const char *const *)argv + 1,
		(size_t)argc - 1, NULL, 0) != 0) {
		fprintf(stderr, "threats_words: %s\n", pc_error_get());
		return 2;
	}
	while ((got = getline(&line, &cap, stdin)) > 0) {
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (line[0] == '\0' || line[0] == '#' ||
		    (p = strchr(line, '|')) == NULL ||
		    (q = strchr(p + 1, '|')) == NULL)
			continue;
		*q = '\0';
		n = unescape(q + 1);
		pc_buf_reset(&text);
		if (pc_threats_quote_split(&text, q + 1, n, &quoted) != 0) {
			fprintf(stderr, "threats_words: %s\n", pc_error_get());
			rc = 1;
			break;
		}
		if (scores) {
			if (pc_threats_judge(e, text.data ? text.data : "",
				text.len, &v) != 0) {
				fprintf(stderr, "threats_words: %s\n",
				    pc_error_get());
				rc = 1;
				break;
			}
			if (rules) {
				printf("%d %d %d %d\n", v.hit[PC_THR_LIFE],
				    v.hit[PC_THR_THREAT], v.hit[PC_THR_ABUSE],
				    v.casework);
				continue;
			}
			life = pc_threats_engine_model_p(e, PC_THR_LIFE);
			printf("%.9f %.9f",
			    pc_threats_engine_model_p(e, PC_THR_THREAT),
			    pc_threats_engine_model_p(e, PC_THR_ABUSE));
			if (life >= 0) /* a model with the severity part */
				printf(" %.9f", life);
			printf("\n");
			continue;
		}
		printf("%s | ", line);
		memset(&o, 0, sizeof(o));
		if (pc_threats_engine_words(e, text.data ? text.data : "",
			text.len, word, &o) != 0) {
			fprintf(stderr, "threats_words: %s\n", pc_error_get());
			rc = 1;
			break;
		}
		putchar('\n');
	}
	free(line);
	pc_buf_free(&text);
	pc_threats_engine_free(e);
	return rc;
}
