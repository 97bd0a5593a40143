/* Protected private details: normalisation, the keyed-hash file, and
 * finding them in messages. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labelled.h"

Test(protect, postcode_phone_and_reg_forms_normalise_alike)
{
	char a[32], b[32];

	pc_protect_norm_postcode(a, sizeof(a), "ex7 2qd", 7);
	pc_protect_norm_postcode(b, sizeof(b), "EX72QD", 6);
	cr_assert_str_eq(a, b);
	cr_assert_eq(pc_protect_norm_postcode(a, sizeof(a), "hello", 5), 0);
	pc_protect_norm_phone(a, sizeof(a), "+44 (0)7700 900123", 18);
	cr_assert_str_eq(a, "07700900123");
	pc_protect_norm_phone(a, sizeof(a), "0044 7700-900-123", 17);
	cr_assert_str_eq(a, "07700900123");
	cr_assert_eq(pc_protect_norm_phone(a, sizeof(a), "12345", 5), 0);
	pc_protect_norm_reg(a, sizeof(a), "hm19 kxt", 8);
	cr_assert_str_eq(a, "HM19KXT");
}

Test(protect, address_words_normalise_alike)
{
	char a[64], b[64];

	pc_protect_norm_words(a, sizeof(a), "3 Tanners Ln", 12);
	pc_protect_norm_words(b, sizeof(b), "3 tanners lane", 14);
	cr_assert_str_eq(a, b);
	pc_protect_norm_words(a, sizeof(a), "No. 14 Orchard Rise", 19);
	cr_assert_str_eq(a, "14 orchard rise");
	pc_protect_norm_words(a, sizeof(a), "St Aldhelm\xe2\x80\x99s", 14);
	cr_assert_str_eq(a, "st aldhelms");
}

/* Whether text reveals a protected detail of kind. */
static int
finds(struct pc_protect *p, const char *text, int kind)
{
	struct pc_protect_hit hits[8];
	int n = pc_protect_find(p, text, strlen(text), hits, 8), i;

	cr_assert_geq(n, 0);
	for (i = 0; i < n; i++)
		if ((int)hits[i].kind == kind)
			return 1;
	return 0;
}

Test(protect, finds_details_in_any_form)
{
	struct pc_protect *p = lab_protected();

	cr_assert_not_null(p, "%s", pc_error_get());
	cr_assert(finds(p, "postcode ex72qd lol", PC_PROT_POSTCODE));
	cr_assert(finds(p, "ring +44 7700 900 123", PC_PROT_PHONE));
	cr_assert(finds(p, "0 7 7 0 0  9 0 0 1 2 3", PC_PROT_PHONE));
	cr_assert(finds(p, "lives at 14 Orchard Rise.", PC_PROT_HOME_ADDRESS));
	cr_assert(finds(p, "Orchard Rise, number 14.", PC_PROT_HOME_ADDRESS));
	cr_assert(finds(p, "on Orchard Rise, Little Wexcombe",
	    PC_PROT_HOME_ADDRESS));
	cr_assert(finds(p, "car HM19 KXT", PC_PROT_CAR_REG));
	cr_assert(finds(p, "Poppy Marsh is in year 5", PC_PROT_NAME));
	cr_assert(finds(p, "St Aldhelms Primary", PC_PROT_SCHOOL));
	pc_protect_free(p);
}

Test(protect, unicode_spaces_of_web_pages_are_spaces)
{
	struct pc_protect *p = lab_protected();

	cr_assert_not_null(p, "%s", pc_error_get());
	/* &nbsp;, a thin space, a narrow no-break space */
	cr_assert(finds(p, "postcode EX7\xc2\xa0" "2QD.", PC_PROT_POSTCODE));
	cr_assert(finds(p, "postcode EX7\xe2\x80\x89" "2QD.",
	    PC_PROT_POSTCODE));
	cr_assert(finds(p, "ring 07700\xe2\x80\xaf" "900123",
	    PC_PROT_PHONE));
	cr_assert(finds(p, "at 14\xc2\xa0Orchard\xc2\xa0Rise",
	    PC_PROT_HOME_ADDRESS));
	pc_protect_free(p);
}

Test(protect, near_misses_are_not_found)
{
	struct pc_protect *p = lab_protected();
	struct pc_protect_hit hits[8];
	const char *t = "I moved to 22 Orchard Way, EX7 2QF; the footpath from Orchard Rise is overgrown; call 07700 900777. St Aldhelm's crossing. House of Commons, London SW1A 0AA.";

	cr_assert_not_null(p);
	cr_assert_eq(pc_protect_find(p, t, strlen(t), hits, 8), 0);
	pc_protect_free(p);
}

Test(protect, hit_is_masked)
{
	struct pc_protect *p = lab_protected();
	struct pc_protect_hit hits[8];
	const char *t = "she lives at 14 Orchard Rise";
	int n;

	n = pc_protect_find(p, t, strlen(t), hits, 8);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(hits[0].masked, "14 O****** R***");
	cr_assert_str_eq(hits[0].person, "Helen Marsh");
	pc_protect_free(p);
}

Test(protect, file_round_trip_0600_and_no_values)
{
	struct pc_protect *p = lab_protected(), *q = NULL;
	char path[] = "/tmp/pc-protect-XXXXXX", buf[8192];
	struct stat st;
	FILE *f;
	size_t n;
	int fd;

	cr_assert_not_null(p);
	cr_assert_geq(fd = mkstemp(path), 0);
	close(fd);
	cr_assert_eq(pc_protect_save(p, path), 0, "%s", pc_error_get());
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert_not_null(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert_null(strstr(buf, "Orchard"));
	cr_assert_null(strstr(buf, "7700"));
	cr_assert_null(strstr(buf, "EX7"));
	cr_assert_eq(pc_protect_load(&q, path, (const unsigned char *)LAB_KEY,
	    strlen(LAB_KEY)), 0, "%s", pc_error_get());
	cr_assert_eq(q->n, p->n);
	cr_assert(finds(q, "EX7 2QD", PC_PROT_POSTCODE));
	pc_protect_free(q);
	/* another key: refused, its hashes could never match */
	cr_assert_neq(pc_protect_load(&q, path, (const unsigned char *)"other",
	    5), 0);
	cr_assert(strstr(pc_error_get(), "different office HMAC key"));
	/* group-readable: refused */
	chmod(path, 0640);
	cr_assert_neq(pc_protect_load(&q, path, (const unsigned char *)LAB_KEY,
	    strlen(LAB_KEY)), 0);
	unlink(path);
	pc_protect_free(p);
}

Test(protect, remove_by_person_and_kind)
{
	struct pc_protect *p = lab_protected();

	cr_assert_eq(pc_protect_remove(p, "Priya Nair", PC_PROT_PHONE), 1);
	cr_assert_not(finds(p, "07700 900456", PC_PROT_PHONE));
	cr_assert(finds(p, "EX4 9LB", PC_PROT_POSTCODE));
	cr_assert_eq(pc_protect_remove(p, "Priya Nair", -1), 2);
	cr_assert_not(finds(p, "EX4 9LB", PC_PROT_POSTCODE));
	pc_protect_free(p);
}
