"""Mail forwarding for the emulator (the email check's forwarding part):
Graph inbox rules (GET /v1.0/users/{id}/mailFolders/inbox/messageRules,
also inside $batch), the tenant's domains (GET /v1.0/domains), and the
Gmail settings a user impersonated with gmail.settings.basic may read
(forwardingAddresses, autoForwarding, filters). Data:
fixtures/demo/forwarding.json; in tenant20k, generated rules.

Faults (scenario flags):
  rulesdenied    every mailbox's messageRules: 403 ErrorAccessDenied
  rulespartial   the mailboxes in "partial_denied": 403 ErrorAccessDenied
  rulesnotarray  a messageRules page whose value is an object
  nogmail        domain-wide delegation lacks gmail.settings.basic
                 (the token endpoint answers 401 unauthorized_client)
  gmailghost     the directory lists a user the Workspace does not have
                 (the token endpoint answers invalid_grant for it)
Data set: tenant20k+mail5k lists only the first 5,000 of the generated
users (the benchmark's second size).
"""
import json
import os
import urllib.parse

FAULTS = {"rulesdenied", "rulespartial", "rulesnotarray", "nogmail", "gmailghost", "mail5k"}
SCOPE_GMAIL = "https://www.googleapis.com/auth/gmail.settings.basic"
GHOST = "ghost.user@parliament.uk"
RULES_PAGE = 2   # the demo's messageRules page size (nextLink beyond)
E = None         # the emulator module (bind)


def bind(emulator):
    global E
    E = emulator


def load(path):
    p = os.path.join(path, "forwarding.json")
    if not os.path.exists(p):
        return {"domains": [], "message_rules": {}, "no_mailbox": [], "gmail": {}}
    with open(p, encoding="utf-8") as f:
        return json.load(f)


def _rcpt(addr):
    return {"emailAddress": {"name": addr.split("@")[0], "address": addr}}


def t_rules(i):
    """Generated tenant: 1 in 1000 forwards everything, 1 in 1000 has a
    conditional redirect, 1 in 2000 has no mailbox (None)."""
    if i % 2000 == 11:
        return None
    if i % 1000 == 5:
        return [{"id": "AQAAAJ5dZp8=", "displayName": "Everything home", "sequence": 1, "isEnabled": True,
                 "hasError": False, "isReadOnly": False, "conditions": {},
                 "actions": {"forwardTo": [_rcpt("user%05d.home@gmail.com" % i)], "stopProcessingRules": True}}]
    if i % 1000 == 6:
        return [{"id": "AQAAAJ5dZp9=", "displayName": "Council mail", "sequence": 1, "isEnabled": True,
                 "hasError": False, "isReadOnly": False, "conditions": {"senderContains": ["council"]},
                 "actions": {"redirectTo": _rcpt("u%05d@outlook.com" % i)}}]
    return []


def _rules_of(ctx, fx, u):
    if ctx.t20k:
        return t_rules(int(u["id"][-12:]))
    if u["userPrincipalName"].lower() in fx.forwarding.get("no_mailbox", []):
        return None
    return fx.forwarding["message_rules"].get(u["userPrincipalName"].lower(), [])


def graph_route(ctx, fx, method, segs, q, inner):
    """Graph routes of this module, or None for the emulator's own."""
    if method == "GET" and segs == ["users"] and ctx.t20k and "mail5k" in ctx.flags:
        select = [x.strip() for x in q.get("$select", "").split(",") if x.strip()] or E.USER_DEFAULT_PROPS
        items = fx.cached(("users5k",), lambda: [E.graph_user_obj(E.t_m365_user(i)) for i in range(5000)])
        return E.graph_paged(ctx, items, 100, 999, "users", None, select)
    if method == "GET" and segs == ["domains"]:
        if "domainsdenied" in ctx.flags:
            return E.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#domains",
                "value": [dict({"authenticationType": "Managed", "isDefault": False, "isInitial": False,
                                "supportedServices": ["Email"]}, **d) for d in fx.forwarding["domains"]]}
        return E.mark_page(E.jresp(200, body), 0 if inner else ctx.data_counter(), "value")
    if not (method == "GET" and len(segs) == 5 and segs[0] == "users" and
            segs[2:] == ["mailFolders", "inbox", "messageRules"]):
        return None
    u = E.m365_user(ctx, fx, segs[1])
    if u is None:
        return E.graph_error(404, "Request_ResourceNotFound", "Resource '%s' does not exist." % segs[1][:80])
    upn = u["userPrincipalName"].lower()
    if "rulesdenied" in ctx.flags or ("rulespartial" in ctx.flags and upn in fx.forwarding.get("partial_denied", [])):
        return E.graph_error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
    rules = _rules_of(ctx, fx, u)
    if rules is None:
        return E.graph_error(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, "
                             "or is hosted on-premise.")
    ctxurl = "https://graph.microsoft.com/v1.0/$metadata#users('%s')/mailFolders('inbox')/messageRules" % u["id"]
    if "rulesnotarray" in ctx.flags and rules:
        return E.jresp(200, {"@odata.context": ctxurl, "value": {"rules": rules}})
    skip = 0
    if q.get("$skiptoken") is not None:
        skip = E.dec_cursor("graph", q["$skiptoken"])
        if skip is None:
            return E.graph_error(400, "Request_BadRequest", "Invalid $skiptoken value.")
    size = len(rules) if ctx.t20k else RULES_PAGE
    body = {"@odata.context": ctxurl, "value": rules[skip:skip + size]}
    if skip + size < len(rules):
        body["@odata.nextLink"] = "%s/%s/graph/v1.0/users/%s/mailFolders/inbox/messageRules?$skiptoken=%s" % (
            ctx.origin, ctx.scen.seg, u["id"], E.enc_cursor("graph", skip + size))
    return E.mark_page(E.jresp(200, body), 0 if inner else ctx.data_counter(), "value")


def delegated(ctx, scopes):
    """Domain-wide delegation as the scenario has it."""
    if "nogmail" in ctx.flags:
        scopes.discard(SCOPE_GMAIL)
    return scopes


def extra_users(ctx, fx):
    """Directory users beyond the fixture's (gmailghost)."""
    if "gmailghost" not in ctx.flags:
        return []
    return [{"kind": "admin#directory#user", "id": "100000000000000000099", "primaryEmail": GHOST,
             "name": {"fullName": "Ghost User"}, "isAdmin": False, "isEnrolledIn2Sv": True,
             "suspended": False, "archived": False, "customerId": fx.google["customer_id"]}]


def gmail(ctx, fx):
    """GET {gmail_url}/gmail/v1/users/{user}/settings/{resource} as the
    impersonated user: the token's sub must be that user (or 'me') and
    carry gmail.settings.basic."""
    info, why = E.check_token(ctx, "google", ctx.bearer())
    if not info:
        return E.google_error(401, "Request had invalid authentication credentials.", "authError", "global",
                              "UNAUTHENTICATED")
    segs = ctx.rest[1:]
    if ctx.method != "GET" or len(segs) != 6 or segs[:3] != ["gmail", "v1", "users"] or segs[4] != "settings" or \
            segs[5] not in ("forwardingAddresses", "autoForwarding", "filters"):
        return E.google_error(404, "Not Found", "notFound")
    sub = (info.get("sub") or "").lower()
    user = urllib.parse.unquote(segs[3]).lower()
    if SCOPE_GMAIL not in info.get("scopes", []):
        return E.google_error(403, "Request had insufficient authentication scopes.", "insufficientPermissions",
                              "global", "PERMISSION_DENIED")
    if user != "me" and user != sub:
        return E.google_error(403, "Delegation denied for %s" % sub, "forbidden")
    g = {} if ctx.t20k else fx.forwarding["gmail"].get(sub, {})
    res = segs[5]
    if res == "forwardingAddresses":
        fa = g.get("forwardingAddresses", [])
        return E.mark_page(E.jresp(200, {"forwardingAddresses": fa} if fa else {}), ctx.data_counter(), None)
    if res == "autoForwarding":
        return E.mark_page(E.jresp(200, g.get("autoForwarding", {"enabled": False})), ctx.data_counter(), None)
    flt = g.get("filters", [])
    return E.mark_page(E.jresp(200, {"filter": flt} if flt else {}), ctx.data_counter(), None)
