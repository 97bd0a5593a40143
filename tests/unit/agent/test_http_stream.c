/* pc_http_stream against the emulator: refill, chains, stop, retries. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "../content/emu.h"

static struct emu emu;

static void
start(void)
{
	cr_assert_eq(emu_start(&emu), 0, "the emulator did not start");
}

static void
stop(void)
{
	emu_stop(&emu);
}

TestSuite(http_stream, .init = start, .fini = stop, .timeout = 120);

#define NREQ 24

/* The website pages the emulator serves; one in four does not exist. */
static const char *pages[] = { "index.html", "about.html", "contact.html",
	"no-such-page.html" };

/* A stream of NREQ page fetches: what next() handed out and done() saw. */
struct feed {
	struct pc_http_req req[NREQ];
	struct pc_http_resp resp[NREQ];
	char url[NREQ][256];
	size_t n;	   /* requests to make */
	size_t given;	   /* handed out by next() */
	size_t finished;   /* seen by done() */
	int done_count[NREQ];
	long status[NREQ];
	size_t in_flight, max_in_flight;
	bool chain;	   /* hand out the next one only after the last is done */
	size_t stop_after; /* done() returns an error at this many (0 = never) */
	int next_calls;
};

static void
feed_init(struct feed *f, const char *scenario, size_t n)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->n = n;
	for (i = 0; i < n; i++) {
		snprintf(f->url[i], sizeof(f->url[i]), "%s/%s/site/%s",
		    emu.base, scenario, pages[i % 4]);
		f->req[i].url = f->url[i];
		f->req[i].no_auth = true;
	}
}

static int
feed_next(void *arg, const struct pc_http_req **req,
    struct pc_http_resp **resp, void **tag)
{
	struct feed *f = arg;

	f->next_calls++;
	if (f->given == f->n)
		return 0;
	if (f->chain && f->finished < f->given)
		return 0; /* nothing right now: asked again after a completion */
	*req = &f->req[f->given];
	*resp = &f->resp[f->given];
	*tag = (void *)(uintptr_t)f->given;
	f->given++;
	if (++f->in_flight > f->max_in_flight)
		f->max_in_flight = f->in_flight;
	return 1;
}

static int
feed_done(void *arg, struct pc_http_resp *resp, void *tag)
{
	struct feed *f = arg;
	size_t i = (uintptr_t)tag;

	cr_assert_lt(i, f->n);
	cr_assert_eq(resp, &f->resp[i], "done() got another request's reply");
	f->done_count[i]++;
	f->status[i] = resp->err ? -1 : resp->status;
	f->in_flight--;
	f->finished++;
	if (f->stop_after && f->finished == f->stop_after)
		return PC_EPARSE;
	return 0;
}

static struct pc_http *
client(int concurrency)
{
	struct pc_http_opts o = { .what = "site", .ca_file = emu.ca,
		.concurrency = concurrency, .backoff_base_ms = 10 };
	struct pc_http *http;

	cr_assert_eq(pc_http_new(&http, &o), 0, "%s", pc_error_get());
	return http;
}

static void
feed_free(struct feed *f)
{
	size_t i;

	for (i = 0; i < f->given; i++)
		pc_http_resp_free(&f->resp[i]);
}

Test(http_stream, every_request_done_once_within_the_concurrency)
{
	struct pc_http *http = client(4);
	struct feed f;
	struct pc_http_source src = { feed_next, feed_done, &f };
	size_t i;

	feed_init(&f, "ok", NREQ);
	cr_assert_eq(pc_http_stream(http, &src), 0, "%s", pc_error_get());
	cr_assert_eq(f.given, NREQ);
	for (i = 0; i < NREQ; i++) {
		cr_assert_eq(f.done_count[i], 1, "request %zu done %d times",
		    i, f.done_count[i]);
		cr_assert_eq(f.status[i], i % 4 == 3 ? 404 : 200,
		    "request %zu: status %ld", i, f.status[i]);
	}
	cr_assert_leq(f.max_in_flight, 4);
	cr_assert_gt(f.max_in_flight, 1, "never more than one in flight");
	cr_assert_eq(pc_http_requests(http), NREQ);
	/* The page bodies reached the right responses. */
	cr_assert_not_null(strstr(f.resp[1].body.data ? f.resp[1].body.data
	    : "", "About"), "about.html's body is not in its response");
	feed_free(&f);
	pc_http_free(http);
}

Test(http_stream, a_chain_that_has_nothing_right_now_still_finishes)
{
	struct pc_http *http = client(8);
	struct feed f;
	struct pc_http_source src = { feed_next, feed_done, &f };
	size_t i;

	feed_init(&f, "ok", 6);
	f.chain = true; /* like paging: the next URL is known only after */
	cr_assert_eq(pc_http_stream(http, &src), 0, "%s", pc_error_get());
	cr_assert_eq(f.finished, 6);
	cr_assert_eq(f.max_in_flight, 1);
	for (i = 0; i < 6; i++)
		cr_assert_eq(f.done_count[i], 1);
	feed_free(&f);
	pc_http_free(http);
}

Test(http_stream, an_error_from_done_stops_the_stream)
{
	struct pc_http *http = client(2);
	struct feed f;
	struct pc_http_source src = { feed_next, feed_done, &f };

	feed_init(&f, "ok", NREQ);
	f.stop_after = 3;
	cr_assert_eq(pc_http_stream(http, &src), PC_EPARSE);
	cr_assert_eq(f.finished, 3, "done() ran after it asked to stop");
	/* At most the requests in flight when it stopped were started. */
	cr_assert_leq(f.given, 3 + 2);
	feed_free(&f);
	pc_http_free(http);
}

Test(http_stream, throttled_requests_are_retried_after_retry_after)
{
	struct pc_http *http = client(4);
	struct feed f;
	struct pc_http_source src = { feed_next, feed_done, &f };
	size_t i;

	/* "429": each path answers 429 (Retry-After: 1) twice, then serves. */
	feed_init(&f, "429", 4);
	cr_assert_eq(pc_http_stream(http, &src), 0, "%s", pc_error_get());
	for (i = 0; i < 4; i++) {
		cr_assert_eq(f.status[i], i == 3 ? 404 : 200);
		cr_assert_eq(f.resp[i].attempts, 3, "request %zu: %d attempts",
		    i, f.resp[i].attempts);
	}
	cr_assert_eq(pc_http_requests(http), 12);
	cr_assert_eq(pc_http_retries(http), 8);
	feed_free(&f);
	pc_http_free(http);
}

Test(http_stream, a_request_that_fails_reaches_done_with_its_error)
{
	struct pc_http *http = client(2);
	struct feed f;
	struct pc_http_source src = { feed_next, feed_done, &f };

	/* "429forever" exhausts the attempts: done() sees err, not a status. */
	feed_init(&f, "429forever", 1);
	cr_assert_eq(pc_http_stream(http, &src), 0, "%s", pc_error_get());
	cr_assert_eq(f.done_count[0], 1);
	cr_assert_eq(f.status[0], -1, "a failed request looked like a reply");
	cr_assert_neq(f.resp[0].err, 0);
	feed_free(&f);
	pc_http_free(http);
}
