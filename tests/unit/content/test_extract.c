/* Text extraction: each format gives the text units the matcher needs. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "collect.h"

#define DATA "tests/data/content/"

/* Extracts a file on disk with kind AUTO. */
static int
run_file(const char *path, struct collect *c, struct pc_extract_result *res)
{
	struct pc_text_sink s = collect_sink(c);
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "cannot open %s", path);
	fstat(fd, &st);
	r = pc_extract_fd(fd, path, (uint64_t)st.st_size, PC_DOC_AUTO, &s,
	    res);
	close(fd);
	cr_assert(!c->open, "a unit was left open");
	return r;
}

/* Extracts bytes in memory. */
static int
run_mem(const char *data, size_t len, const char *path, enum pc_doc_kind k,
    struct collect *c, struct pc_extract_result *res)
{
	struct pc_text_sink s = collect_sink(c);
	struct pc_text_loc loc = { .path = path, .base_line = 1 };
	int r = pc_extract_mem(data, len, &loc, k, &s, res);

	cr_assert(!c->open, "a unit was left open");
	return r;
}

Test(extract, kinds_by_name_and_content)
{
	cr_assert_eq(pc_extract_kind("a.csv", "x,y\n", 4), PC_DOC_CSV);
	cr_assert_eq(pc_extract_kind("a.txt", "From x@y Mon", 12), PC_DOC_MBOX);
	cr_assert_eq(pc_extract_kind("msg", "Received: from x\nFrom: a@b\n\nhi",
			 30), PC_DOC_EML);
	cr_assert_eq(pc_extract_kind("msg", "Received: from", 14), PC_DOC_TEXT,
	    "a header block must end in the head to be mail");
	cr_assert_eq(pc_extract_kind("a.docx", "PK\3\4....", 8), PC_DOC_OFFICE);
	/* an Office name without a zip: the office reader says why it is
	 * not read (damaged, encrypted), never a binary skip */
	cr_assert_eq(pc_extract_kind("a.docx", "not a zip", 9), PC_DOC_OFFICE);
	cr_assert_eq(pc_extract_kind("a.zip", "PK\3\4....", 8), PC_DOC_BINARY);
	cr_assert_eq(pc_extract_kind("a.txt", "ab\0cd", 5), PC_DOC_BINARY);
	cr_assert_eq(pc_extract_kind("notes.md", "# Case", 6), PC_DOC_TEXT);
}

Test(extract, plain_text_is_one_exact_unit)
{
	const char t[] = "line one\nNI QQ 12 34 56 C\n\xff\xfe invalid utf8\n";
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run_mem(t, sizeof(t) - 1, "n.txt", PC_DOC_AUTO, &c,
	    &res), 0);
	cr_assert_eq(c.n, 1);
	cr_assert(c.exact[0]);
	cr_assert_eq(c.text[0].len, sizeof(t) - 1, "bytes pass unchanged");
	collect_free(&c);
}

Test(extract, binary_is_refused_with_reason)
{
	const char t[] = "abc\0\0\0def";
	struct collect c;

	cr_assert_lt(run_mem(t, sizeof(t) - 1, "x.bin", PC_DOC_AUTO, &c,
	    NULL), 0);
	cr_assert_eq(c.total, 0);
	cr_assert(strstr(pc_error_get(), "binary") != NULL);
}

Test(extract, csv_rows_are_records_with_header_names)
{
	const char t[] = "Name;Date of birth;Notes\r\n"
			 "Jane Testperson;12/03/1961;\"said \"\"hi\"\"\nthen left\"\r\n"
			 "\n"
			 "Robin Sample;01/01/1970;\"a;b\"\n";
	struct collect c;

	cr_assert_eq(run_mem(t, sizeof(t) - 1, "cases.csv", PC_DOC_AUTO, &c,
	    NULL), 0);
	cr_assert_eq(c.n, 3, "header + 2 rows, blank row skipped (got %zu)",
	    c.n);
	cr_assert_str_eq(c.text[1].data, "Name: Jane Testperson; Date of "
	    "birth: 12/03/1961; Notes: said \"hi\" then left");
	cr_assert_eq(c.base_line[1], 2);
	cr_assert_eq(c.base_line[2], 5, "row after a quoted newline and a "
	    "blank line starts on line 5 (got %llu)", c.base_line[2]);
	cr_assert_str_eq(c.text[2].data, "Name: Robin Sample; Date of birth: "
	    "01/01/1970; Notes: a;b");
	collect_free(&c);
}

Test(extract, csv_without_header_has_no_prefixes)
{
	const char t[] = "AB123456C,9434765919\nCD654321A,1234567890";
	struct collect c;

	cr_assert_eq(run_mem(t, sizeof(t) - 1, "x.csv", PC_DOC_CSV, &c, NULL),
	    0);
	cr_assert_eq(c.n, 2);
	cr_assert_str_eq(c.text[1].data, "CD654321A; 1234567890");
	collect_free(&c);
}

Test(extract, json_records_and_numbers)
{
	const char t[] = "{\"export\":\"cases\",\"cases\":[{\"name\":\"Jane "
			 "Testperson\",\"nhs\":9434765919},{\"name\":\"Robin\","
			 "\"nested\":{\"email\":\"r@example.org\"}}]}";
	struct collect c;

	cr_assert_eq(run_mem(t, sizeof(t) - 1, "x.json", PC_DOC_AUTO, &c,
	    NULL), 0);
	cr_assert_eq(c.n, 3);
	cr_assert_str_eq(c.text[0].data, "name: Jane Testperson\nnhs: "
	    "9434765919\n");
	cr_assert_str_eq(c.text[1].data, "name: Robin\nemail: r@example.org\n");
	cr_assert_str_eq(c.text[2].data, "export: cases\n");
	collect_free(&c);
}

Test(extract, json_invalid_is_an_error)
{
	struct collect c;

	cr_assert_eq(run_mem("{\"a\":", 5, "x.json", PC_DOC_AUTO, &c, NULL),
	    PC_EPARSE);
}

Test(extract, html_text_attributes_and_lines)
{
	const char t[] = "<html><head><title>Office</title>"
			 "<style>p{}</style></head>\n<body>\n"
			 "<p>Write to <a href=\"mailto:jane%40example.com\">us"
			 "</a></p>\n<script>var secret='x';</script>\n"
			 "<p>NI AB 12 34 56 C</p></body></html>";
	struct collect c;
	const char *s;

	cr_assert_eq(run_mem(t, sizeof(t) - 1, "p.html", PC_DOC_AUTO, &c,
	    NULL), 0);
	cr_assert_eq(c.n, 1);
	s = c.text[0].data;
	cr_assert(strstr(s, "mailto:jane@example.com") != NULL, "%s", s);
	cr_assert(strstr(s, "var secret") != NULL,
	    "scripts are read: a key in a page's script is exposed");
	cr_assert(strstr(s, "p{}") == NULL);
	/* "NI ..." is on line 5 of the page, so 4 newlines precede it. */
	{
		const char *ni = strstr(s, "NI AB");
		size_t nl = 0;

		cr_assert(ni != NULL);
		for (; ni > s; ni--)
			nl += ni[-1] == '\n';
		cr_assert_eq(nl, 4, "line kept (%zu newlines before)", nl);
	}
	collect_free(&c);
}

Test(extract, docx_paragraphs)
{
	struct collect c;
	int i;

	cr_assert_eq(run_file(DATA "letter.docx", &c, NULL), 0,
	    "%s", pc_error_get());
	i = collect_find(&c, "NHS number is 943 476 5919");
	cr_assert(i >= 0);
	cr_assert_str_eq(c.member[i], "word/document.xml");
	cr_assert(strstr(c.text[i].data, "Dear Ms Testperson,\nRe:") != NULL);
	collect_free(&c);
}

Test(extract, xlsx_rows_with_shared_strings)
{
	struct collect c;
	int i;

	cr_assert_eq(run_file(DATA "cases.xlsx", &c, NULL), 0,
	    "%s", pc_error_get());
	i = collect_find(&c, "Jane Testperson");
	cr_assert(i >= 0);
	/* the header row names the cells below it, as in CSV */
	cr_assert_str_eq(c.text[i].data,
	    "Name: Jane Testperson; NHS number: 9434765919; Postcode: EX1 2AB");
	cr_assert_eq(c.base_line[i], 2);
	cr_assert(collect_find(&c, "Name; NHS number; Postcode") >= 0,
	    "the header row itself is plain");
	collect_free(&c);
}

Test(extract, xlsx_empty_cells_keep_their_column_names)
{
	struct collect c;

	/* Excel leaves empty cells out: C2 is "Date of birth", not "Ward" */
	cr_assert_eq(run_file(DATA "sparse.xlsx", &c, NULL), 0,
	    "%s", pc_error_get());
	cr_assert(collect_find(&c,
	    "Name: Kit Example; Date of birth: 03/09/1957") >= 0);
	collect_free(&c);
}

Test(extract, xlsx_header_with_digits_names_nothing)
{
	struct collect c;

	cr_assert_eq(run_file(DATA "ledger.xlsx", &c, NULL), 0,
	    "%s", pc_error_get());
	/* "2024, 2025" are values, not column names */
	cr_assert(collect_find(&c, "Jane Testperson; Fay Test") >= 0);
	cr_assert(collect_find(&c, "2024:") < 0);
	collect_free(&c);
}

Test(extract, odt_paragraphs)
{
	struct collect c;

	cr_assert_eq(run_file(DATA "note.odt", &c, NULL), 0,
	    "%s", pc_error_get());
	cr_assert(collect_find(&c, "Phone 07700 900123.") >= 0);
	collect_free(&c);
}

Test(extract, mbox_messages_decoded_with_ids_and_lines)
{
	struct pc_extract_result res;
	struct collect c;
	int i;

	cr_assert_eq(run_file(DATA "two.mbox", &c, &res), 0, "%s",
	    pc_error_get());
	cr_assert_eq(res.messages, 2);
	i = collect_find(&c, "AB 12 34 56 C");
	cr_assert(i >= 0, "base64 body decoded");
	cr_assert_str_eq(c.message_id[i], "case-1001@example.com");
	cr_assert_eq(c.base_line[i], 1);
	i = collect_find(&c, "The café on Example Street");
	cr_assert(i >= 0, "quoted-printable latin-1 decoded to UTF-8");
	cr_assert_str_eq(c.message_id[i], "case-1002@example.org");
	cr_assert_gt(c.base_line[i], 10);
	cr_assert(strstr(c.text[i].data, "\nFrom the residents") != NULL,
	    ">From unescaped: %s", c.text[i].data);
	i = collect_find(&c, "Subject: Café closure");
	cr_assert(i >= 0, "headers unit with decoded subject");
	cr_assert_str_eq(c.member[i], "headers");
	i = collect_find(&c, "Name: Robin Sample; Postcode: EX1 2AB");
	cr_assert(i >= 0, "CSV attachment read as records");
	cr_assert_str_eq(c.member[i], "signatures.csv");
	collect_free(&c);
}

Test(extract, eml_html_part)
{
	struct collect c;
	int i;

	cr_assert_eq(run_file(DATA "html.eml", &c, NULL), 0, "%s",
	    pc_error_get());
	i = collect_find(&c, "mailto:jane.testperson@example.com");
	cr_assert(i >= 0);
	cr_assert_str_eq(c.message_id[i], "reply-77@example.com");
	cr_assert(collect_find(&c, "not text") >= 0, "scripts are read");
	collect_free(&c);
}

/* A message with depth nested multiparts (the 1,000-deep bad input). */
static char *
nested_mime(int depth, size_t *len_out)
{
	struct pc_buf b;
	int i;

	pc_buf_init(&b, 16 << 20);
	pc_buf_adds(&b, "From: a@example.com\nMessage-ID: <deep@x>\n"
	    "MIME-Version: 1.0\n");
	for (i = 0; i < depth; i++)
		pc_buf_addf(&b, "Content-Type: multipart/mixed; "
		    "boundary=\"b%d\"\n\n--b%d\n", i, i);
	pc_buf_adds(&b, "Content-Type: text/plain\n\nNI AB 12 34 56 C\n");
	for (i = depth - 1; i >= 0; i--)
		pc_buf_addf(&b, "--b%d--\n", i);
	return pc_buf_take(&b, len_out);
}

Test(extract, mime_nested_1000_deep_is_refused)
{
	struct collect c;
	size_t len;
	char *m = nested_mime(1000, &len);
	int r;

	r = run_mem(m, len, "deep.eml", PC_DOC_EML, &c, NULL);
	cr_assert_eq(r, PC_ELIMIT, "got %d: %s", r, pc_error_get());
	cr_assert(strstr(pc_error_get(), "nested deeper") != NULL);
	free(m);
	collect_free(&c);
}

Test(extract, mime_nested_10_deep_is_read)
{
	struct collect c;
	size_t len;
	char *m = nested_mime(10, &len);

	cr_assert_eq(run_mem(m, len, "ok.eml", PC_DOC_EML, &c, NULL), 0);
	cr_assert(collect_find(&c, "AB 12 34 56 C") >= 0);
	free(m);
	collect_free(&c);
}

Test(extract, sink_stop_is_passed_back)
{
	const char t[] = "a,b\n1,2\n3,4\n";
	struct pc_text_sink s;
	struct pc_text_loc loc = { .path = "x.csv" };
	struct pc_extract_result res;
	struct collect c;

	s = collect_sink(&c);
	c.stop_after = 2;
	cr_assert_eq(pc_extract_mem(t, sizeof(t) - 1, &loc, PC_DOC_CSV, &s,
	    &res), 1);
	cr_assert(res.sink_stopped);
	collect_free(&c);
}

/* Little-endian writers for the hand-made zip below. */
static void
put16(struct pc_buf *b, unsigned v)
{
	unsigned char p[2] = { v & 0xff, (v >> 8) & 0xff };

	pc_buf_add(b, p, 2);
}
static void
put32(struct pc_buf *b, unsigned long v)
{
	put16(b, v & 0xffff);
	put16(b, (v >> 16) & 0xffff);
}

/* A .docx whose word/document.xml inflates from ~200 KB to mb MiB. */
static char *
zip_bomb(unsigned mb, size_t *len_out)
{
	static const char name[] = "word/document.xml";
	static unsigned char zeros[1 << 16], out[1 << 16];
	struct pc_buf z, comp;
	z_stream zs = { 0 };
	unsigned long long i, total = (unsigned long long)mb << 20;
	size_t cdir;

	pc_buf_init(&comp, 64 << 20);
	deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
	for (i = 0; i <= total; i += sizeof(zeros)) {
		zs.next_in = zeros;
		zs.avail_in = i < total ? sizeof(zeros) : 0;
		do {
			zs.next_out = out;
			zs.avail_out = sizeof(out);
			deflate(&zs, i < total ? Z_NO_FLUSH : Z_FINISH);
			pc_buf_add(&comp, out, sizeof(out) - zs.avail_out);
		} while (zs.avail_out == 0);
	}
	deflateEnd(&zs);
	pc_buf_init(&z, 64 << 20);
	put32(&z, 0x04034b50); put16(&z, 20); put16(&z, 0); put16(&z, 8);
	put32(&z, 0); put32(&z, 0); put32(&z, comp.len); put32(&z, 1000);
	put16(&z, sizeof(name) - 1); put16(&z, 0);
	pc_buf_add(&z, name, sizeof(name) - 1);
	pc_buf_add(&z, comp.data, comp.len);
	cdir = z.len;
	put32(&z, 0x02014b50); put16(&z, 20); put16(&z, 20); put16(&z, 0);
	put16(&z, 8); put32(&z, 0); put32(&z, 0); put32(&z, comp.len);
	put32(&z, 1000); /* lies about the size */
	put16(&z, sizeof(name) - 1); put16(&z, 0); put16(&z, 0); put16(&z, 0);
	put16(&z, 0); put32(&z, 0); put32(&z, 0);
	pc_buf_add(&z, name, sizeof(name) - 1);
	put32(&z, 0x06054b50); put16(&z, 0); put16(&z, 0); put16(&z, 1);
	put16(&z, 1); put32(&z, 46 + sizeof(name) - 1); put32(&z, cdir); put16(&z, 0);
	pc_buf_free(&comp);
	return pc_buf_take(&z, len_out);
}

Test(extract, zip_bomb_disguised_as_docx_is_refused)
{
	struct collect c;
	size_t len;
	char *bomb = zip_bomb(300, &len);
	int r;

	cr_assert_lt(len, 2 << 20);
	r = run_mem(bomb, len, "minutes.docx", PC_DOC_AUTO, &c, NULL);
	cr_assert_eq(r, PC_ELIMIT, "got %d: %s", r, pc_error_get());
	cr_assert(strstr(pc_error_get(), "zip bomb") != NULL, "%s",
	    pc_error_get());
	free(bomb);
	collect_free(&c);
}

Test(extract, damaged_zip_is_an_error)
{
	struct collect c;

	cr_assert_eq(run_mem("PK\3\4garbage", 11, "x.docx", PC_DOC_AUTO, &c,
	    NULL), PC_EPARSE);
}

/*
 * UTF-8 to UTF-16 (little or big endian) with a BOM, through glibc's
 * iconv: an encoder independent of the decoder under test.
 */
static char *
to_utf16(const char *utf8, size_t len, bool be, size_t *len_out)
{
	iconv_t cd = iconv_open(be ? "UTF-16BE" : "UTF-16LE", "UTF-8");
	size_t cap = 2 * len + 2, left = cap - 2;
	char *out = malloc(cap), *o = out + 2, *in = (char *)utf8;

	cr_assert(cd != (iconv_t)-1 && out != NULL);
	out[0] = be ? '\xfe' : '\xff';
	out[1] = be ? '\xff' : '\xfe';
	cr_assert_neq(iconv(cd, &in, &len, &o, &left), (size_t)-1);
	iconv_close(cd);
	*len_out = (size_t)(o - out);
	return out;
}

/* Writes data to a new temporary file named like name; returns its path. */
static void
write_tmp(char *path, size_t cap, const char *name, const char *data,
    size_t len)
{
	int fd;

	snprintf(path, cap, "/tmp/pc_extract_%d_%s", (int)getpid(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

Test(extract, utf16_kinds_follow_the_name_and_decoded_content)
{
	static const char *const cases[][2] = { { "a.csv", "name,nino\n" },
		{ "a.tsv", "name\tnino\n" }, { "a.txt", "notes\n" },
		{ "a.txt", "From x@y Mon\n" },
		{ "msg", "Received: from x\nSubject: y\n\nhi" },
		{ "page", "<html><body>" } };
	static const enum pc_doc_kind want[] = { PC_DOC_CSV, PC_DOC_CSV,
		PC_DOC_TEXT, PC_DOC_MBOX, PC_DOC_EML, PC_DOC_HTML };
	size_t i, n;
	char *u;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		u = to_utf16(cases[i][1], strlen(cases[i][1]), i % 2, &n);
		cr_assert_eq(pc_extract_kind(cases[i][0], u, n), want[i],
		    "%s %s", cases[i][0], cases[i][1]);
		free(u);
	}
	/* UTF-16 code units that are NULs or control bytes: still binary */
	cr_assert_eq(pc_extract_kind("a.txt", "\xff\xfe\0\0\0\0\1\0", 8),
	    PC_DOC_BINARY);
	cr_assert_eq(pc_extract_kind("a.txt", "\xef\xbb\xbf" "From x@y", 11),
	    PC_DOC_MBOX);
}

Test(extract, utf16le_csv_file_rows_are_records)
{
	const char t[] = "Name,NI number,Notes\r\n"
			 "Zo\xc3\xab Example,WR 48 27 39 C,\"caf\xc3\xa9 \xf0\x9f\x98\x80\"\r\n"
			 "Evan Sample,,none\r\n";
	struct pc_extract_result res;
	struct collect c;
	char path[256];
	size_t n;
	char *u = to_utf16(t, sizeof(t) - 1, false, &n);

	write_tmp(path, sizeof(path), "u16.csv", u, n);
	cr_assert_eq(run_file(path, &c, &res), 0, "%s", pc_error_get());
	cr_assert_eq(res.kind, PC_DOC_CSV);
	cr_assert_eq(c.n, 3);
	cr_assert_str_eq(c.text[1].data, "Name: Zo\xc3\xab Example; NI number: "
	    "WR 48 27 39 C; Notes: caf\xc3\xa9 \xf0\x9f\x98\x80");
	cr_assert_eq(c.base_line[1], 2);
	cr_assert_eq(c.base_line[2], 3);
	cr_assert_not(c.exact[1]);
	unlink(path);
	free(u);
	collect_free(&c);
}

Test(extract, utf16be_text_file_is_one_decoded_unit_across_chunks)
{
	const char line[] = "Zo\xc3\xab \xf0\x9f\x98\x80 NI AB 12 34 56 C\n";
	struct pc_buf want;
	struct collect c;
	char path[256];
	size_t i, n;
	char *u;

	pc_buf_init(&want, 1 << 20);
	for (i = 0; i < 20000; i++) /* ~1 MB of UTF-16: many 64 KiB reads */
		pc_buf_add(&want, line, sizeof(line) - 1);
	u = to_utf16(want.data, want.len, true, &n);
	cr_assert_gt(n, 4 * 65536);
	write_tmp(path, sizeof(path), "u16be.txt", u, n);
	cr_assert_eq(run_file(path, &c, NULL), 0, "%s", pc_error_get());
	cr_assert_eq(c.n, 1);
	cr_assert_not(c.exact[0], "decoded offsets are not the file's");
	cr_assert_eq(c.text[0].len, want.len);
	cr_assert_eq(memcmp(c.text[0].data, want.data, want.len), 0);
	cr_assert_leq(c.max_chunk, 65536, "bounded chunks");
	unlink(path);
	free(u);
	pc_buf_free(&want);
	collect_free(&c);
}

Test(extract, utf16_in_memory_csv_and_damaged_surrogates)
{
	/* an attachment's bytes: "a,b\n1,<lone high surrogate>x\n" */
	const char t[] = "\xff\xfe" "a\0,\0b\0\n\0" "1\0,\0\x3d\xd8x\0\n\0";
	struct collect c;

	cr_assert_eq(run_mem(t, sizeof(t) - 1, "att.csv", PC_DOC_AUTO, &c,
	    NULL), 0);
	cr_assert_eq(c.n, 2);
	cr_assert_str_eq(c.text[1].data, "a: 1; b: \xef\xbf\xbdx");
	collect_free(&c);
}

Test(extract, utf16_html_and_json)
{
	const char html[] = "<html><head><meta charset=\"utf-16\"></head>"
			    "<body><p>Caf\xc3\xa9 NI AB 12 34 56 C</p></body></html>";
	const char json[] = "[{\"name\":\"Zo\xc3\xab\",\"nino\":\"AB123456C\"}]";
	struct collect c;
	size_t n;
	char *u;

	u = to_utf16(html, sizeof(html) - 1, false, &n);
	cr_assert_eq(run_mem(u, n, "p.html", PC_DOC_AUTO, &c, NULL), 0, "%s",
	    pc_error_get());
	cr_assert_eq(c.n, 1);
	cr_assert(strstr(c.text[0].data, "Caf\xc3\xa9 NI AB 12 34 56 C") !=
	    NULL, "%s", c.text[0].data);
	free(u);
	collect_free(&c);
	u = to_utf16(json, sizeof(json) - 1, true, &n);
	cr_assert_eq(run_mem(u, n, "x.json", PC_DOC_AUTO, &c, NULL), 0, "%s",
	    pc_error_get());
	cr_assert_eq(c.n, 1);
	cr_assert_str_eq(c.text[0].data, "name: Zo\xc3\xab\nnino: AB123456C\n");
	free(u);
	collect_free(&c);
}

Test(extract, utf8_bom_is_skipped_but_plain_text_stays_exact)
{
	const char csv[] = "\xef\xbb\xbfName,NI number\nJo Example,AB123456C\n";
	const char json[] = "\xef\xbb\xbf{\"nino\":\"AB123456C\"}";
	const char txt[] = "\xef\xbb\xbfNI AB 12 34 56 C\n";
	struct collect c;
	char path[256];

	write_tmp(path, sizeof(path), "bom.csv", csv, sizeof(csv) - 1);
	cr_assert_eq(run_file(path, &c, NULL), 0, "%s", pc_error_get());
	cr_assert_eq(c.n, 2);
	cr_assert_str_eq(c.text[1].data, "Name: Jo Example; NI number: "
	    "AB123456C");
	cr_assert_eq(c.base_offset[1], 18, "row offsets count the BOM "
	    "(got %llu)", c.base_offset[1]);
	unlink(path);
	collect_free(&c);
	cr_assert_eq(run_mem(json, sizeof(json) - 1, "x.json", PC_DOC_AUTO, &c,
	    NULL), 0, "%s", pc_error_get());
	cr_assert_str_eq(c.text[0].data, "nino: AB123456C\n");
	collect_free(&c);
	cr_assert_eq(run_mem(txt, sizeof(txt) - 1, "n.txt", PC_DOC_AUTO, &c,
	    NULL), 0);
	cr_assert(c.exact[0]);
	cr_assert_eq(c.text[0].len, sizeof(txt) - 1, "bytes pass unchanged");
	collect_free(&c);
}

Test(extract, utf16_mbox_is_read)
{
	const char t[] = "From a@example.org Mon Jan  1 00:00:00 2024\n"
			 "From: a@example.org\nMessage-ID: <m1@x>\n"
			 "Subject: case\n\nNI AB 12 34 56 C\n";
	struct collect c;
	size_t n;
	char *u = to_utf16(t, sizeof(t) - 1, false, &n);
	char path[256];

	write_tmp(path, sizeof(path), "mail.mbox", u, n);
	cr_assert_eq(run_file(path, &c, NULL), 0, "%s", pc_error_get());
	cr_assert_geq(collect_find(&c, "NI AB 12 34 56 C"), 0);
	unlink(path);
	free(u);
	collect_free(&c);
}

/* A body line starting "From " its writer did not escape (mboxo) opens
 * a message GMime cannot read, after which GMime read nothing more: the
 * messages after it were silently lost. They are read, and the skip is
 * said. */
Test(extract, mbox_read_on_past_an_unescaped_from_line)
{
	const char t[] = "From a@example.org Mon Jan  1 00:00:00 2024\n"
			 "From: a@example.org\nMessage-ID: <m1@x>\n"
			 "Subject: one\n\nfirst body\n\n"
			 "From a@example.org Mon Jan  1 00:00:00 2024\n"
			 "From: a@example.org\nMessage-ID: <m2@x>\n"
			 "Subject: two\n\n"
			 "From the desk of Mrs Example, JP\n"
			 "Laburnum House, Church Walk\n\nsecond body\n\n"
			 "From a@example.org Mon Jan  1 00:00:00 2024\n"
			 "From: a@example.org\nMessage-ID: <m3@x>\n"
			 "Subject: three\n\nNI AB 12 34 56 C\n";
	struct pc_extract_result res;
	struct collect c;
	char path[256];
	int i;

	write_tmp(path, sizeof(path), "mail.mbox", t, sizeof(t) - 1);
	cr_assert_eq(run_file(path, &c, &res), 0, "%s", pc_error_get());
	cr_assert_geq(collect_find(&c, "first body"), 0);
	i = collect_find(&c, "NI AB 12 34 56 C");
	cr_assert_geq(i, 0, "the message after the bad line is read");
	cr_assert_str_eq(c.message_id[i], "m3@x");
	cr_assert_geq(res.parts_skipped, 1);
	cr_assert_not_null(
	    strstr(res.note, "read on from the next message"), "%s", res.note);
	unlink(path);
	collect_free(&c);
}
