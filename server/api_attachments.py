"""Debug archive uploads and downloads, stored as files beside the database.

Only the reporter's organization and staff see an issue's files (attachments_access);
uploads stream to disk and are checked by their magic numbers; downloads stream
from disk, so memory stays flat however many 25 MB files are in flight."""
import hashlib
import os
import re
import secrets
import unicodedata
import urllib.parse

from . import attachments_access as access
from . import auth, issues, verification
from . import visibility as vis
from .api_public import rfc3339, utc_now
from .errors import ApiError, not_found
from .http_server import FileBody

MAX_UPLOAD = 25 * 1024 * 1024
FIELD = access.FIELD
NO_SUCH_FILE = "There is no such file."


def safe_filename(name):
    """The name kept and shown: NFC, no path, no control or format characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = "".join(c if unicodedata.category(c)[0] not in "CZ" or c == " " else "_" for c in name)
    name = re.sub(r"[^\w.\- ]", "_", name, flags=re.UNICODE)[:120].strip(". ")
    return name or "attachment"


def ascii_fallback(name):
    """For clients without RFC 5987: accents dropped, other letters left out; 报告.zip -> attachment.zip."""
    def plain(text):
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^A-Za-z0-9.\- _]", "_", text)
    stem, _, extension = name.partition(".")
    stem, extension = plain(stem).strip(" ."), plain(extension).strip(" .")
    if not stem.strip("_ "):
        stem = "attachment"
    return stem + ("." + extension if extension.strip("_") else "")


def content_disposition(name):
    """RFC 6266: an ASCII filename for old clients and filename* (RFC 5987, UTF-8) for the rest."""
    return f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"


def upload(req):
    user = auth.require_user(req)
    verification.require_verified(user)
    conn = req.app.storage.read()
    row = issues.load_visible(conn, user, req.params["id"])
    if not vis.can_participate(user, row):
        raise ApiError(403, "forbidden", "Only the reporter, their organization and support engineers add files here.")
    req.app.limits.check(req, "upload", user)
    filename = safe_filename(urllib.parse.unquote(req.query.get("filename") or req.header("X-Filename") or ""))
    size = req.body_size(MAX_UPLOAD)
    if size == 0:
        raise ApiError(422, "file_empty", "The file is empty; choose another.", {FIELD: "The file is empty."})
    problem = req.app.core.check_upload(req.app.forms.texts["bug-report"], FIELD, filename, size)
    if problem:
        status = 413 if problem["code"] == "file_too_large" else 422
        raise ApiError(status, problem["code"], problem["message"], {FIELD: problem["message"]})
    req.app.limits.check_upload_quota(conn, user, size)
    content_type = (req.header("Content-Type") or "application/octet-stream").split(";")[0].strip()[:100]
    stored = secrets.token_hex(16)
    path = os.path.join(req.app.attachment_dir, stored)
    try:
        digest = _receive(req, path, filename)
        now = rfc3339(utc_now())
        with req.app.storage.write() as conn:
            cur = conn.execute("""INSERT INTO attachments (issue_id, uploader_id, filename, content_type, size, sha256,
                                  stored_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                               (row["id"], user["id"], filename, content_type, size, digest, stored, now))
            issues.record_event(conn, row["id"], now, user["id"], "attachment_added",
                                {"attachment_id": cur.lastrowid, "filename": filename})
    except BaseException:
        if os.path.exists(path):
            os.unlink(path)
        raise
    return 201, {"id": cur.lastrowid, "filename": filename, "size": size, "content_type": content_type,
                 "url": f"/api/attachments/{cur.lastrowid}"}


def _receive(req, path, filename):
    """Writes the body to `path` chunk by chunk, checking the archive's magic number on the first
    bytes (before the rest is read); -> the SHA-256 of what was stored."""
    digest = hashlib.sha256()
    head = b""
    with open(path, "wb") as f:
        for chunk in req.body_chunks(MAX_UPLOAD):
            if len(head) < access.SNIFF_BYTES:
                head += chunk[:access.SNIFF_BYTES - len(head)]
                if len(head) >= access.SNIFF_BYTES:
                    _check_contents(req, filename, head)
            digest.update(chunk)
            f.write(chunk)
        if len(head) < access.SNIFF_BYTES:            # a file shorter than the sniffed prefix
            _check_contents(req, filename, head)
        f.flush()
        os.fsync(f.fileno())
    return digest.hexdigest()


def _check_contents(req, filename, head):
    problem = access.contents_problem(filename, head)
    if problem:
        req.abandon_body()
        raise ApiError(422, "not_an_archive", problem, {FIELD: problem})


def download(req):
    user = auth.require_user(req)
    found = access.load_visible(req.app.storage.read(), user, req.params["id"])
    if found is None:
        raise not_found(NO_SUCH_FILE)                  # hidden and missing answer alike
    attachment = found[0]
    path = os.path.join(req.app.attachment_dir, attachment["stored_name"])
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        req.app.log.write(f"attachment {attachment['id']}: stored file {attachment['stored_name']} is missing\n")
        raise not_found(NO_SUCH_FILE)
    return 200, FileBody(path, size, "application/octet-stream"), {
        "Content-Disposition": content_disposition(attachment["filename"]),
        "Cache-Control": "private, no-store"}
