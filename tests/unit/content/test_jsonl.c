/* JSON Lines, whatever the file or its source is called: a source of kind
 * json holding a .jsonl/.ndjson file, or JSON Lines in a .json file, is
 * read a line at a time (each line a record, its line number kept), not
 * as one document whose first value hides the rest. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "collect.h"

#define LINES                                                                  \
	"{\"case\":\"C-1\",\"nino\":\"JG103759D\"}\n"                          \
	"{\"case\":\"C-2\",\"email\":\"evan.sample@outlook.com\"}\n"           \
	"\n"                                                                   \
	"[\"C-3\", \"07911 123456\"]\n"

/* Writes text to a file named name in a temporary folder; returns fd. */
static int
file_of(const char *name, const char *text, char *path, size_t n)
{
	char dir[] = "/tmp/pc-jsonl-XXXXXX";
	int fd;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, n, "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	return fd;
}

/* Extracts a file as kind (as a config source's kind would force). */
static int
run(const char *name, const char *text, enum pc_doc_kind kind,
    struct collect *c, struct pc_extract_result *res)
{
	struct pc_text_sink s = collect_sink(c);
	char path[256], *slash;
	int fd = file_of(name, text, path, sizeof(path)), r;

	r = pc_extract_fd(fd, path, strlen(text), kind, &s, res);
	close(fd);
	unlink(path);
	slash = strrchr(path, '/');
	*slash = '\0';
	rmdir(path);
	cr_assert(!c->open);
	return r;
}

/* Asserts the three records of LINES, one unit per line with its line. */
static void
assert_lines(const struct collect *c, const struct pc_extract_result *res)
{
	cr_assert_eq(res->kind, PC_DOC_JSONL, "kind %d", res->kind);
	cr_assert_eq(c->n, 3, "%zu units", c->n);
	cr_assert(strstr(c->text[0].data, "JG103759D") != NULL);
	cr_assert(strstr(c->text[1].data, "evan.sample@outlook.com") != NULL);
	cr_assert(strstr(c->text[2].data, "07911 123456") != NULL);
	cr_assert_eq(c->base_line[0], 1);
	cr_assert_eq(c->base_line[1], 2);
	cr_assert_eq(c->base_line[2], 4, "a blank line still counts");
}

Test(jsonl, source_of_kind_json_reads_a_jsonl_file_by_line)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(pc_doc_kind_of_source("json"), PC_DOC_JSON);
	cr_assert_eq(run("export.jsonl", LINES, PC_DOC_JSON, &c, &res), 0, "%s",
	    pc_error_get());
	assert_lines(&c, &res);
	collect_free(&c);
	cr_assert_eq(run("export.ndjson", LINES, PC_DOC_JSON, &c, &res), 0,
	    "%s", pc_error_get());
	assert_lines(&c, &res);
	collect_free(&c);
}

Test(jsonl, json_lines_in_a_json_file_by_content)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run("export.json", LINES, PC_DOC_JSON, &c, &res), 0, "%s",
	    pc_error_get());
	assert_lines(&c, &res);
	collect_free(&c);
	cr_assert_eq(run("export.json", LINES, PC_DOC_AUTO, &c, &res), 0, "%s",
	    pc_error_get());
	assert_lines(&c, &res);
	collect_free(&c);
	/* in memory too (a downloaded file) */
	struct pc_text_sink s = collect_sink(&c);
	struct pc_text_loc loc = { .path = "dl.json", .base_line = 1 };
	cr_assert_eq(
	    pc_extract_mem(LINES, strlen(LINES), &loc, PC_DOC_AUTO, &s, &res),
	    0);
	assert_lines(&c, &res);
	collect_free(&c);
}

Test(jsonl, one_document_stays_one_document)
{
	static const char pretty[] = "{\n  \"cases\": [\n    {\"nino\": \"JG103759D\"},\n    {\"nino\": \"JK482739B\"}\n  ]\n}\n";
	static const char one_line[] = "{\"nino\": \"JG103759D\"}\n";
	static const char trailing[] = "{\"a\": 1} x\n{\"b\": 2}\n";
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run("a.json", pretty, PC_DOC_JSON, &c, &res), 0);
	cr_assert_eq(res.kind, PC_DOC_JSON);
	cr_assert(collect_find(&c, "JG103759D") >= 0 &&
		collect_find(&c, "JG103759D") != collect_find(&c, "JK482739B"),
	    "a unit per record of the document");
	collect_free(&c);
	cr_assert_eq(run("b.json", one_line, PC_DOC_JSON, &c, &res), 0);
	cr_assert_eq(res.kind, PC_DOC_JSON);
	collect_free(&c);
	/* a first line that is not one whole value is not JSON Lines */
	(void)run("c.json", trailing, PC_DOC_JSON, &c, &res);
	cr_assert_eq(res.kind, PC_DOC_JSON);
	collect_free(&c);
}
