/*
 * Load client for `portcullis serve` (tests/bench/bench_serve.sh).
 *   bench_serve gen DIR OFFICES MONTHS    chained signed reports + keyring
 *   bench_serve post URL CA DIR CONNS     each office's reports in order on
 *                                         one keep-alive connection
 * post prints accepted (201) reports per second and latency percentiles.
 */
#include <curl/curl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/lib/sha256.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/upload_build.h"
#include "agent/history.h"
#include "agent/report.h"
#include "reporter/sign.h"

#define MAX_MONTHS 120

/* Adds a check with n findings of a month (subjects vary by office). */
static void
add_check(struct pc_report *r, const char *id, int n, int office)
{
	struct pc_report_check c = { .id = (char *)id, .title = (char *)id,
		.status = n ? PC_STATUS_FAIL : PC_STATUS_PASS,
		.mandatory = true, .sandboxed = true, .duration_seconds = 2 };
	struct pc_report_finding f = { 0 };
	char subject[96], fid[33];
	int i;

	c.nfindings = (size_t)n;
	if (pc_report_add_check(r, &c) != 0)
		abort();
	for (i = 0; i < n; i++) {
		snprintf(subject, sizeof(subject), "%s:account-%d-%d", id,
		    office, i);
		pc_report_fingerprint(fid, id, "rule", subject);
		f.id = fid;
		f.check = (char *)id;
		f.rule = "rule";
		f.subject = subject;
		f.title = "Account without two-factor sign-in";
		f.evidence = "masked ** ** preview";
		f.remediation = "Turn on two-factor sign-in for the account.";
		f.confirm = "Run portcullis scan again.";
		f.escalate_to = "office_fixes";
		f.severity = (enum pc_severity)(i % 4 + 1);
		memcpy(f.first_seen, r->started_at, 32);
		memcpy(f.due, r->finished_at, 32);
		if (pc_report_add_finding(r, &f) != 0)
			abort();
	}
}

/* Writes one month's report folder; prev (in/out) carries the chain. */
static void
gen_month(const char *office_dir, const char *office, int office_no,
    int month, EVP_PKEY *key, const char *pem, char prev[65])
{
	struct pc_report *r = pc_report_new();
	unsigned char sig[PC_SIGN_SIG_LEN];
	char dir[4200], path[4300], stamp[32];
	char *json = NULL;
	size_t len = 0;
	long long t = 1735725600LL + (long long)month * 30 * 86400; /* 2025 */

	r->office_id = strdup(office);
	r->office_name = strdup("Bench constituency office");
	r->digital_lead = strdup("Sam Example");
	r->agent_version = strdup("0.1.0");
	r->host = strdup("office-pc");
	r->policy_id = strdup("baseline");
	r->policy_sha256 = strdup("0123456789abcdef0123456789abcdef"
				  "0123456789abcdef0123456789abcdef");
	r->policy_version = 1;
	r->fail_on = PC_SEV_HIGH;
	pc_time_iso(r->started_at, t);
	pc_time_iso(r->finished_at, t + 60);
	r->previous_report_sha256 = prev[0] ? strdup(prev) : NULL;
	add_check(r, "mfa", 6, office_no);
	add_check(r, "patch", 3, office_no);
	add_check(r, "exposure", 0, office_no);
	if (pc_report_to_json(r, &json, &len) != 0 ||
	    pc_sign_data(sig, key, json, len) != 0)
		abort();
	pc_history_stamp(stamp, r->started_at);
	snprintf(dir, sizeof(dir), "%s/%s", office_dir, stamp);
	if (pc_mkdir_p(dir, 0755) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/report.json", dir);
	pc_file_write_atomic(path, json, len, 0644);
	snprintf(path, sizeof(path), "%s/report.json.sig", dir);
	pc_file_write_atomic(path, sig, sizeof(sig), 0644);
	snprintf(path, sizeof(path), "%s/signer.pub", dir);
	pc_file_write_atomic(path, pem, strlen(pem), 0644);
	pc_sha256_hex(prev, json, len);
	free(json);
	pc_report_free(r);
}

/* gen: OFFICES offices x MONTHS chained reports, one key each. */
static int
gen(const char *dir, int offices, int months)
{
	char office[32], office_dir[4200], prev[65], kid[65], path[4200];
	EVP_PKEY *key;
	char *pem;
	size_t pem_len;
	FILE *ring;
	int o, m;

	snprintf(path, sizeof(path), "%s/keyring", dir);
	if (pc_mkdir_p(dir, 0755) != 0 || (ring = fopen(path, "w")) == NULL)
		return 2;
	for (o = 0; o < offices; o++) {
		snprintf(office, sizeof(office), "office-%04d", o);
		snprintf(office_dir, sizeof(office_dir), "%s/reports/%s", dir,
		    office);
		if ((key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL ||
		    pc_sign_public_pem(&pem, &pem_len, key) != 0 ||
		    pc_sign_key_id(kid, key) != 0)
			return 2;
		fprintf(ring, "%s %s\n", office, kid);
		prev[0] = '\0';
		for (m = 0; m < months; m++)
			gen_month(office_dir, office, o, m, key, pem, prev);
		free(pem);
		EVP_PKEY_free(key);
	}
	return fclose(ring) == 0 ? 0 : 2;
}

struct client {
	pthread_t t;
	int no, conns;
	const char *url, *ca, *dir;
	char **offices;
	size_t noffices;
	double *lat; /* seconds, one per request */
	size_t nlat, accepted, other;
};

/* Discards a response body. */
static size_t
sink(char *p, size_t s, size_t n, void *arg)
{
	return s * n;
}

/* Posts one report folder on the thread's connection. */
static long
post_one(CURL *h, struct client *c, const char *folder, double *secs)
{
	struct pc_buf tar;
	struct timespec a, b;
	long code = 0;

	pc_buf_init(&tar, 80u << 20);
	if (pc_upload_build_dir(&tar, folder) != 0) {
		fprintf(stderr, "bench: %s\n", pc_error_get());
		exit(2);
	}
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, tar.data);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)tar.len);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	clock_gettime(CLOCK_MONOTONIC, &b);
	*secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	pc_buf_free(&tar);
	return code;
}

/* Sends offices no, no+conns, ... each in month order. */
static void *
client_run(void *arg)
{
	struct client *c = arg;
	struct curl_slist *hdr = NULL;
	char office_dir[4200], folder[4400];
	char **months = NULL;
	size_t nm = 0, i, j;
	CURL *h = curl_easy_init();

	hdr = curl_slist_append(hdr, "Content-Type: application/x-tar");
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_CAINFO, c->ca);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	for (i = (size_t)c->no; i < c->noffices; i += (size_t)c->conns) {
		snprintf(office_dir, sizeof(office_dir), "%s/reports/%s",
		    c->dir, c->offices[i]);
		if (pc_dir_names(&months, &nm, office_dir, NULL, 10000) != 0)
			exit(2);
		for (j = 0; j < nm; j++) {
			snprintf(folder, sizeof(folder), "%s/%s", office_dir,
			    months[j]);
			if (post_one(h, c, folder, &c->lat[c->nlat++]) == 201)
				c->accepted++;
			else
				c->other++;
		}
		pc_dir_names_free(months, nm);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return NULL;
}

/* Orders latencies. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* post: the load run. */
static int
post(const char *url, const char *ca, const char *dir, int conns)
{
	struct client *cl = calloc((size_t)conns, sizeof(*cl));
	char reports[4200], **offices = NULL;
	size_t noff = 0, n = 0, acc = 0, other = 0;
	struct timespec a, b;
	double *all, secs;
	int k;

	snprintf(reports, sizeof(reports), "%s/reports", dir);
	if (cl == NULL || pc_dir_names(&offices, &noff, reports, NULL,
			      100000) != 0)
		return 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (k = 0; k < conns; k++) {
		cl[k] = (struct client){ .no = k, .conns = conns, .url = url,
			.ca = ca, .dir = dir, .offices = offices,
			.noffices = noff };
		cl[k].lat = calloc(noff / (size_t)conns + 1, MAX_MONTHS *
		    sizeof(double));
		pthread_create(&cl[k].t, NULL, client_run, &cl[k]);
	}
	for (k = 0; k < conns; k++)
		pthread_join(cl[k].t, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	for (k = 0; k < conns; k++)
		n += cl[k].nlat;
	all = calloc(n + 1, sizeof(double));
	for (k = 0, n = 0; k < conns; k++) {
		memcpy(all + n, cl[k].lat, cl[k].nlat * sizeof(double));
		n += cl[k].nlat;
		acc += cl[k].accepted;
		other += cl[k].other;
		free(cl[k].lat);
	}
	qsort(all, n, sizeof(double), cmp_double);
	printf("serve: %zu offices, %zu requests on %d keep-alive connections "
	       "in %.2f s\n", noff, n, conns, secs);
	printf("serve: accepted (201) %zu, other %zu: %.1f accepted/s\n", acc,
	    other, acc / secs);
	printf("serve: latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
	    n ? all[n / 2] * 1e3 : 0, n ? all[(n * 99) / 100] * 1e3 : 0,
	    n ? all[n - 1] * 1e3 : 0);
	free(all);
	free(cl);
	pc_dir_names_free(offices, noff);
	curl_global_cleanup();
	return other == 0 ? 0 : 1;
}

/* A count from the command line, 1 to max; exits on anything else. */
static int
count_arg(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "bench_serve: bad count \"%s\"\n", s);
		exit(2);
	}
	return (int)v;
}

/* gen or post. */
int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], count_arg(argv[3], 100000),
		    count_arg(argv[4], MAX_MONTHS));
	if (argc == 6 && strcmp(argv[1], "post") == 0)
		return post(argv[2], argv[3], argv[4],
		    count_arg(argv[5], 256));
	fprintf(stderr, "usage: bench_serve gen DIR OFFICES MONTHS | "
			"post URL CA DIR CONNS\n");
	return 2;
}
