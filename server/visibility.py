"""Who may see and do what (SPEC §1). Every read and write goes through here;
something a caller may not see answers 404, exactly like something that does not exist."""


STAFF_ROLES = ("cse", "admin")             # an admin is a support engineer who also runs the portal


def is_staff(user):
    return bool(user) and user["role"] in STAFF_ROLES


def in_org(user, org_id):
    return bool(user) and org_id is not None and user.get("organization_id") == org_id


def can_see_issue(user, issue):
    if is_staff(user) or issue["visibility"] == "public":
        return True
    if user["role"] == "customer" and in_org(user, issue["organization_id"]):
        return True
    return issue["reporter_id"] == user["id"]


def visible_issues_sql(user):
    """A WHERE fragment over alias i, and its parameters."""
    if is_staff(user):
        return "1=1", []
    if user["role"] == "customer":
        return "(i.visibility = 'public' OR i.organization_id = ? OR i.reporter_id = ?)", [user["organization_id"], user["id"]]
    return "(i.visibility = 'public' OR i.reporter_id = ?)", [user["id"]]


def can_participate(user, issue):
    """Reply and upload: staff, the reporter, and customers of the issue's organization."""
    return is_staff(user) or issue["reporter_id"] == user["id"] or (
        user["role"] == "customer" and in_org(user, issue["organization_id"]))


STAFF_REPLIES = ("public", "sensitive", "internal")
MEMBER_REPLIES = ("public", "sensitive")


def reply_visibilities(user, issue):
    """The reply visibilities this user may post on this (visible) issue; empty: may not reply.
    The one rule behind both POST /comments and the can_reply the browser is sent, so they cannot disagree."""
    if not can_participate(user, issue):
        return ()
    return STAFF_REPLIES if is_staff(user) else MEMBER_REPLIES


def insider(user, org_id):
    """May see an anonymous organization's real name and its people's names."""
    return is_staff(user) or in_org(user, org_id)


def can_see_entry(user, issue, visibility, author_id):
    """A reply or timeline event with visibility public, sensitive or internal."""
    if visibility == "public":
        return True
    if visibility == "internal":
        return is_staff(user)
    return is_staff(user) or author_id == user["id"] or (
        user["role"] == "customer" and in_org(user, issue["organization_id"]))
