/* The matcher's helper threads (side database compiled beside the main
 * one, block databases compiled ahead of need) change nothing a caller
 * sees: the same findings in the same order whichever thread compiled a
 * database first, and they start inside the reader sandbox (seccomp allows
 * clone only for threads) that inspect and the exposure child run under. */
#include <criterion/criterion.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/sandbox.h"
#include "matchrun.h"

#define CORPUS PC_SOURCE_DIR "/tests/data/content/corpus"

/* people.txt then secrets.txt, as one text (caller frees). */
static char *
corpus_text(size_t *len_out)
{
	static const char *const files[] = { CORPUS "/people.txt",
		CORPUS "/secrets.txt" };
	char *text = NULL;
	size_t len = 0, i, n;
	FILE *f;

	for (i = 0; i < 2; i++) {
		cr_assert_not_null(f = fopen(files[i], "rb"));
		text = realloc(text, len + (1 << 20));
		cr_assert_not_null(text);
		n = fread(text + len, 1, 1 << 20, f);
		len += n;
		fclose(f);
	}
	*len_out = len;
	return text;
}

/* One line per finding: what a caller relies on (not the HMAC key). */
static void
summary(const struct mr *r, char *out, size_t cap)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < r->n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o,
		    "%s %d %llu:%llu %llu+%llu %s %s %s\n", r->det[i],
		    (int)r->sev[i], r->line[i], r->col[i], r->off[i], r->len[i],
		    r->preview[i], r->contains[i], r->hmac[i]);
}

Test(matcher_threads, fresh_and_warm_matchers_find_the_same)
{
	static char first[64 << 10], again[64 << 10], other[64 << 10];
	size_t len;
	char *text = corpus_text(&len);
	struct mr *a = mr_new(), *b;

	/* fresh: the helper is still compiling while candidates arrive */
	mr_feed(a, text, len, 4096);
	cr_assert_gt(a->n, 10);
	summary(a, first, sizeof(first));
	/* warm: every database this text needs exists already */
	mr_feed(a, text, len, 0);
	summary(a, again, sizeof(again));
	cr_assert_str_eq(first, again);
	/* another fresh matcher, fed in other chunks */
	b = mr_new();
	mr_feed(b, text, len, 1);
	summary(b, other, sizeof(other));
	cr_assert_str_eq(first, other);
	mr_free(a);
	mr_free(b);
	free(text);
}

Test(matcher_threads, runs_inside_the_reader_sandbox)
{
	static char outside[64 << 10], inside[64 << 10];
	const char *paths[] = { CORPUS };
	struct pc_sandbox_applied applied;
	size_t len, got = 0;
	ssize_t k;
	char *text = corpus_text(&len);
	struct mr *r = mr_new();
	int pfd[2], ws;
	pid_t pid;

	mr_feed(r, text, len, 0);
	summary(r, outside, sizeof(outside));
	mr_free(r);
	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		static const unsigned char key[] = "test-office-hmac-key";

		close(pfd[0]);
		/* detectors are loaded before the sandbox, as inspect does */
		r = calloc(1, sizeof(*r));
		if (r == NULL || pc_detectors_load_dir(&r->set,
				     PC_SOURCE_DIR "/policies/detectors") != 0)
			_exit(11);
		if (pc_sandbox_apply_reader(paths, 1, &applied) != 0)
			_exit(12);
		/* the matcher starts its helper threads under seccomp */
		if (pc_matcher_new(&r->m, r->set, key, sizeof(key) - 1, mr_on,
			r) != 0)
			_exit(13);
		pc_matcher_sink(r->m, &r->sink);
		mr_feed(r, text, len, 0);
		summary(r, inside, sizeof(inside));
		(void)!write(pfd[1], inside, strlen(inside));
		mr_free(r);
		_exit(0);
	}
	close(pfd[1]);
	while ((k = read(pfd[0], inside + got, sizeof(inside) - 1 - got)) > 0)
		got += (size_t)k;
	inside[got] = '\0';
	close(pfd[0]);
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0,
	    "sandboxed matcher failed (status %#x)", ws);
	cr_assert_str_eq(outside, inside);
	free(text);
}
