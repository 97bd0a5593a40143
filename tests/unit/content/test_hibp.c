/* Have I Been Pwned lookups and the website crawl, against the emulator. */
#include <criterion/criterion.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "checks/content/crawl.h"
#include "checks/content/hibp.h"
#include "collect.h"
#include "emu.h"

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

/* Looks email up in scenario. */
static int
lookup(const char *scenario, const char *key, const char *email,
    struct pc_hibp_breach **b, size_t *n, int *attempts)
{
	struct pc_http_opts o = { .what = "hibp", .ca_file = emu.ca };
	struct pc_http *http;
	char url[256];
	int r;

	snprintf(url, sizeof(url), "%s/%s/hibp/api/v3", emu.base, scenario);
	cr_assert_eq(pc_http_new(&http, &o), 0);
	r = pc_hibp_lookup(b, n, http, url, key, email);
	if (attempts)
		*attempts = (int)pc_http_requests(http);
	pc_http_free(http);
	return r;
}

TestSuite(hibp, .init = start, .fini = stop, .timeout = 60);

Test(hibp, breach_with_passwords_and_date)
{
	struct pc_hibp_breach *b;
	size_t n;

	cr_assert_eq(lookup("ok", "test-hibp-api-key\n",
	    "alex.caseworker@parliament.uk", &b, &n, NULL), 0, "%s",
	    pc_error_get());
	cr_assert_eq(n, 1);
	cr_assert_str_eq(b[0].name, "ExampleForum2024");
	cr_assert_str_eq(b[0].date, "2024-03-10");
	cr_assert(b[0].passwords);
	cr_assert_str_eq(b[0].classes, "Email addresses, Passwords, Usernames");
	pc_hibp_breaches_free(b, n);
}

Test(hibp, breach_without_passwords)
{
	struct pc_hibp_breach *b;
	size_t n;

	cr_assert_eq(lookup("ok", "test-hibp-api-key",
	    "sam.example@parliament.uk", &b, &n, NULL), 0);
	cr_assert_eq(n, 1);
	cr_assert(!b[0].passwords);
	pc_hibp_breaches_free(b, n);
}

Test(hibp, not_found_is_404_and_no_breaches)
{
	struct pc_hibp_breach *b;
	size_t n = 9;

	cr_assert_eq(lookup("ok", "test-hibp-api-key",
	    "priya.researcher@parliament.uk", &b, &n, NULL), 0);
	cr_assert_eq(n, 0);
	cr_assert_null(b);
}

Test(hibp, rate_limited_429_is_retried_after_retry_after)
{
	struct pc_hibp_breach *b;
	size_t n;
	int attempts;

	cr_assert_eq(lookup("429", "test-hibp-api-key",
	    "alex.caseworker@parliament.uk", &b, &n, &attempts), 0, "%s",
	    pc_error_get());
	cr_assert_eq(n, 1);
	cr_assert_geq(attempts, 2, "the 429 was retried");
	pc_hibp_breaches_free(b, n);
}

Test(hibp, wrong_key_is_an_auth_error_without_the_key)
{
	struct pc_hibp_breach *b;
	size_t n;
	int r;

	r = lookup("ok", "wrong-key-123456", "alex.caseworker@parliament.uk",
	    &b, &n, NULL);
	cr_assert_eq(r, PC_EAUTH, "got %d %s", r, pc_error_get());
	cr_assert(strstr(pc_error_get(), "wrong-key") == NULL);
}

Test(hibp, interval_from_rate)
{
	cr_assert_eq(pc_hibp_interval_ms(600), 100);
	cr_assert_eq(pc_hibp_interval_ms(0), 6000);
}

/* Records pages that could not be read. */
static void
on_note(void *arg, const char *url, const char *reason)
{
	int *n = arg;

	(*n)++;
	cr_assert(strstr(url, "external.example.invalid") == NULL);
}

Test(hibp, crawl_same_site_only)
{
	struct pc_crawl_opts o = { .ca_file = emu.ca, .max_pages = 20 };
	struct pc_crawl_stats st;
	struct pc_text_sink s;
	struct collect c;
	char url[256];
	int notes = 0, i;

	snprintf(url, sizeof(url), "%s/ok/site/", emu.base);
	o.start_url = url;
	s = collect_sink(&c);
	cr_assert_eq(pc_crawl(&o, &s, on_note, &notes, &st), 0, "%s",
	    pc_error_get());
	cr_assert_geq(st.pages, 5, "pages read: %zu", st.pages);
	cr_assert_eq(st.failed + st.missing, (size_t)notes);
	cr_assert_eq(st.missing, 1, "old-news.html is a broken link");
	cr_assert_eq(st.failed, 0);
	i = collect_find(&c, "mailto:chris.member@parliament.uk");
	cr_assert(i >= 0, "mailto: link text extracted");
	cr_assert(!st.page_cap_hit);
	collect_free(&c);
}

Test(hibp, crawl_page_cap)
{
	struct pc_crawl_opts o = { .ca_file = emu.ca, .max_pages = 2 };
	struct pc_crawl_stats st;
	struct pc_text_sink s;
	struct collect c;
	char url[256];
	int notes = 0;

	snprintf(url, sizeof(url), "%s/ok/site/index.html", emu.base);
	o.start_url = url;
	s = collect_sink(&c);
	cr_assert_eq(pc_crawl(&o, &s, on_note, &notes, &st), 0);
	cr_assert_eq(st.pages + st.failed + st.missing, 2);
	cr_assert(st.page_cap_hit);
	collect_free(&c);
}

Test(hibp, crawl_unreachable_start_is_an_error)
{
	struct pc_crawl_opts o = { .ca_file = emu.ca };
	struct pc_crawl_stats st;
	struct pc_text_sink s;
	struct collect c;
	char url[256];
	int notes = 0;

	snprintf(url, sizeof(url), "%s/ok/site/missing.html", emu.base);
	o.start_url = url;
	s = collect_sink(&c);
	cr_assert_lt(pc_crawl(&o, &s, on_note, &notes, &st), 0);
	collect_free(&c);
}

Test(hibp, resolve_keeps_to_the_site)
{
	const char *pre = "https://a.example/site/";
	char *u;

	u = pc_crawl_resolve("https://a.example/site/x/index.html",
	    "../about.html#top", pre);
	cr_assert_str_eq(u, "https://a.example/site/about.html");
	free(u);
	cr_assert_null(pc_crawl_resolve(pre, "https://b.example/site/", pre));
	cr_assert_null(pc_crawl_resolve(pre, "http://a.example/site/x", pre));
	cr_assert_null(pc_crawl_resolve(pre, "/other/", pre));
	cr_assert_null(pc_crawl_resolve(pre, "mailto:x@y", pre));
	cr_assert_null(pc_crawl_resolve(pre, "https://a.example:444/site/",
	    pre));
	cr_assert_null(pc_crawl_resolve(pre, "logo.png", pre));
}
