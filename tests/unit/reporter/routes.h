/* The shipped escalation routes and a checked checklist render, shared by
 * the tests that render pages (test_checklist.c, test_render.c,
 * test_html.c). */
#ifndef PC_TEST_REPORTER_ROUTES_H
#define PC_TEST_REPORTER_ROUTES_H

#include "fixture.h"
#include "reporter/checklist.h"

static struct pc_escalation *fx_esc;

/* Loads policies/escalation.yaml into fx_esc (a suite's .init). */
static inline void
fx_routes_load(void)
{
	cr_assert_eq(pc_escalation_load(&fx_esc, "policies/escalation.yaml"),
	    0, "%s", pc_error_get());
}

/* Frees fx_esc (a suite's .fini). */
static inline void
fx_routes_free(void)
{
	pc_escalation_free(fx_esc);
}

/* Renders the checklist of r with fx_esc (staff may be NULL); caller
 * frees. */
static inline char *
fx_checklist(const struct pc_report *r, enum pc_checklist_format fmt,
    const char *staff)
{
	char *text;
	size_t len;

	cr_assert_eq(pc_checklist_render(&text, &len, r, fx_esc, fmt, staff),
	    0, "%s", pc_error_get());
	cr_assert_eq(strlen(text), len);
	return text;
}

#endif
