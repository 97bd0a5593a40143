/* PDF text: each layout real writers use gives the words and lines a
 * person reads; damage, encryption and bombs are refused by name. The
 * files come from tests/data/content/make_pdf.py. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "collect.h"

#define PDFS "tests/data/content/pdf/"

/* Reads a file into memory (caller frees). */
static char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *p;
	int fd = open(path, O_RDONLY);

	cr_assert(fd >= 0, "cannot open %s", path);
	fstat(fd, &st);
	p = malloc((size_t)st.st_size + 1);
	cr_assert_eq(read(fd, p, (size_t)st.st_size), st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

/* Extracts a file through the file path of the pipeline. */
static int
run_file(const char *path, struct collect *c, struct pc_extract_result *res)
{
	struct pc_text_sink s = collect_sink(c);
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "cannot open %s", path);
	fstat(fd, &st);
	r = pc_extract_fd(fd, path, (uint64_t)st.st_size, PC_DOC_AUTO, &s, res);
	close(fd);
	cr_assert(!c->open, "a unit was left open");
	return r;
}

/* Extracts bytes in memory. */
static int
run_mem(const char *data, size_t len, struct collect *c,
    struct pc_extract_result *res)
{
	struct pc_text_sink s = collect_sink(c);
	struct pc_text_loc loc = { .path = "mem.pdf", .base_line = 1 };
	int r = pc_extract_mem(data, len, &loc, PC_DOC_AUTO, &s, res);

	cr_assert(!c->open, "a unit was left open");
	return r;
}

Test(pdf, sniffed_by_its_header)
{
	cr_assert_eq(
	    pc_extract_kind("a.bin", "%PDF-1.7\n%\xe2\xe3", 12), PC_DOC_PDF);
	cr_assert_eq(pc_extract_kind("scan", "\r\n%PDF-1.4", 10), PC_DOC_PDF);
	cr_assert_eq(
	    pc_extract_kind("a.pdf", "\x89PNG\r\n\x1a\n", 8), PC_DOC_BINARY);
	cr_assert_str_eq(pc_extract_kind_name(PC_DOC_PDF), "pdf");
}

Test(pdf, simple_font_lines_and_words_by_position)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(
	    run_file(PDFS "simple.pdf", &c, &res), 0, "%s", pc_error_get());
	cr_assert_eq(res.kind, PC_DOC_PDF);
	cr_assert_eq(c.n, 2, "a unit per page");
	cr_assert_eq(res.parts_skipped, 0, "%s", res.note);
	/* T* and ' start lines; a Td jump between two Tj is a space;
	 * WinAnsi \351 is e-acute; escaped parentheses stay */
	cr_assert_str_eq(c.text[0].data,
	    "Case note for Dana Example\n"
	    "NI number: WR 48 27 39 C\n"
	    "Date of birth: 03/09/1957\n"
	    "Caf\xc3\xa9 visit, (urgent)\n");
	cr_assert_str_eq(c.text[1].data, "Second page\nMobile 07911 123456\n");
	cr_assert_eq(c.exact[0], 0, "decoded text is never exact");
	collect_free(&c);
}

Test(pdf, identity_h_tounicode_flate_objstm_xref_stream)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(
	    run_file(PDFS "word.pdf", &c, &res), 0, "%s", pc_error_get());
	cr_assert_eq(c.n, 1);
	cr_assert_eq(res.parts_skipped, 0, "%s", res.note);
	/* TJ kerning (-12) joins a word; a -278 gap is a space */
	cr_assert_str_eq(c.text[0].data,
	    "Constituent: Dana Example\n"
	    "NI number: WR 48 27 39 C\n"
	    "Date of birth: 3 September 1957\n"
	    "Email: dana.example@gmail.com\n");
	collect_free(&c);
}

/* A real writer's output (cairo: subset TrueType fonts as Type0 with
 * Identity-H and ToUnicode, a simple TrueType font, Flate). */
Test(pdf, cairo_output_reads_as_written)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run_file(PDFS "cairo.pdf", &c, &res), 0, "%s",
	    pc_error_get());
	cr_assert_eq(c.n, 2);
	cr_assert_eq(res.parts_skipped, 0, "%s", res.note);
	cr_assert_str_eq(c.text[0].data,
	    "Dear Ms Example,\n"
	    "Re: housing appeal for Mr Evan Sample\n"
	    "NI number: JK 48 27 39 B   Date of birth: 14/03/1985\n"
	    "NHS number 943 476 5919, mobile 07911 123458, email "
	    "evan.sample@outlook.com\n"
	    "Caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9 \xe2\x80\x93 \xe2\x80\x9cquoted"
	    "\xe2\x80\x9d \xef\xac\x81ne\n");
	cr_assert_str_eq(c.text[1].data,
	    "Page two: passport 123456789 for Evan\n");
	collect_free(&c);
}

Test(pdf, broken_xref_is_repaired_by_scanning_objects)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(
	    run_file(PDFS "broken.pdf", &c, &res), 0, "%s", pc_error_get());
	cr_assert_eq(c.n, 2);
	cr_assert(collect_find(&c, "NI number: WR 48 27 39 C") == 0);
	collect_free(&c);
}

Test(pdf, encrypted_is_refused_not_passed)
{
	struct collect c;

	cr_assert_eq(run_file(PDFS "encrypted.pdf", &c, NULL), PC_EPERM);
	cr_assert(strstr(pc_error_get(), "encrypted PDF") != NULL, "%s",
	    pc_error_get());
	cr_assert_eq(c.total, 0, "no text from an encrypted file");
}

Test(pdf, ascii_filters_forms_inline_images_differences)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(
	    run_file(PDFS "filters.pdf", &c, &res), 0, "%s", pc_error_get());
	cr_assert_eq(res.parts_skipped, 0, "%s", res.note);
	cr_assert_str_eq(c.text[0].data,
	    "NI number WR 48 27 39 C\nDate of birth 03/09/1957\n");
	collect_free(&c);
}

Test(pdf, images_only_is_not_a_clean_bill)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run_file(PDFS "scan.pdf", &c, &res), 0);
	cr_assert_eq(res.parts_skipped, 1);
	cr_assert(strstr(res.note, "no text layer") != NULL, "%s", res.note);
	collect_free(&c);
}

Test(pdf, unread_filter_is_a_skipped_part_the_rest_is_read)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run_file(PDFS "lzw.pdf", &c, &res), 0);
	cr_assert_eq(res.parts_skipped, 1);
	cr_assert(strstr(res.note, "page 1: ") != NULL &&
		strstr(res.note, "LZWDecode") != NULL,
	    "%s", res.note);
	cr_assert(collect_find(&c, "Mobile 07911 123456") >= 0);
	collect_free(&c);
}

Test(pdf, form_field_values_are_read_with_their_names)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(run_file(PDFS "form.pdf", &c, &res), 0, "%s",
	    pc_error_get());
	cr_assert_eq(c.n, 2, "the page, then the form's fields");
	cr_assert_str_eq(c.text[1].data,
	    "Full name: Dana Example\n"
	    "NI number: WR 48 27 39 C\n"
	    "Applicant.Date of birth: 03/09/1957\n");
	collect_free(&c);
}

Test(pdf, glyphs_without_a_unicode_map_are_a_part_not_read)
{
	struct pc_extract_result res;
	struct collect c;

	cr_assert_eq(
	    run_file(PDFS "nomap.pdf", &c, &res), 0, "%s", pc_error_get());
	cr_assert_eq(res.parts_skipped, 1);
	cr_assert(strstr(res.note, "page 1: ") != NULL &&
		strstr(res.note, "without a Unicode map") != NULL,
	    "%s", res.note);
	collect_free(&c);
}

/* A page whose content inflates from ~64 KiB to 64 MiB. */
Test(pdf, decompression_bomb_is_refused)
{
	size_t big = 64u << 20, zlen = compressBound(big);
	unsigned char *raw = malloc(big), *z = malloc(zlen);
	struct pc_buf pdf;
	struct collect c;
	int r;

	cr_assert(raw && z);
	memset(raw, ' ', big);
	cr_assert_eq(compress2(z, &zlen, raw, big, 9), Z_OK);
	free(raw);
	pc_buf_init(&pdf, 1u << 24);
	pc_buf_addf(&pdf,
	    "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	    "3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
	    "4 0 obj << /Filter /FlateDecode /Length %zu >>\nstream\n",
	    zlen);
	pc_buf_add(&pdf, z, zlen);
	pc_buf_adds(&pdf, "\nendstream\nendobj\n%%EOF\n");
	free(z);
	r = run_mem(pdf.data, pdf.len, &c, NULL);
	cr_assert_eq(r, PC_ELIMIT, "%d %s", r, pc_error_get());
	cr_assert(strstr(pc_error_get(), "decompression bomb") != NULL);
	pc_buf_free(&pdf);
	collect_free(&c);
}

/* Every prefix of a real layout: refused or read, never a crash, units
 * always paired (the collector fails on a broken contract). */
Test(pdf, every_truncation_is_handled)
{
	const char *files[] = { PDFS "word.pdf", PDFS "simple.pdf",
		PDFS "filters.pdf" };
	struct collect c;
	size_t len, n;
	char *p;

	for (size_t f = 0; f < 3; f++) {
		p = slurp(files[f], &len);
		for (n = 0; n <= len; n++) {
			(void)run_mem(p, n, &c, NULL);
			collect_free(&c);
		}
		free(p);
	}
}

Test(pdf, loops_and_nesting_are_bounded)
{
	static const char loop[] =
	    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >> endobj\n"
	    "3 0 obj << /Type /Page /Contents 4 0 R /Length 5 0 R >> endobj\n"
	    "4 0 obj << /Length 4 0 R >>\nstream\nBT (loop ok) Tj ET\n"
	    "endstream endobj\n5 0 obj 5 0 R endobj\n"
	    "xref\n0 1\n0000000000 65535 f \ntrailer << /Root 1 0 R /Prev 0 >>\nstartxref\n0\n%%EOF\n";
	struct pc_buf deep;
	struct collect c;
	int i;

	cr_assert_eq(
	    run_mem(loop, sizeof(loop) - 1, &c, NULL), 0, "%s", pc_error_get());
	cr_assert_eq(c.n, 1);
	collect_free(&c);
	/* nesting past the cap: the object is damaged, never a stack
	 * overflow */
	pc_buf_init(&deep, 1u << 20);
	pc_buf_adds(&deep, "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages ");
	for (i = 0; i < 100000; i++)
		pc_buf_adds(&deep, "[");
	pc_buf_adds(&deep, " >> endobj\n%%EOF\n");
	cr_assert_lt(run_mem(deep.data, deep.len, &c, NULL), 0);
	pc_buf_free(&deep);
	collect_free(&c);
}
