"""Debug archive uploads and downloads, stored as files beside the database."""
import hashlib
import os
import re
import secrets
import urllib.parse

from . import auth, issues
from . import visibility as vis
from .api_public import rfc3339, utc_now
from .errors import ApiError, not_found

MAX_UPLOAD = 25 * 1024 * 1024
FIELD = "debug_archive"


def safe_filename(name):
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = re.sub(r"[^\w.\- ]", "_", name, flags=re.UNICODE)[:120].strip(". ")
    return name or "attachment"


def upload(req):
    user = auth.require_user(req)
    conn = req.app.storage.read()
    row = issues.load_visible(conn, user, req.params["id"])
    if not vis.can_participate(user, row):
        raise ApiError(403, "forbidden", "Only the reporter, their organization and support engineers add files here.")
    filename = safe_filename(urllib.parse.unquote(req.query.get("filename") or req.header("X-Filename") or ""))
    size_header = req.header("Content-Length")
    if size_header and size_header.isdigit():
        check = req.app.core.check_upload(req.app.forms.texts["bug-report"], FIELD, filename, int(size_header))
        if check.get("error"):
            status = 413 if check["error"]["code"] == "file_too_large" else 422
            raise ApiError(status, check["error"]["code"], check["error"]["message"], {FIELD: check["error"]["message"]})
    data = req.raw_body(MAX_UPLOAD)
    if not data:
        raise ApiError(422, "file_empty", "The file is empty; choose another.", {FIELD: "The file is empty."})
    content_type = (req.header("Content-Type") or "application/octet-stream").split(";")[0].strip()[:100]
    stored = secrets.token_hex(16)
    path = os.path.join(req.app.attachment_dir, stored)
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    now = rfc3339(utc_now())
    try:
        with req.app.storage.write() as conn:
            cur = conn.execute("""INSERT INTO attachments (issue_id, uploader_id, filename, content_type, size, sha256,
                                  stored_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                               (row["id"], user["id"], filename, content_type, len(data),
                                hashlib.sha256(data).hexdigest(), stored, now))
            issues.record_event(conn, row["id"], now, user["id"], "attachment_added",
                                {"attachment_id": cur.lastrowid, "filename": filename})
    except BaseException:
        os.unlink(path)
        raise
    return 201, {"id": cur.lastrowid, "filename": filename, "size": len(data), "content_type": content_type,
                 "url": f"/api/attachments/{cur.lastrowid}"}


def download(req):
    user = auth.require_user(req)
    conn = req.app.storage.read()
    try:
        attachment = conn.execute("SELECT * FROM attachments WHERE id = ?", (int(req.params["id"]),)).fetchone()
    except ValueError:
        attachment = None
    if attachment is None:
        raise not_found("There is no such file.")
    issues.load_visible(conn, user, attachment["issue_id"])        # 404 unless the caller may see the issue
    with open(os.path.join(req.app.attachment_dir, attachment["stored_name"]), "rb") as f:
        data = f.read()
    quoted = urllib.parse.quote(attachment["filename"])
    return 200, data, {"Content-Type": "application/octet-stream",
                       "Content-Disposition": f"attachment; filename=\"{safe_filename(attachment['filename'])}\"; "
                                              f"filename*=UTF-8''{quoted}",
                       "Cache-Control": "private, no-store"}
