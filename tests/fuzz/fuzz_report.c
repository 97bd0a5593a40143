/* Fuzz target: report.json as PDS receives it. The strict parser must never
 * crash; a report it accepts must serialise and parse again to the same
 * bytes, and render to report.html and both checklists without error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reporter/checklist.h"
#include "reporter/html.h"
#include "agent/report_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One route, so steps both find a route and fall to "other". */
static struct pc_route route = { .id = "office_fixes", .name = "Office fixes",
	.when = "Soon.", .contact = "The digital lead.", .say = "The id.",
	.order = 1 };
static struct pc_escalation esc = { .path = "fuzz", .routes = &route,
	.n = 1 };

/* Renders r every way the reporter does; aborts on an error. */
static void
render_all(const struct pc_report *r)
{
	char *text = NULL;
	size_t len;

	if (pc_html_report(&text, &len, r, &esc, NULL) != 0)
		abort();
	free(text);
	if (pc_checklist_render(&text, &len, r, &esc, PC_CHECKLIST_MD,
		NULL) != 0)
		abort();
	free(text);
	if (pc_checklist_render(&text, &len, r, &esc, PC_CHECKLIST_HTML,
		"Sam Example") != 0)
		abort();
	free(text);
}

/* Parses data as report.json; round-trips and renders what parses. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_report *r = NULL, *again = NULL;
	char *json = NULL, *json2 = NULL;
	size_t len = 0, len2 = 0;

	if (pc_report_parse(&r, NULL, "fuzz", (const char *)data, size) != 0)
		return 0;
	/* New reports are always written as /2; a /1 report has no policy
	 * manifest, so only a /2 report round-trips to the same bytes. */
	if (r->schema_version != 2) {
		render_all(r);
		pc_report_free(r);
		return 0;
	}
	if (pc_report_to_json(r, &json, &len) != 0)
		abort();
	if (pc_report_parse(&again, NULL, "again", json, len) != 0)
		abort();
	if (pc_report_to_json(again, &json2, &len2) != 0 || len != len2 ||
	    memcmp(json, json2, len) != 0)
		abort();
	render_all(r);
	free(json);
	free(json2);
	pc_report_free(again);
	pc_report_free(r);
	return 0;
}
