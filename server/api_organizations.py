"""Organizations (admin): create, list, edit name, plan, hosting and anonymity. An anonymous organization
gets a unique codename customer-<minor planet> (assets/minor-planets.json), which an admin can change."""
import json
import os
import re

from . import auth
from .api_admin import require_admin
from .errors import ApiError, not_found
from .ids import parse_id
from .identity import clean_name

PLANS = ("premium", "ultimate")
HOSTINGS = ("self_managed", "managed_cloud")
CODENAME = re.compile(r"customer-[a-z0-9]+(?:-[a-z0-9]+)*")
_PLANETS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "assets", "minor-planets.json")


def minor_planets():
    with open(_PLANETS, encoding="utf-8") as f:
        return json.load(f)["names"]


def next_codename(conn):
    taken = {r[0] for r in conn.execute("SELECT codename FROM organizations WHERE codename IS NOT NULL")}
    for name in minor_planets():
        if f"customer-{name}" not in taken:
            return f"customer-{name}"
    n = 2
    while True:                               # every name taken: the list starts again, numbered
        for name in minor_planets():
            if f"customer-{name}-{n}" not in taken:
                return f"customer-{name}-{n}"
        n += 1


def org_json(row):
    return {"id": row["id"], "name": row["name"], "plan": row["plan"], "hosting": row["hosting"],
            "anonymous": bool(row["anonymous"]), "codename": row["codename"], "created_at": row["created_at"],
            "members": row["members"]}


_SELECT = """SELECT o.*, (SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id) AS members
             FROM organizations o"""


def _fields(body, partial):
    fields, out = {}, {}
    if "name" in body or not partial:
        name, problem = clean_name(body.get("name"), "Name", 200)
        if problem:
            fields["name"] = problem
        out["name"] = name
    if "plan" in body or not partial:
        if body.get("plan") not in PLANS:
            fields["plan"] = "Plan is premium or ultimate."
        out["plan"] = body.get("plan")
    if "hosting" in body or not partial:
        hosting = body.get("hosting", "self_managed")
        if hosting not in HOSTINGS:
            fields["hosting"] = "Hosting is self_managed or managed_cloud."
        out["hosting"] = hosting
    if "anonymous" in body or not partial:
        anonymous = body.get("anonymous", False)
        if not isinstance(anonymous, bool):
            fields["anonymous"] = "anonymous is true or false."
        out["anonymous"] = anonymous
    if "codename" in body:
        codename = body["codename"]
        if not isinstance(codename, str) or not CODENAME.fullmatch(codename) or len(codename) > 60:
            fields["codename"] = "A codename looks like customer-vesta (lower-case letters, digits and hyphens)."
        out["codename"] = codename
    if fields:
        raise ApiError(422, "invalid", "Some details need fixing.", fields)
    return out


def list_organizations(req):
    require_admin(req)
    rows = req.app.storage.read().execute(_SELECT + " ORDER BY lower(o.name), o.id").fetchall()
    return 200, {"organizations": [org_json(r) for r in rows]}


def _codename_taken(codename):
    return ApiError(409, "codename_taken", f"{codename} is already another organization's codename.",
                    {"codename": "Another organization has this codename."})


def create(req):
    require_admin(req)
    values = _fields(req.json(), partial=False)
    with req.app.storage.write() as conn:
        codename = values.get("codename") or (next_codename(conn) if values["anonymous"] else None)
        try:
            org_id = conn.execute("""INSERT INTO organizations (name, plan, hosting, anonymous, codename, created_at)
                                     VALUES (?, ?, ?, ?, ?, ?)""",
                                  (values["name"], values["plan"], values["hosting"], int(values["anonymous"]),
                                   codename, auth.now_text())).lastrowid
        except conn.IntegrityError:
            raise _codename_taken(codename)
        row = conn.execute(_SELECT + " WHERE o.id = ?", (org_id,)).fetchone()
    return 201, {"organization": org_json(row)}


def patch(req):
    require_admin(req)
    org_id = parse_id(req.params["id"])
    values = _fields(req.json(), partial=True)
    with req.app.storage.write() as conn:
        row = conn.execute("SELECT * FROM organizations WHERE id = ?", (org_id,)).fetchone() if org_id else None
        if row is None:
            raise not_found("There is no such organization.")
        if values.get("anonymous") and not row["codename"] and "codename" not in values:
            values["codename"] = next_codename(conn)
        if values:
            sets = ", ".join(f"{k} = ?" for k in values)
            try:
                conn.execute(f"UPDATE organizations SET {sets} WHERE id = ?",
                             [int(v) if isinstance(v, bool) else v for v in values.values()] + [org_id])
            except conn.IntegrityError:
                raise _codename_taken(values.get("codename"))
        row = conn.execute(_SELECT + " WHERE o.id = ?", (org_id,)).fetchone()
    return 200, {"organization": org_json(row)}
