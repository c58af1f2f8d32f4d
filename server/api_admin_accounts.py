"""Accounts: admins list and change every account (role, org_admin, organization, deactivate and
reactivate); an organization's org_admin does the same for the customers of their organization, except
changing roles. Deactivating revokes every session at once; the account's issues and replies stay."""
from . import auth
from .errors import ApiError, not_found
from .ids import parse_id

ROLES = ("community", "customer", "cse", "admin")


def _manager(req):
    user = auth.require_user(req)
    if user["role"] == "admin" or (user["role"] == "customer" and user.get("org_admin")):
        return user
    raise ApiError(403, "cannot_manage_accounts", "Only an administrator or your organization's admin can do this.")


def account_json(r):
    return {"id": r["id"], "email": r["email"], "name": r["name"], "role": r["role"],
            "organization_id": r["organization_id"], "org_admin": bool(r["org_admin"]),
            "active": r["deactivated_at"] is None, "deactivated_at": r["deactivated_at"],
            "verified": r["verified_at"] is not None, "created_at": r["created_at"]}


def list_accounts(req):
    user = _manager(req)
    sql, args = "SELECT * FROM users", []
    if user["role"] != "admin":
        sql, args = sql + " WHERE organization_id = ?", [user["organization_id"]]
    rows = req.app.storage.read().execute(sql + " ORDER BY id LIMIT 5000", args).fetchall()
    return 200, {"accounts": [account_json(r) for r in rows]}


def patch(req):
    user = _manager(req)
    account_id = parse_id(req.params["id"])
    body = req.json()
    fields = {}
    if "role" in body and body["role"] not in ROLES:
        fields["role"] = "Role is one of community, customer, cse, admin."
    for flag in ("org_admin", "active"):
        if flag in body and not isinstance(body[flag], bool):
            fields[flag] = f"{flag} is true or false."
    if fields:
        raise ApiError(422, "invalid", "Some details need fixing.", fields)
    with req.app.storage.write() as conn:
        row = conn.execute("SELECT * FROM users WHERE id = ?", (account_id,)).fetchone() if account_id else None
        if row is None or (user["role"] != "admin" and row["organization_id"] != user["organization_id"]):
            raise not_found("There is no such account.")
        if user["role"] != "admin" and ("role" in body or "organization_id" in body):
            raise ApiError(403, "admins_only", "Only an administrator can change roles and organizations.")
        if row["id"] == user["id"] and (body.get("active") is False or "role" in body or body.get("org_admin") is False):
            raise ApiError(409, "not_yourself", "You cannot deactivate yourself or change your own role; ask "
                                                "another administrator.")
        role = body.get("role", row["role"])
        org_id = body.get("organization_id", row["organization_id"]) if role == "customer" else None
        if role == "customer":
            org_id = parse_id(org_id) if org_id is not None else None
            if org_id is None or not conn.execute("SELECT 1 FROM organizations WHERE id = ?", (org_id,)).fetchone():
                raise ApiError(422, "invalid", "Some details need fixing.",
                               {"organization_id": "A customer belongs to an organization: choose one that exists."})
        org_admin = body.get("org_admin", bool(row["org_admin"])) if role == "customer" else False
        if body.get("org_admin") and role != "customer":
            raise ApiError(422, "invalid", "Some details need fixing.",
                           {"org_admin": "Only a customer can be their organization's admin."})
        deactivated = row["deactivated_at"]
        if body.get("active") is False and not deactivated:
            deactivated = auth.now_text()
            conn.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                         (deactivated, row["id"]))
        elif body.get("active") is True:
            deactivated = None
        conn.execute("UPDATE users SET role = ?, organization_id = ?, org_admin = ?, deactivated_at = ? WHERE id = ?",
                     (role, org_id, int(org_admin), deactivated, row["id"]))
        row = conn.execute("SELECT * FROM users WHERE id = ?", (row["id"],)).fetchone()
    return 200, {"account": account_json(row)}
