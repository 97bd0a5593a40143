/* Validators: every rule with true and false examples. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "checks/content/redact.h"
#include "checks/content/validators.h"

/* Runs validator name on s; returns its verdict and fills v. */
static bool
check(const char *name, const char *s, struct pc_value *v)
{
	const struct pc_validator *val = pc_validator_find(name);

	cr_assert_not_null(val, "validator %s exists", name);
	return val->fn(s, strlen(s), v);
}

/* Asserts that name accepts s with normalised value norm. */
static void
yes(const char *name, const char *s, const char *norm)
{
	struct pc_value v;

	cr_assert(check(name, s, &v), "%s accepts \"%s\"", name, s);
	if (norm != NULL)
		cr_assert_str_eq(v.norm, norm, "%s normalises \"%s\"", name, s);
}

/* Asserts that name refuses s. */
static void
no(const char *name, const char *s)
{
	struct pc_value v;

	cr_assert_not(check(name, s, &v), "%s refuses \"%s\"", name, s);
}

Test(validators, nino_prefix_and_suffix)
{
	yes("nino", "JK 48 27 39 B", "JK482739B");
	yes("nino", "WR482739C", "WR482739C");
	yes("nino", "CE-48-27-39-A", "CE482739A");
	no("nino", "QQ 12 34 56 A"); /* HMRC's own invalid example */
	no("nino", "BG482739A");
	no("nino", "GB482739A");
	no("nino", "NK482739A");
	no("nino", "KN482739A");
	no("nino", "TN482739A");
	no("nino", "NT482739A");
	no("nino", "ZZ482739A");
	no("nino", "DA482739A");
	no("nino", "AF482739A");
	no("nino", "IA482739A");
	no("nino", "AQ482739A");
	no("nino", "UA482739A");
	no("nino", "AV482739A");
	no("nino", "AO482739A"); /* O never second */
	no("nino", "JK482739E"); /* suffix A-D only */
	no("nino", "JK482739"); /* too short */
	yes("nino", "jk482739b", "JK482739B"); /* typed in lower case */
	no("nino", "qq123456c"); /* prefix rules hold in any case */
	no("nino", "JK000000A");
}

Test(validators, nhs_mod11)
{
	cr_assert(pc_valid_nhs_mod11("9434765919", 10));
	yes("nhs", "452 601 8155", "4526018155");
	yes("nhs", "490-830-1662", "4908301662");
	no("nhs", "408 246 2814"); /* wrong check digit */
	no("nhs", "6948219935");
	no("nhs", "9990000018"); /* test range */
	no("nhs", "4444444444"); /* repeated digit */
	no("nhs", "123456789"); /* nine digits */
}

Test(validators, card_luhn_and_issuer)
{
	cr_assert(pc_valid_luhn("79927398713", 11));
	cr_assert_not(pc_valid_luhn("79927398710", 11));
	yes("card", "4539 5181 9093 7865", "4539518190937865");
	yes("card", "5412-4875-7491-1863", "5412487574911863");
	yes("card", "2221252760189551", NULL); /* Mastercard 2-series */
	yes("card", "3714 597971 14716", "371459797114716"); /* Amex 15 */
	no("card", "4539 0497 4650 7524"); /* Luhn fails */
	no("card", "1234567812345670"); /* no issuer starts with 1 */
	no("card", "371459797114716000"); /* Amex must be 15 */
	no("card", "4111111111111111"); /* a run: test number */
}

Test(validators, iban_mod97)
{
	yes("iban_gb", "GB83 MIDL 4027 1631 9268 19", "GB83MIDL40271631926819");
	yes("iban_gb", "GB37NWBK60161371234567", NULL);
	no("iban_gb", "GB84 MIDL 4027 1631 9268 19");
	no("iban_gb", "DE89370400440532013000");
	no("iban_gb", "GB83MIDL4027163192681");
}

Test(validators, sort_code_and_account)
{
	yes("uk_bank", "40-27-16, account number 31926819", "40271631926819");
	yes("uk_bank", "Account 71234567, sort code 60-16-13", "60161371234567");
	no("uk_bank", "00-00-00 account 31926819");
	no("uk_bank", "40-27-16 account 11111111");
	no("uk_bank", "40-27-16 account 3192681");
}

Test(validators, passport)
{
	yes("passport", "532846197", "532846197");
	no("passport", "123456789");
	no("passport", "111111111");
	no("passport", "53284619");
}

Test(validators, dvla_date_encoding)
{
	yes("dvla", "MORGA753116SM9IJ", "MORGA753116SM9IJ");
	yes("dvla", "JONES 710238 HA3 DX", "JONES710238HA3DX");
	yes("dvla", "LI999802297A99AB", NULL); /* short surname, 9 padding */
	no("dvla", "MORGA713316SM9IJ"); /* month 13 */
	no("dvla", "MORGA763116SM9IJ"); /* month 63 */
	no("dvla", "MORGA702306SM9IJ"); /* 30 February */
	no("dvla", "MOR9A753116SM9IJ"); /* letter after 9 padding */
	no("dvla", "99999753116SM9IJ"); /* all padding */
	no("dvla", "MORGA753116SM9I"); /* 15 characters */
}

Test(validators, phone_uk)
{
	yes("phone_uk", "07911 123456", "07911123456");
	yes("phone_uk", "+44 7911 123456", "07911123456");
	yes("phone_uk", "+44 (0)20 7123 4567", "02071234567");
	yes("phone_uk", "0044 161 555 0199", "01615550199");
	yes("phone_uk", "(0161) 555 0199", "01615550199");
	yes("phone_uk", "07624 123456", NULL); /* Isle of Man */
	no("phone_uk", "07700 900123"); /* Ofcom drama */
	no("phone_uk", "01632 960123");
	no("phone_uk", "020 7946 0123");
	no("phone_uk", "0800 123 4567"); /* freephone: an organisation */
	no("phone_uk", "07623 123456"); /* pager */
	no("phone_uk", "07911 12345"); /* too short */
	no("phone_uk", "020 7777 7777"); /* a run */
}

Test(validators, email)
{
	yes("email", "Jane.Doe84@GMail.com", "jane.doe84@gmail.com");
	yes("email", "a.b+tag@mail.co.uk", NULL);
	no("email", "sam@example.org");
	no("email", "x@mail.example.com");
	no("email", "x@host.test");
	no("email", "image001.png@01D9A1B2.3C4D5E60");
	no("email", "a@localhost");
	no("email", "a@-bad.com");
	no("email", "@nouser.com");
}

Test(validators, postcode_positions)
{
	yes("postcode", "EX4 7QT", "EX4 7QT");
	yes("postcode", "ls14ap", "LS1 4AP");
	yes("postcode", "SW1A 0AA", "SW1A 0AA"); /* allow-listed in YAML */
	yes("postcode", "W1J 7NT", NULL); /* A9A */
	yes("postcode", "M1 1AE", NULL);	/* A9 */
	yes("postcode", "CR2 6XH", NULL);
	yes("postcode", "B33 8TH", NULL); /* A99 */
	yes("postcode", "DN55 1PT", NULL); /* AA99 */
	no("postcode", "QX1 4AP"); /* Q first */
	no("postcode", "AI1 4AP"); /* I second */
	no("postcode", "W1I 7NT"); /* I third */
	no("postcode", "EC1C 1BB"); /* C fourth */
	no("postcode", "LS1 4CI"); /* C, I inward */
	no("postcode", "LS1 4AK");
}

Test(validators, date_of_birth)
{
	yes("dob", "DOB: 14/03/1985", "1985-03-14");
	yes("dob", "Date of birth 2 June 1961", "1961-06-02");
	yes("dob", "born on 1947-11-30", "1947-11-30");
	yes("dob", "DOB 29/02/2000", "2000-02-29");
	yes("dob", "DOB 1st Jan 1990", "1990-01-01");
	no("dob", "DOB: 31/02/1985");
	no("dob", "DOB: 29/02/1999");
	no("dob", "DOB: 14/03/1885");
	no("dob", "DOB: 14/13/1985");
	no("dob", "DOB: 14/03/2999");
}

Test(validators, secrets)
{
	yes("aws_key_id", "AKIA4QZ7XK2MWV5RT3LN", NULL);
	no("aws_key_id", "AKIAIOSFODNN7EXAMPLE");
	no("aws_key_id", "AKIA4QZ7XK2MWV5RT3L");
	yes("aws_secret",
	    "aws_secret_access_key = 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",
	    "9drTq2Lw7Zp4Xk1Vb8Nc3Mh6Jf5Gd0Sa/QeRtYuI");
	no("aws_secret",
	    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	yes("token", "ghp_R8kq2Zx7Lm4Np9Vt3Wb6Yc1Hd5Jf0Gs2Ae7Q", NULL);
	no("token", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	no("token", "ghp_000000000000000000000000000000000000");
	yes("token", "xoxb-2837461950-4829173650182-Qw7eRt5yUi9oPa3sDf1gHj2k",
	    NULL);
	no("token", "xoxb-your-token-here-and-some-more-words");
	yes("token", "AIzaSyB7xQ2mL9vK4pR8tW1nZ6cJ3hF5dG0sE2a", NULL);
	yes("password", "password: Summer2024!\n", "Summer2024!");
	yes("password", "DB_PASSWORD=\"k7#Rq9!zLw2\"", "k7#Rq9!zLw2");
	no("password", "password: forgotten\n");
	no("password", "password=${DB_PASSWORD}");
	no("password", "password: ********\n");
	no("password", "password = os.environ['PW']");
	yes("private_key",
	    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAs9Qh3Kx1vZ7Lr0aX2pT"
	    "qW8mN4cYbVfG6uJ5dE1hR7kS2oP9t\n",
	    NULL);
	no("private_key", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE "
			  "KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	cr_assert_gt(pc_shannon_entropy("abcdefgh", 8), 2.9);
	cr_assert_lt(pc_shannon_entropy("aaaaaaaa", 8), 0.1);
}

Test(validators, redacted_previews)
{
	char out[PC_REDACT_PREVIEW_MAX], mac1[65], mac2[65], mac3[65];
	const unsigned char k1[] = "office-key-1", k2[] = "office-key-2";

	pc_redact_preview(out, sizeof(out), "nino", "AB123456C", 9);
	cr_assert_str_eq(out, "AB ** ** ** C");
	pc_redact_preview(out, sizeof(out), "card", "4539518190934242", 16);
	cr_assert_str_eq(out, "**** **** **** 4242");
	pc_redact_preview(out, sizeof(out), "token",
	    "ghp_R8kq2Zx7Lm4Np9Vt3Wb6Yc1Hd5Jf0Gs2Ae7Q", 40);
	cr_assert_str_eq(out, "ghp_****\xe2\x80\xa6"
			      "Ae7Q");
	pc_redact_preview(out, sizeof(out), "email", "sam@example.org", 15);
	cr_assert_str_eq(out, "s***@example.org");
	pc_redact_preview(out, sizeof(out), "dob", "1985-03-14", 10);
	cr_assert_null(strstr(out, "1985"));
	pc_redact_preview(out, sizeof(out), "full", "MORGA753116SM9IJ", 16);
	cr_assert_null(strstr(out, "753116"));
	pc_redact_preview(out, sizeof(out), "password", "Summer2024!", 11);
	cr_assert_null(strstr(out, "Summer"));
	pc_redact_preview(out, sizeof(out), "secret",
	    "9drTq2Lw7Zp4Xk1Vb8Nc3Mh6Jf5Gd0Sa/QeRtYuI", 40);
	cr_assert_null(strstr(out, "9drT"));
	cr_assert_eq(pc_redact_hmac(mac1, k1, 12, "AB123456C", 9), 0);
	cr_assert_eq(pc_redact_hmac(mac2, k1, 12, "AB123456C", 9), 0);
	cr_assert_eq(pc_redact_hmac(mac3, k2, 12, "AB123456C", 9), 0);
	cr_assert_str_eq(mac1, mac2, "same key, same value, same hash");
	cr_assert_str_neq(mac1, mac3, "another office's key differs");
	cr_assert_eq(strlen(mac1), 64);
	cr_assert_neq(pc_redact_hmac(mac1, NULL, 0, "x", 1), 0);
}

/*
 * Test fixture generator: a GitHub-shaped token from a made-up random
 * part, with the checksum computed here (bitwise CRC32, base62 0-9A-Za-z,
 * '0'-padded), independently of the validator. Never a real token.
 */
static void
gh_fixture(char *out, size_t cap, const char *prefix, const char *body)
{
	static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz";
	unsigned long crc = 0xffffffffUL;
	char sum[7];
	size_t i;
	int k;

	for (i = 0; body[i] != '\0'; i++) {
		crc ^= (unsigned char)body[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320UL & (0UL - (crc & 1)));
	}
	crc ^= 0xffffffffUL;
	for (k = 5; k >= 0; k--, crc /= 62)
		sum[k] = b62[crc % 62];
	sum[6] = '\0';
	snprintf(out, cap, "%s%s%s", prefix, body, sum);
}

Test(validators, github_token_checksum)
{
	static const char *const bodies[] = {
		"R8kq2Zx7Lm4Np9Vt3Wb6Yc1Hd5Jf0G",
		"Sy4Dn8Fq2Lk7Pw3Zr9Vt6Hm1Jc5Gb0",
		"PortcullisDemoFakeToken7Kq2Zx9", /* checksum starts with '0' */
		("Qm7Tz2Kw9Lp4Xv8Rb3Nc6Hd1Jf5Gs0Ae7Yt2Ui9Op4Sd8Fg3Hj6Kl1Zx5Cv0Bn7"
		 "Mq2Wr9E"), /* 70: a refresh token's random part */
	};
	static const char *const prefixes[] = { "ghp_", "gho_", "ghu_",
		"ghr_" };
	char t[128];
	size_t i, j, n;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		for (j = 0; j < 4; j++) {
			gh_fixture(t, sizeof(t), prefixes[j], bodies[i]);
			yes("github_token", t, t);
			n = strlen(t);
			/* one character of the random part changed */
			t[6] = t[6] == 'A' ? 'B' : 'A';
			no("github_token", t);
			t[6] = bodies[i][2];
			/* the checksum's last character changed */
			t[n - 1] = t[n - 1] == '0' ? '1' : '0';
			no("github_token", t);
		}
	}
	gh_fixture(t, sizeof(t), "ghp_", bodies[2]);
	cr_assert_eq(t[34], '0', "fixture exercises the zero padding: %s", t);
	/* the right shape, made up: the strings documentation is full of */
	no("github_token", "ghp_R8kq2Zx7Lm4Np9Vt3Wb6Yc1Hd5Jf0Gs2Ae7Q");
	no("github_token", "gho_A1bC2dE3fH4iJ5kL6mN7oP8qR9sT0uV1wX2y");
	no("github_token", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	/* a placeholder with a correct checksum is still a placeholder */
	gh_fixture(t, sizeof(t), "ghp_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	no("github_token", t);
	/* ghs_ and github_pat_: shape rule only, as before */
	yes("github_token", "ghs_Sy4Dn8Fq2Lk7Pw3Zr9Vt6Hm1Jc5Gb0Qx7Z2a", NULL);
	yes("github_token", "github_pat_11AB2CD3E0Qm7Tz2Kw9Lp4Xv_8Rb3Nc6Hd1"
			    "Jf5Gs0Ae7Yt2Ui9Op4Sd8Fg3Hj6Kl1Zx5Cv0Bn7Mq2Wr9"
			    "EtYu3Io8Pa",
	    NULL);
	no("github_token", "ghs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	cr_assert_not(pc_valid_github_checksum("12TC4Z", 6));
	cr_assert_not(pc_valid_github_checksum("R8kq2Zx7-m4Np9Vt3Wb6Yc1Hd5Jf0G12TC4Z",
	    36), "only base62 characters");
}

Test(validators, passport_mrz_needs_all_five_check_digits)
{
	const char *line = "5361829040GBR6109156F3103016<<<<<<<<<<<<<<02";
	char bad[45];
	size_t i;

	yes("passport_mrz", line, "536182904");
	/* changing any checked character breaks a check digit (nationality
	 * and sex, 10-12 and 20, are outside every check in ICAO 9303) */
	for (i = 0; i < 44; i++) {
		if ((i >= 10 && i <= 12) || i == 20)
			continue;
		memcpy(bad, line, 45);
		bad[i] = bad[i] == '<' ? '1' : bad[i] == '9' ? '0' :
		    (char)(bad[i] + 1);
		no("passport_mrz", bad);
	}
}
