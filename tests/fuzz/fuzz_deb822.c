/* Fuzz target: the deb822 stanza reader (Packages, Release, InRelease,
 * dpkg status) never crashes or leaks, and keeps its caps: no value longer
 * than max_value, no more stanzas than max_stanzas. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "checks/patch/deb822.h"

struct src {
	const uint8_t *p;
	size_t left;
};

/* Feeds the input in small, uneven pieces to exercise line joins. */
static ssize_t
feed(void *arg, void *buf, size_t n)
{
	struct src *s = arg;

	if (n > 7)
		n = 7;
	if (n > s->left)
		n = s->left;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (ssize_t)n;
}

/* One input, read once as a dpkg status file and once as InRelease. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const want[] = { "Package", "Version", "Status",
		"Label", "Valid-Until" };
	struct pc_deb822_limits lim = { .max_stanza = 4096,
		.max_stanzas = 64, .max_value = 256 };
	struct pc_deb822 r;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		struct src s = { data, size };
		bool got = true;
		size_t i, n = 0;

		lim.strict_end = pass == 0;
		lim.pgp = pass == 1;
		if (pc_deb822_init(&r, "fuzz", feed, &s, &lim, want, 5) != 0)
			abort();
		while (got && pc_deb822_next(&r, &got) == 0 && got) {
			if (++n > lim.max_stanzas)
				abort();
			for (i = 0; i < 5; i++) {
				const char *v = pc_deb822_get(&r, i);

				if (v != NULL && strlen(v) > lim.max_value)
					abort();
			}
		}
		pc_deb822_close(&r);
	}
	return 0;
}
