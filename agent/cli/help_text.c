/*
 * Every command's help: synopsis, description, options and exit statuses.
 * `portcullis COMMAND --help` prints an entry (help.c) and `portcullis
 * help --man` writes packaging/portcullis.1 from the same entries, so the
 * two cannot drift (tests/e2e/test_man.sh compares the committed page).
 * Texts say what is installed, never a path of the machine that built it.
 */
#include "agent/cli/dropin.h"
#include "agent/cli/help.h"
#include "agent/config.h"
#include "agent/policy.h"
#include "checks/content/detectors.h"

#define SYN(...)                                                               \
	(const char *const[])                                                  \
	{                                                                      \
		__VA_ARGS__, NULL                                              \
	}
#define OPTS(...)                                                              \
	(const struct pc_help_option[])                                        \
	{                                                                      \
		__VA_ARGS__,                                                   \
		{                                                              \
			0                                                      \
		}                                                              \
	}

#define CONFIG_OPT                                                             \
	{                                                                      \
		"--config FILE",                                               \
		    "the config (default " PC_CONFIG_DEFAULT_PATH ")"          \
	}

const struct
    pc_help_command
	pc_help_commands
	    [] = {
		    {
			.name = "init",
			.summary = "write a commented starter config and keys",
			.synopsis = SYN("portcullis init [--config FILE]",
			    "portcullis init --example [--config FILE]",
			    "portcullis init --print-dropin [--config FILE]"),
			.description =
			    "Writes a commented starter config to FILE for you to fill in (the parts marked FILL IN: scan refuses a config that still holds one), and creates the office's signing key pair in the keys/ folder beside it (see portcullis keygen --help). An existing config or key is never overwritten. Run as root where the package's portcullis user exists, it gives the keys/ and secrets/ folders (mode 0700) and the keys to that user, and the config to its group (mode 0640).",
			.options = OPTS(CONFIG_OPT,
			    { "--example",
				"print the starter config init would write; write nothing" },
			    { "--print-dropin",
				"print the systemd drop-in the existing config FILE needs under portcullis.service (credentials and the folders the scan reads); install it as " PC_DROPIN_PATH }),
			.exit =
			    "0 written (or printed); 2 usage error, an existing config, or a file that could not be written.",
		    },
		    {
			.name = "scan",
			.summary = "run the checks and write the signed report",
			.synopsis = SYN(
			    "portcullis scan [--config FILE] [--out DIR] [--only IDS] [--jobs N] [--json] [--quiet] [--no-sandbox]"),
			.description =
			    "Runs the checks the policy turns on, each in its own sandboxed process, and writes report.json (plus its signature, report.html and the checklist) to DIR/<office-id>/<date>T<time>Z/. A config that still holds a placeholder of the starter config (FILL IN, fill-in-..., the zero client id) is refused with the line of each. Findings named in report.accepted_file (the office's accepted risks: id, reason, owner on the staff list, accepted_on, expires at most a year on) stay in the report as \"accepted until <date>\" but do not count towards fail_on; an expired or unknown entry is a warning, and a police_now finding cannot be accepted (exit 2).\n\n"
			    "A PDS config with roster: FILE (CSV office_id,account,name: the Parliament tenant's accounts and their offices) runs mfa once over providers.microsoft365 and writes one report of scope parliament-tenant per office the roster names, holding its accounts' findings, plus one for pds-unassigned (accounts on no office, the tenant's settings), each in DIR/<office-id>/parliament-tenant/<date>T<time>Z/ with a chain of its own, signed with report.signing_key (the PDS key: \"* <key-id> scope=parliament-tenant\" in the keyring). One line per report; the exit status is the worst of them; --only does not apply.",
			.options = OPTS(CONFIG_OPT, { "--out DIR", "report folder (default: report.dir in the config)" }, { "--only IDS", "run only these checks, comma-separated (mfa, patch, email, exposure, threats); the others are recorded as skipped. A mandatory check left out (in the baseline policy, every check but threats) makes the scan incomplete, exit 3: use --only to look at one thing, not for the report to PDS" },
			    { "--jobs N",
				"checks run at once (default: number of cores)" },
			    { "--json", "print the summary as JSON on stdout" },
			    { "--quiet", "no progress on stderr" },
			    { "--no-sandbox",
				"run checks without the sandbox (recorded in the signed report, which then counts as incomplete)" }),
			.exit =
			    "0 no findings at or above report.fail_on; 1 such findings; 2 usage, config or I/O error; 3 scan incomplete (a check errored or a mandatory check was skipped).",
		    },
		    {
			.name = "config check",
			.summary =
			    "check a config (keys, secrets, providers) without scanning",
			.synopsis = SYN(
			    "portcullis config check [--config FILE] [--json]"),
			.description =
			    "Checks a config without scanning, one green (ok) or red (FAIL) line per item: every key (as scan loads it), no placeholder of the starter config left, the policy, each secret file's owner and mode and each content source, as the user who will run the scan (the portcullis user when the package's unit is installed, else you), and each provider: it signs in and sends one small read-only request per permission the scan needs, from the same sandboxed child a scan uses; and the accepted risks file (report.accepted_file), every entry. Then prints the systemd drop-in the config needs (as init --print-dropin). Nothing is scanned, written or signed.",
			.options = OPTS(CONFIG_OPT,
			    { "--json",
				"one JSON object on stdout: {\"ok\", \"user\", \"items\": [{\"item\", \"ok\", \"detail\"}], \"dropin\"}" }),
			.exit = "0 every item is ok; 2 otherwise.",
		    },
		    {
			.name = "verify",
			.summary = "check a report's signature, keyring, chain",
			.synopsis = SYN(
			    "portcullis verify REPORT [--pubkey KEY | --keyring FILE] [--approved-policies FILE]",
			    "                  [--require-chain] [--json]"),
			.description =
			    "REPORT is a report folder or its report.json. Checks, in order: the Ed25519 signature (report.json.sig over report.json's exact bytes) under --pubkey, or else the folder's signer.pub; the schema and that the summary matches the checks and findings; with --keyring, that the signing key is registered for the report's office, valid on the report's date and not revoked; and, when the office's previous report is beside it, that previous_report_sha256 matches it.\n\n"
			    "Without --keyring or --pubkey only integrity is shown: anyone can sign with their own key, so PDS should always pass --keyring. Keyring lines:\n\n"
			    "  <office-id> <key-id> [valid-after=YYYY-MM-DD]\n"
			    "               [valid-before=YYYY-MM-DD] [revoked]\n"
			    "  * <key-id> scope=parliament-tenant [valid-...] [revoked]\n\n"
			    "The last form is PDS's key: it signs every office's parliament-tenant reports (a roster scan) and nothing else; no office key may sign one (\"wrong scope\").",
			.options = OPTS(
			    { "--pubkey KEY",
				"check the signature under this public key (PEM) instead of the folder's signer.pub" },
			    { "--keyring FILE",
				"the PDS keyring: the signer must be registered for the report's office" },
			    { "--approved-policies FILE",
				"the policies PDS approves, one line each: sha256, policy id, version (default: approved-policies beside the keyring); any other policy hash is POLICY MODIFIED" },
			    { "--require-chain",
				"fail when the office's previous report is not beside this one (the chain cannot be checked)" },
			    { "--json",
				"one JSON object on stdout (valid, reasons, signer, chain, policy_approved)" }),
			.exit =
			    "0 valid; 1 invalid (the reason is printed) or the policy is not approved; 2 usage or I/O error.",
		    },
		    {
			.name = "checklist",
			.summary = "print a report's checklist",
			.synopsis = SYN(
			    "portcullis checklist REPORT [--format md|html|csv] [--staff NAME] [--policy-dir DIR]"),
			.description =
			    "Prints the checklist of a report (a report folder or its report.json): the steps grouped by who must act, most urgent first (call the police now; Parliamentary security and PDS; data protection; office fixes), then by person, each with what to do, by when, the finding id and how to check it is fixed.",
			.options = OPTS(
			    { "--format md|html|csv",
				"Markdown (default), a printable web page, or CSV: one row per step with an empty justification column" },
			    { "--staff NAME",
				"only the steps for this person (the digital lead also gets the steps nobody else owns); part of a name that matches one person is enough, and a name that matches no one is an error listing the staff" },
			    { "--policy-dir DIR",
				"where escalation.yaml is (default: the installed policies, /usr/share/portcullis/policies, else the policies folder of the source tree portcullis was built from)" }),
			.exit =
			    "0 printed; 2 usage error or a report that cannot be read.",
		    },
		    {
			.name = "keygen",
			.summary = "create the office signing key pair",
			.synopsis = SYN("portcullis keygen --out DIR",
			    "portcullis keygen --print-keyring-line PUBKEY --office ID"),
			.description =
			    "The first form creates DIR/office.key (the private key, PKCS#8 PEM, mode 0600), DIR/office.pub (the public key) and DIR/office.hmac (the key that fingerprints redacted evidence, mode 0600), and prints the key id: the SHA-256 of the public key's DER, in hex. It never overwrites a key. Give PDS the key id (or office.pub) to register in its keyring.\n\n"
			    "The second form prints the PDS keyring line for a public key:\n\n"
			    "  <office-id> <key-id>",
			.options = OPTS(
			    { "--out DIR", "where to create the key pair" },
			    { "--print-keyring-line PUBKEY",
				"print the keyring line for this public key (PEM)" },
			    { "--office ID",
				"the office id for --print-keyring-line" }),
			.exit =
			    "0 done; 2 usage error, an existing key, or a file that could not be read or written.",
		    },
		    {
			.name = "policy lint",
			.summary = "policy lint: validate policy files",
			.synopsis =
			    SYN("portcullis policy lint [--json] [FILE...]"),
			.description =
			    "Checks each policy file (default: the installed " PC_POLICY_INSTALLED
			    ", else the source tree's) and prints \"FILE: ok\" or the first problem as FILE:LINE: what and where. Also checks the files the policy names (escalation routes, device end-of-life snapshot), that every detector in its detectors/ folder has a rule under checks.exposure (a detector without one would find matches that are then dropped), and warns on stderr when the end-of-life snapshot is older than 180 days.",
			.options = OPTS({ "--json",
			    "one JSON object on stdout: {\"ok\", \"files\": [{\"file\", \"ok\", \"error\" or \"policy\", \"version\", \"checks\", \"rules\", \"sha256\"}]}" }),
			.exit = "0 all valid; 2 otherwise.",
		    },
		    {
			.name = "selftest",
			.summary = "show the sandbox holds on this kernel",
			.synopsis = SYN("portcullis selftest [--json]"),
			.description =
			    "Forks sandboxed children that try what a compromised check might: run a program, fork, read /etc/shadow or a key file, write files, connect to a port it was not given. Prints one line per guarantee.",
			.options = OPTS({ "--json",
			    "one JSON object on stdout: {\"held\", \"kernel\", \"guarantees\": [{\"held\", \"text\"}]}" }),
			.exit = "0 every guarantee holds; 2 otherwise.",
		    },
		    {
			.name = "inspect",
			.summary =
			    "find personal data and secrets in files (JSON Lines)",
			.synopsis = SYN(
			    "portcullis inspect [--detectors LIST] [--fail-on SEV] [--detectors-dir DIR] [--quiet] PATH..."),
			.description =
			    "Looks for personal data (National Insurance and NHS numbers, cards, bank details, passport and driving licence numbers, dates of birth, postcodes, phone numbers, email addresses) and secrets (private keys, cloud and SaaS tokens, passwords) in files and folders: text, CSV, JSON, HTML, mail (.eml, mbox), docx/xlsx/odt, PDF (page text; locator page N). Prints one JSON object per finding on stdout: detector, severity, path, line, column, offset, length (bytes in the original file; within the decoded part when exact is false), preview (masked, never the value), hmac (of the value under a key made for this run), message_id and member for mail parts and archive members, contains for a personal_record (several identifiers of one person together). A file of one of these types that cannot be read is named on stderr as not read, with the reason: encrypted, over a limit, or damaged or not understood (a truncated PDF, a docx whose zip directory is broken, an xlsx that is no zip); files of no type it reads (images, programs) are only skipped.",
			.options = OPTS(
			    { "--detectors LIST",
				"only these detector ids (comma-separated)" },
			    { "--fail-on SEV",
				"exit 1 when a finding is at or above SEV (critical, high, medium, low, info); default medium, so public contact details alone (info/low) do not fail" },
			    { "--detectors-dir DIR",
				"detector definitions (default: the installed " PC_DETECTORS_DIR
				" when it exists, else the policies/detectors folder of the source tree portcullis was built from)" },
			    { "--quiet",
				"do not list skipped files or files not read on stderr (when files were not read, one line still says how many)" },
			    { "--config FILE",
				"with --detectors threats: the office's config, for its protected details (doxxing) and the MP's name and aliases (the staff entry whose role is MP, in any case)" }),
			.exit =
			    "0 nothing at or above the threshold; 1 findings at or above it; 2 usage error, a path that could not be read, or, with no findings at or above the threshold, a file or part not read in full (encrypted, damaged or not understood, over a limit): nothing found in it is no clean bill.",
		    },
		    {
			.name = "aggregate",
			.summary =
			    "PDS fleet view: every office's latest report",
			.synopsis = SYN(
			    "portcullis aggregate DIR [--keyring FILE] [--format text|json|csv|html] [--overdue-days N]"),
			.description =
			    "The PDS fleet view. DIR holds the offices' report folders as PDS receives them: DIR/<office-id>/<YYYY-MM-DDThhmmssZ>/ (report folders directly in DIR, or in DIR/<batch>/<office-id>/, are read too). For each office its latest report is verified as portcullis verify does (signature, schema, keyring, hash chain); it must also name the office of its folder. Shown per office: verified or UNVERIFIED (and why; nothing else from an unverified report is counted), when the report was made, complete or not (and which checks errored or were skipped), open findings by severity, overdue findings, and the ids and titles of findings for the police, Parliamentary security and PDS. Offices in the keyring without a report are MISSING. Most urgent first: unverified, missing, overdue, critical, incomplete, then accepted (an office whose critical findings are all accepted risks, or that has any accepted risk, is never ok: its status is accepted, with the count), then ok.",
			.options = OPTS(
			    { "--keyring FILE",
				"the PDS keyring (see portcullis verify --help); without it signatures prove integrity only" },
			    { "--format F",
				"text (default, a table), json, csv or html; always written to stdout" },
			    { "--overdue-days N",
				"a report older than N days is overdue (default 35: monthly scans)" },
			    { "--approved-policies FILE",
				"the policies PDS approves (default: approved-policies beside the keyring); an office that ran any other is POLICY MODIFIED" }),
			.exit =
			    "0 every office verified, current, complete and without critical findings; 1 an office needs attention (unverified, unreadable, missing, overdue, critical findings or an incomplete scan); 2 usage error, DIR unreadable or a malformed keyring.",
		    },
		    {
			.name = "protect",
			.summary =
			    "private details for doxxing, kept as keyed hashes",
			.synopsis = SYN(
			    "portcullis protect add [--config FILE] --person NAME --kind KIND",
			    "portcullis protect list [--config FILE]",
			    "portcullis protect remove [--config FILE] --person NAME [--kind KIND]"),
			.description =
			    "Keeps the private details that must never appear in a message (home addresses, postcodes, private phones, children's schools, family names, car registrations) as keyed hashes in the file named by checks.threats.protected_file. add reads the value from standard input (not echoed); list shows persons and kinds, never values. KIND is one of home_address, postcode, phone, school, name, car_reg; NAME must be on the config's staff list. The threats check looks for them in the messages of its sources, in saved pages (files sources with checks: [threats]) and on the office website (website sources), and reports each as doxxing with the value masked.",
			.options = OPTS(
			    { "--config FILE",
				"the office's config (default /etc/portcullis/portcullis.yaml)" },
			    { "--person NAME",
				"the staff member the detail belongs to" },
			    { "--kind KIND", "what the detail is" }),
			.exit = "0 done; 2 usage, config or file error.",
		    },
		    {
			.name = "submit",
			.summary = "send a signed report to PDS (HTTPS)",
			.synopsis = SYN(
			    "portcullis submit REPORT_DIR --to URL [--ca-file FILE]",
			    "portcullis submit --queued [--config FILE] [--to URL] [--ca-file FILE]"),
			.description =
			    "Sends a signed report folder (report.json, report.json.sig, signer.pub) to the PDS intake (portcullis serve) over HTTPS, with retries. There is no way to turn TLS checks off.",
			.options = OPTS(
			    { "--to URL", "the intake's https:// address" },
			    { "--ca-file FILE",
				"a CA added to the system trust" },
			    { "--queued",
				"send the office's outbox (<report.dir>/<office>/outbox/, where scan queues reports it could not submit), oldest first; URL and CA default to report.submit_url and report.submit_ca_file in the config" },
			    { "--config FILE",
				"the office's config, for --queued" }),
			.exit =
			    "0 stored or already stored; 1 refused (the server's reason is printed); 2 usage, config or network error (try again later).",
		    },
		    {
			.name = "serve",
			.summary =
			    "PDS intake: accepts only authentic reports (HTTPS)",
			.synopsis =
			    SYN("portcullis serve --config FILE [--reindex]"),
			.description =
			    "The PDS intake: an HTTPS server (TLS only) that accepts offices' signed reports, verifies each before storing it, stores what it accepts for good (append-only), and shows the fleet view behind a bearer token. Its YAML config names listen, tls (cert_file, key_file), keyring, store, limits (max_upload_bytes, per_ip_per_minute, per_office_per_day, conn_timeout_s) and auth (token_file). See agent/serve/README.md.",
			.options = OPTS(
			    { "--config FILE", "the server's config" },
			    { "--reindex",
				"rebuild the SQLite index from the stored files, then exit" }),
			.exit =
			    "0 stopped cleanly or reindexed; 2 usage, config or start-up error.",
		    },
		    { 0 },
	    };
