/* The closed member lists of report.json, per schema version. */
#ifndef PC_REPORT_SCHEMA_H
#define PC_REPORT_SCHEMA_H

struct cJSON;

/*
 * Checks the parsed tree of a report of schema version (1 or 2) before its
 * values are read: no object anywhere has the same key twice (cJSON keeps
 * both as siblings; portcullis would read the first, Python's json the
 * last, so the same signed bytes would mean two things), and every object
 * of the report's shape has only the members its version defines. 0, or
 * PC_EINVALID with "schema invalid: NAME: path: ..." in the error slot.
 */
int pc_report_schema_check(
    const struct cJSON *root, const char *name, int version);

#endif
