/* xlsx sheet names: which worksheet member is the sheet a person sees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "agent/lib/err.h"
#include "extract_int.h"
#include "zip.h"

#define REL_MAX 64 /* relationship ids and targets kept (capped) */

/* Reads member name of z as an XML reader (NULL when absent or damaged). */
static xmlTextReaderPtr
open_xml(struct pc_zip *z, const char *name, struct pc_buf *xml)
{
	const struct pc_zip_entry *m = pc_zip_find(z, name);

	memset(xml, 0, sizeof(*xml));
	if (m == NULL || pc_zip_read(z, m, xml) != 0)
		return NULL;
	return xmlReaderForMemory(xml->data, (int)xml->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* The relationship id whose target is the worksheet member, into id. */
static bool
rel_of(struct pc_zip *z, const char *member, char *id, size_t n)
{
	struct pc_buf xml;
	xmlTextReaderPtr rd = open_xml(z, "xl/_rels/workbook.xml.rels", &xml);
	xmlChar *target, *rid;
	bool found = false;
	const char *t;

	while (rd != NULL && !found && xmlTextReaderRead(rd) == 1) {
		if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(rd),
			"Relationship") != 0)
			continue;
		target = xmlTextReaderGetAttribute(rd, BAD_CAST "Target");
		rid = xmlTextReaderGetAttribute(rd, BAD_CAST "Id");
		t = (const char *)target;
		if (t != NULL && t[0] == '/')
			t++; /* absolute: "/xl/worksheets/sheet1.xml" */
		if (t != NULL && rid != NULL &&
		    (strcmp(t, member) == 0 ||
			(strncmp(member, "xl/", 3) == 0 &&
			    strcmp(t, member + 3) == 0))) {
			snprintf(id, n, "%s", (const char *)rid);
			found = true;
		}
		xmlFree(target);
		xmlFree(rid);
	}
	xmlFreeTextReader(rd);
	pc_buf_free(&xml);
	return found;
}

/*
 * The name a person sees on the tab of worksheet member ("Cases" for
 * xl/worksheets/sheet1.xml), from xl/workbook.xml through its
 * relationships; "" when it cannot be told.
 */
void
pc_xlsx_sheet_name(struct pc_zip *z, const char *member, char *out, size_t n)
{
	struct pc_buf xml;
	xmlTextReaderPtr rd;
	xmlChar *name, *rid;
	char id[REL_MAX] = "";
	unsigned long n_id = 0;
	bool by_id;

	out[0] = '\0';
	/* no relationships (hand-made files): sheetN.xml is sheetId N */
	if (!rel_of(z, member, id, sizeof(id)))
		by_id =
		    sscanf(member, "xl/worksheets/sheet%lu.xml", &n_id) == 1;
	else
		by_id = false;
	if (!by_id && id[0] == '\0')
		return;
	rd = open_xml(z, "xl/workbook.xml", &xml);
	while (rd != NULL && out[0] == '\0' && xmlTextReaderRead(rd) == 1) {
		if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(rd),
			"sheet") != 0)
			continue;
		name = xmlTextReaderGetAttribute(rd, BAD_CAST "name");
		rid = by_id
		    ? xmlTextReaderGetAttribute(rd, BAD_CAST "sheetId")
		    : xmlTextReaderGetAttributeNs(rd, BAD_CAST "id",
			  BAD_CAST
			  "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
		if (name != NULL && rid != NULL &&
		    (by_id ? strtoul((const char *)rid, NULL, 10) == n_id
			   : strcmp((const char *)rid, id) == 0))
			snprintf(out, n, "%s", (const char *)name);
		xmlFree(name);
		xmlFree(rid);
	}
	xmlFreeTextReader(rd);
	pc_buf_free(&xml);
}
