/* Fuzz target: harassment grouping over messages cut from the input
 * (lines: "sender|date|text") never crashes, and each pattern it
 * reports holds at least the threshold of messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/threats/date.h"
#include "checks/threats/pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks a pattern's size. */
static int
on_hit(void *arg, const struct pc_threats_pattern_hit *h)
{
	(void)arg;
	if (h->n < 2 || (h->by_text && h->nsenders < 2))
		abort();
	return 0;
}

/* Adds each line of data as a message, then groups them. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_threats_tracker *p;
	char *s = malloc(size + 1), *line, *save = NULL, *f1, *f2;

	if (s == NULL || pc_threats_pattern_new(&p, 2, 30) != 0) {
		free(s);
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	for (line = strtok_r(s, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		f1 = strchr(line, '|');
		f2 = f1 ? strchr(f1 + 1, '|') : NULL;
		if (f2 == NULL)
			continue;
		*f1 = *f2 = '\0';
		if (pc_threats_pattern_add(p,
			&(struct pc_threats_pattern_msg){
			    .sender_key = *line ? line : NULL,
			    .subject = line,
			    .text = f2 + 1,
			    .len = strlen(f2 + 1),
			    .when = pc_threats_date_parse(f1 + 1) }) != 0)
			abort();
	}
	if (pc_threats_pattern_finish(p, on_hit, NULL) != 0)
		abort();
	pc_threats_pattern_free(p);
	free(s);
	return 0;
}
