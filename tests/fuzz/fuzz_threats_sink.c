/* Fuzz target: a mailbox, message, CSV or JSON export read through the
 * threats sink (headers' From kept and masked, a row's place, the
 * text, id, author and date columns) never crashes, and what a flag and
 * a judged unit carry is short. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/content/extract.h"
#include "checks/threats/sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pc_threats_engine *eng;

/* Checks one flag's strings and masks its sender. */
static int
on_flag(void *arg, const struct pc_threats_flag *f)
{
	char masked[160];

	(void)arg;
	pc_threats_mask_sender(masked, sizeof(masked), f->sender);
	if (strlen(masked) >= sizeof(masked) || f->rule == NULL ||
	    f->why == NULL || f->path == NULL)
		abort();
	if (f->sender && strchr(f->sender, '@') &&
	    strstr(masked, "***") == NULL)
		abort();
	return 0;
}

/* Checks a judged unit's kept columns stay within their caps. */
static int
on_unit(void *arg, const struct pc_threats_unit *u)
{
	(void)arg;
	if ((u->where->record_id && strlen(u->where->record_id) > 255) ||
	    (u->where->date && strlen(u->where->date) > 4096))
		abort();
	return 0;
}

/* First byte: M mbox, E eml, C CSV (column "text"), J JSON; the rest is
 * the file. CSV: columns text, id, author, date; JSON: text, id,
 * user.name, created. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *lex[] = { PC_SOURCE_DIR
		"/policies/lexicons/threats-words.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-veiled.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-allow.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-abuse.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-model.yaml" };
	const char *names[] = { "Helen Marsh" };
	struct pc_text_loc loc = { .path = "fuzz" };
	struct pc_threats_sink *sink = NULL;
	struct pc_extract_result res;
	struct pc_text_sink ts;
	enum pc_doc_kind kind;
	const char *csv[PC_THR_NCOLS] = { "text", "id", "author", "date" };
	const char *json[PC_THR_NCOLS] = { "text", "id", "user.name",
		"created" };

	if (size < 1)
		return 0;
	if (eng == NULL && pc_threats_engine_new(&eng, lex, 5, names, 1) != 0)
		abort();
	kind = data[0] == 'M' ? PC_DOC_MBOX
	    : data[0] == 'E'  ? PC_DOC_EML
	    : data[0] == 'C'  ? PC_DOC_CSV
	    : data[0] == 'J'  ? PC_DOC_JSON
			      : PC_DOC_AUTO;
	if (pc_threats_sink_new(&sink, eng, NULL, on_flag, NULL) != 0)
		return 0;
	if ((kind == PC_DOC_CSV && pc_threats_sink_set_columns(sink, csv)) ||
	    (kind == PC_DOC_JSON && pc_threats_sink_set_columns(sink, json)))
		goto out;
	pc_threats_sink_on_unit(sink, on_unit, NULL);
	pc_threats_sink_get(sink, &ts);
	memset(&res, 0, sizeof(res));
	(void)pc_extract_mem(
	    (const char *)data + 1, size - 1, &loc, kind, &ts, &res);
out:
	pc_threats_sink_free(sink);
	return 0;
}
