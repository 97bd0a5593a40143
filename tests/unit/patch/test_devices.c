/* The device inventories' JSON mapping (checks/patch/intune.c,
 * google_devices.c) and the findings each device earns (devices.c), over
 * recorded pages in tests/data/patch/devices/, with "now" pinned to the
 * end-of-life snapshot's date so the verdicts never change with time. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/check_ctx.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/lib/json.h"
#include "agent/policy.h"
#include "agent/runner.h"
#include "checks/patch/devices.h"

#define MAX_LINES 256

/* What one page produced: "subject rule" lines, sorted, and findings. */
struct outcome {
	int ret;
	char got[8192];
	cJSON *lines[MAX_LINES];
	size_t nlines;
	struct pc_devices_inv inv;
};

/* Sorts strings (qsort). */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parses a recorded page and hands it to parse() with a real emit path. */
static void
run_page(struct outcome *out, const char *file,
    int (*parse)(struct pc_devices_inv *, const cJSON *), const char *id,
    const char *provider)
{
	static struct pc_policy *policy;
	static struct pc_config cfg;
	static struct pc_staff staff[5];
	static const char *const names[] = { "Sam Example", "Chris Member MP",
		"Alex Caseworker", "Priya Researcher", "Jordan Manager" };
	static const char *const mails[] = { "sam.example@parliament.uk",
		"chris.member@parliament.uk", "alex.caseworker@parliament.uk",
		"priya.researcher@parliament.uk",
		"jordan.manager@parliament.uk" };
	struct pc_deveol *eol = NULL;
	struct pc_check_ctx ctx = { 0 };
	char line[65536], path[256], *pairs[MAX_LINES];
	size_t i, n = 0;
	struct pc_buf text;
	cJSON *page = NULL;
	FILE *f = tmpfile();

	memset(out, 0, sizeof(*out));
	cr_assert_not_null(f);
	if (policy == NULL)
		cr_assert_eq(pc_policy_load(&policy,
		    "policies/baseline.yaml"), 0, "%s", pc_error_get());
	for (i = 0; i < 5; i++) {
		staff[i].name = (char *)names[i];
		staff[i].email = (char *)mails[i];
	}
	cfg.staff = staff;
	cfg.nstaff = 5;
	cr_assert_eq(pc_deveol_load(&eol, "policies/eol-devices.yaml"), 0);
	ctx.fd = fileno(f);
	ctx.policy = policy;
	ctx.policy_check = pc_policy_find_check(policy, "patch");
	ctx.config = &cfg;
	ctx.now = eol->snapshot_t;
	snprintf(path, sizeof(path), "tests/data/patch/devices/%s", file);
	cr_assert_eq(pc_file_read(&text, path, 1 << 20), 0);
	cr_assert_eq(pc_json_parse(&page, text.data, text.len, 1 << 20,
	    "test"), 0, "%s", pc_error_get());
	out->inv = (struct pc_devices_inv){ .ctx = &ctx, .cfg = &cfg,
		.eol = eol, .now = eol->snapshot_t, .id = id,
		.provider = provider };
	pc_error_clear();
	out->ret = parse(&out->inv, page);
	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL && out->nlines < MAX_LINES) {
		cJSON *o = cJSON_Parse(line);
		const cJSON *t = cJSON_GetObjectItem(o, "t");

		cr_assert_not_null(o, "%s", line);
		if (!cJSON_IsString(t) || strcmp(t->valuestring, "finding")) {
			cJSON_Delete(o);
			continue;
		}
		out->lines[out->nlines++] = o;
	}
	for (i = 0; i < out->nlines; i++) {
		const cJSON *fd = cJSON_GetObjectItem(out->lines[i], "finding");
		const cJSON *o = fd ? fd : out->lines[i];
		char buf[512];

		snprintf(buf, sizeof(buf), "%s %s",
		    cJSON_GetObjectItem(o, "subject")->valuestring,
		    cJSON_GetObjectItem(o, "rule")->valuestring);
		pairs[n++] = strdup(buf);
	}
	qsort(pairs, n, sizeof(pairs[0]), cmp_str);
	for (i = 0; i < n; i++) {
		size_t l = strlen(out->got);

		snprintf(out->got + l, sizeof(out->got) - l, "%s\n", pairs[i]);
		free(pairs[i]);
	}
	fclose(f);
	cJSON_Delete(page);
	pc_buf_free(&text);
	pc_deveol_free(eol);
	out->inv.eol = NULL;
	out->inv.ctx = NULL;
}

/* The finding object of line i (findings may be wrapped). */
static const cJSON *
finding(const struct outcome *out, const char *subject, const char *rule)
{
	size_t i;

	for (i = 0; i < out->nlines; i++) {
		const cJSON *fd = cJSON_GetObjectItem(out->lines[i], "finding");
		const cJSON *o = fd ? fd : out->lines[i];

		if (strcmp(cJSON_GetObjectItem(o, "subject")->valuestring,
			subject) == 0 &&
		    strcmp(cJSON_GetObjectItem(o, "rule")->valuestring, rule) == 0)
			return o;
	}
	return NULL;
}

/* A string member, or "". */
static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Frees an outcome. */
static void
outcome_free(struct outcome *out)
{
	size_t i;

	for (i = 0; i < out->nlines; i++)
		cJSON_Delete(out->lines[i]);
}

Test(devices, intune_page_at_the_snapshot_date)
{
	struct outcome o;
	const cJSON *f;

	run_page(&o, "intune-page.json", pc_intune_devices_page, "intune",
	    "microsoft365");
	cr_assert_eq(o.ret, 0, "%s", pc_error_get());
	cr_expect_str_eq(o.got,
	    "intune:IPAD-JB (b1) device_jailbroken\n"
	    "intune:IPHONE-17 (a7) device_os_unsupported\n"
	    "intune:MAC-BEHIND (a5) device_os_outdated\n"
	    "intune:MAC-PLAIN (b3) device_not_encrypted\n"
	    "intune:PIXEL-STALE (a9) device_os_outdated\n"
	    "intune:WIN-23H2 (a3) device_os_unsupported\n"
	    "intune:WIN-24H2 (a1) device_os_unsupported_soon\n"
	    "intune:WIN-NC (b6) device_noncompliant\n"
	    "intune:WIN-NEVER (b5) device_not_seen\n"
	    "intune:WIN-QUIET (b4) device_not_seen\n");
	cr_expect_eq(o.inv.examined, 17);
	cr_expect_eq(o.inv.unknown_os, 1, "Linux is not in the snapshot");
	cr_expect_eq(o.inv.personal, 1);
	cr_expect_eq(o.inv.owned, 16, "the kiosk has no user");
	f = finding(&o, "intune:WIN-24H2 (a1)", "device_os_unsupported_soon");
	cr_assert_not_null(f);
	cr_expect(strstr(str(f, "title"), "2026-10-13") != NULL, "%s",
	    str(f, "title"));
	cr_expect_str_eq(str(f, "owner"), "Sam Example");
	cr_expect(strstr(str(f, "remediation"), "Windows") != NULL);
	f = finding(&o, "intune:PIXEL-STALE (a9)", "device_os_outdated");
	cr_assert_not_null(f);
	cr_expect(strncmp(str(f, "title"), "Personal device", 15) == 0);
	cr_expect(strstr(str(f, "evidence"), "2026-01-01 is 233 days old"));
	f = finding(&o, "intune:WIN-QUIET (b4)", "device_not_seen");
	cr_expect(strstr(str(f, "title"), "51 days") != NULL, "%s",
	    str(f, "title"));
	f = finding(&o, "intune:WIN-NEVER (b5)", "device_not_seen");
	cr_expect(strstr(str(f, "title"), "never synced") != NULL);
	outcome_free(&o);
}

Test(devices, google_mobile_page)
{
	struct outcome o;
	const cJSON *f;

	run_page(&o, "google-mobile-page.json", pc_google_mobile_page,
	    "google-mobile", "google");
	cr_assert_eq(o.ret, 0, "%s", pc_error_get());
	cr_expect_str_eq(o.got,
	    "google-mobile:m1 device_os_outdated\n"
	    "google-mobile:m2 device_os_unsupported\n"
	    "google-mobile:m3 device_jailbroken\n"
	    "google-mobile:m3 device_not_encrypted\n");
	cr_expect_eq(o.inv.examined, 4, "the wiped phone is not counted");
	f = finding(&o, "google-mobile:m1", "device_os_outdated");
	cr_expect(strstr(str(f, "evidence"), "personal") != NULL);
	cr_expect_str_eq(str(f, "owner"), "Jordan Manager");
	outcome_free(&o);
}

Test(devices, chromeos_page)
{
	struct outcome o;

	run_page(&o, "chromeos-page.json", pc_google_chromeos_page,
	    "chromeos", "google");
	cr_assert_eq(o.ret, 0, "%s", pc_error_get());
	cr_expect_str_eq(o.got,
	    "chromeos:S-MS device_os_unsupported\n"
	    "chromeos:S-OK device_jailbroken\n"
	    "chromeos:S-PAST device_os_unsupported\n"
	    "chromeos:S-SOON device_os_unsupported_soon\n");
	cr_expect_eq(o.inv.examined, 4);
	cr_expect_str_eq(str(finding(&o, "chromeos:S-SOON",
	    "device_os_unsupported_soon"), "owner"), "Chris Member MP");
	outcome_free(&o);
}

/* Counts devices a page hands to the sink. */
static int
count_sink(void *arg, const struct pc_device *d)
{
	(void)d;
	(*(size_t *)arg)++;
	return 0;
}

/* Parses text and runs parse() over it with a counting sink. */
static int
parse_text(const char *text,
    int (*parse)(struct pc_devices_inv *, const cJSON *), size_t *n)
{
	struct pc_devices_inv inv = { .id = "t", .sink = count_sink,
		.sink_arg = n };
	cJSON *j = cJSON_Parse(text);
	int r;

	cr_assert_not_null(j);
	*n = 0;
	pc_error_clear();
	r = parse(&inv, j);
	cJSON_Delete(j);
	return r;
}

Test(devices, jailbroken_is_a_string_not_a_boolean)
{
	size_t n;

	cr_expect_eq(parse_text("{\"value\":[{\"id\":\"x\",\"operatingSystem\":"
	    "\"iOS\",\"jailBroken\":true}]}", pc_intune_devices_page, &n),
	    PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "jailBroken") != NULL, "%s",
	    pc_error_get());
}

Test(devices, shapes_that_are_refused)
{
	size_t n;

	cr_expect_neq(parse_text("{\"value\":\"nope\"}",
	    pc_intune_devices_page, &n), 0);
	cr_expect_neq(parse_text("{}", pc_intune_devices_page, &n), 0,
	    "a page without value is not an empty page");
	cr_expect_neq(parse_text("{\"value\":[{\"deviceName\":\"x\"}]}",
	    pc_intune_devices_page, &n), 0, "no id");
	cr_expect_neq(parse_text("{\"value\":[{\"id\":\"x\","
	    "\"lastSyncDateTime\":\"2026-02-30T00:00:00Z\"}]}",
	    pc_intune_devices_page, &n), 0, "30 February");
	cr_expect_neq(parse_text("{\"mobiledevices\":[{\"deviceId\":\"x\"}]}",
	    pc_google_mobile_page, &n), 0, "no resourceId");
	cr_expect_neq(parse_text("{\"chromeosdevices\":[{\"deviceId\":\"x\"}]}",
	    pc_google_chromeos_page, &n), 0, "no serialNumber");
	cr_expect_eq(parse_text("{\"kind\":\"admin#directory#mobiledevices\"}",
	    pc_google_mobile_page, &n), 0, "Google omits an empty list");
	cr_expect_eq(n, 0);
}

Test(devices, iso_times)
{
	long long t;

	cr_expect_eq(pc_devices_time(&t, "1970-01-02T00:00:00Z"), 0);
	cr_expect_eq(t, 86400);
	cr_expect_eq(pc_devices_time(&t, "2026-08-22T10:30:00.5Z"), 0);
	cr_expect_eq(t, 1787394600LL);
	cr_expect_eq(pc_devices_time(&t, "2024-02-29T00:00:00+00:00"), 0);
	cr_expect_eq(pc_devices_time(&t, "0001-01-01T00:00:00Z"), 0);
	cr_expect_eq(t, 0, "Intune's never-synced date");
	cr_expect_eq(pc_devices_time(&t, "2023-02-29T00:00:00Z"), PC_EPARSE);
	cr_expect_eq(pc_devices_time(&t, "2026-08-22T10:30:00+01:00"),
	    PC_EPARSE);
	cr_expect_eq(pc_devices_time(&t, "yesterday"), PC_EPARSE);
}
