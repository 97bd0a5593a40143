/* Text units flowing from extractors (files, mail, web) to the matchers. */
#ifndef PC_CONTENT_TEXT_H
#define PC_CONTENT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where a unit of text came from. A unit is a file's text, one mail part,
 * one CSV cell column, one web page. When exact is true the unit's bytes
 * are the original file's bytes starting at base_offset, so a match's
 * offset and length map straight back; otherwise (decoded MIME, XML in a
 * zip) offsets are within the decoded unit and base_offset is where the
 * unit starts in the original.
 */
struct pc_text_loc {
	const char *path;       /* file path or URL */
	const char *message_id; /* mail Message-ID, or NULL */
	const char *member;     /* part inside a container (zip member,
				   attachment name), or NULL */
	bool exact;
	uint64_t base_offset;
	uint64_t base_line;  /* 1-based line of the unit's first byte */
	const char *locator; /* where the unit is for a person ("part 1.2"),
				or NULL */
	bool lines_exact;    /* not exact, but its lines are the file's lines
			     (CSV rows, HTML source, UTF-16 text) */
};

/*
 * A mark inside a unit (optional): from the next byte of the unit on,
 * until the next mark, a person finds the text at locator ("row 14,
 * column 'NI number'", "$.cases[3].nino", "Cases!C14", "paragraph 7";
 * NULL: none) and, when verbatim, the unit's bytes are the file's own
 * bytes from offset on (offset in the original file, on file line `line`
 * that starts at line_start), so a match inside them has a true file
 * offset even though the unit as a whole is not exact.
 */
struct pc_text_mark {
	const char *locator;
	bool verbatim;
	uint64_t offset;
	uint64_t line, line_start;
};

/*
 * A consumer of text units. begin, then data any number of times (chunks
 * of any size; a match may span chunks), then end. Borrowed pointers are
 * valid only during the call. A nonzero return stops the producer, which
 * returns that value.
 */
struct pc_text_sink {
	int (*begin)(void *arg, const struct pc_text_loc *loc);
	int (*data)(void *arg, const char *p, size_t len);
	int (*end)(void *arg);
	void *arg;
	/* optional (NULL: marks are dropped); only between begin and end */
	int (*mark)(void *arg, const struct pc_text_mark *mk);
};

#endif
