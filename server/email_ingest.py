"""A reply by email (`serve.py ... ingest-email < message`): one RFC 5322 message as a mail server's pipe
transport delivers it, stored exactly as a reply typed in the portal (issue_store.add_reply: + labels
cleared, the next-reply clock, staff notified), with its debug archives kept as attachments and the
outside-hours notice sent back by email. Anything else is refused with a reason and nothing written:
an address we did not sign (or one altered), a sender who is not the account it was issued to,
auto-replies, our own mail coming back, oversized messages."""
import email.policy
import email.utils
import hashlib
import os
import secrets
from email.parser import BytesParser

from . import attachments_access, issue_store, issues, mail_signing, mail_quotes
from . import visibility as vis
from .api_attachments import safe_filename
from .errors import ApiError
from .notification_email import THREAD_PREFIX

MAX_MESSAGE = 36 * 1024 * 1024          # a 25 MB archive in base64, and the text around it
MAX_REPLY = 20000                       # as POST /comments
ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
EX_DATAERR, EX_NOUSER, EX_NOPERM = 65, 67, 77     # sysexits.h: the mail server bounces with our reason


class Refused(Exception):
    def __init__(self, reason, code=EX_DATAERR):
        super().__init__(reason)
        self.reason, self.code = reason, code


class AlreadyStored(Exception):
    """The mail server delivered the same message twice: it was stored the first time."""


def ingest(app, raw, at):
    """Stores one message received `at` -> a sentence saying what was stored; Refused otherwise."""
    if len(raw) > MAX_MESSAGE:
        raise Refused(f"the message is {len(raw)} bytes; at most {MAX_MESSAGE} are taken")
    try:
        msg = BytesParser(policy=email.policy.default).parsebytes(raw)
        _refuse_loop(app, msg)
        _refuse_automatic(msg)
        issue_id, user_id = _addressed_to(app, msg)
        message_id = str(msg.get("Message-ID") or "").strip() or \
            "<sha256." + hashlib.sha256(raw).hexdigest() + "@ingest>"
        text = _reply_text(msg)
        archives, left_out = _archives(app, msg)
    except (ValueError, TypeError, LookupError, UnicodeError) as e:    # a header or part email cannot read
        raise Refused(f"the message cannot be read: {type(e).__name__}: {e}"[:300])
    if not text and not archives:
        raise Refused("the email has no new text (only quoted text or a signature) and no debug archive")
    if len(text) > MAX_REPLY:
        raise Refused(f"the reply is {len(text)} characters; at most {MAX_REPLY} are taken (use the portal)")
    stored = _write_files(app, archives)
    try:
        with app.storage.write() as conn:
            user, row = _account_and_issue(conn, msg, issue_id, user_id)
            if conn.execute("SELECT 1 FROM ingested_emails WHERE message_id = ?", (message_id,)).fetchone():
                raise AlreadyStored(message_id)
            body = text or "(debug archive attached by email)"
            comment_id = issue_store.add_reply(conn, app.core, row, user, body, "public", at, notify=app.notifier)
            for name, size, digest, stored_name in stored:
                attachment = conn.execute(
                    """INSERT INTO attachments (issue_id, uploader_id, filename, content_type, size, sha256,
                       stored_name, created_at) VALUES (?, ?, ?, 'application/octet-stream', ?, ?, ?, ?)""",
                    (row["id"], user["id"], name, size, digest, stored_name, at)).lastrowid
                issues.record_event(conn, row["id"], at, user["id"], "attachment_added",
                                    {"attachment_id": attachment, "filename": name})
            conn.execute("""INSERT INTO ingested_emails (message_id, issue_id, user_id, comment_id, at)
                            VALUES (?, ?, ?, ?, ?)""", (message_id, row["id"], user["id"], comment_id, at))
            notice = _notice(conn, app, row["id"], user, at)
            if notice:
                app.notifier.notice(conn, row["id"], user, notice, f"ingest:{message_id}")
    except BaseException:
        for _, _, _, stored_name in stored:
            os.unlink(os.path.join(app.attachment_dir, stored_name))
        raise
    files = f" and {len(stored)} debug archive(s)" if stored else ""
    return f"stored a reply by {user['email']} on issue #{row['id']}{files}" + \
        (" (outside-hours notice emailed back)" if notice else "") + \
        (f"; left out, not debug archives: {', '.join(left_out)}" if left_out else "")


def _refuse_automatic(msg):
    auto = str(msg.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        raise Refused(f"an automatic message (Auto-Submitted: {auto}) is not a reply")
    precedence = str(msg.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        raise Refused(f"an automatic message (Precedence: {precedence}) is not a reply")
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or str(msg.get("Return-Path") or "").strip() == "<>":
        raise Refused("an automatic message (auto-reply or bounce) is not a reply")


def _refuse_loop(app, msg):
    ours = app.mail_from or ""
    loops = [str(v).strip().lower() for v in msg.get_all("X-Loop") or []]
    domain = ours.rpartition("@")[2].lower()
    message_id = str(msg.get("Message-ID") or "").strip().lower()
    if (ours and ours.lower() in loops) or (domain and message_id.startswith(f"<{THREAD_PREFIX}.")
                                            and message_id.endswith(f"@{domain}>")):
        raise Refused("a loop: this is the portal's own email coming back")
    senders = [a.lower() for _, a in email.utils.getaddresses([str(v) for v in msg.get_all("From") or []])]
    if ours and ours.lower() in senders:
        raise Refused("a loop: this email is from the portal's own address")


def _addressed_to(app, msg):
    """(issue id, user id) of the signed reply address the message was sent to."""
    seen = []
    for header in ADDRESS_HEADERS:
        for _, address in email.utils.getaddresses([str(v) for v in msg.get_all(header) or []]):
            if address.lower().startswith(mail_signing.REPLY_PREFIX):
                found = mail_signing.read_reply_address(app.secret, address)
                if found:
                    return found
                seen.append(address)
    if seen:
        raise Refused(f"the reply address {seen[0]} is unknown or was altered", EX_NOUSER)
    raise Refused("the message is not addressed to a reply address of the portal (reply+...)", EX_NOUSER)


def _account_and_issue(conn, msg, issue_id, user_id):
    user = conn.execute(issue_store.USER_SELECT + " WHERE u.id = ? AND u.deactivated_at IS NULL", (user_id,)).fetchone()
    if user is None or user["verified_at"] is None:
        raise Refused("the account this reply address was issued to is closed or not verified", EX_NOUSER)
    user = dict(user)
    senders = email.utils.getaddresses([str(v) for v in msg.get_all("From") or []])
    if len(senders) != 1 or senders[0][1].lower() != user["email"].lower():
        shown = ", ".join(a for _, a in senders) or "nobody"
        raise Refused(f"the sender ({shown}) is not the account this reply address was issued to", EX_NOPERM)
    try:
        row = issues.load_visible(conn, user, issue_id)
    except ApiError:
        raise Refused(f"issue #{issue_id} does not exist or is no longer visible to {user['email']}", EX_NOPERM)
    if "public" not in vis.reply_visibilities(user, row):
        raise Refused(f"{user['email']} may not reply on issue #{issue_id}", EX_NOPERM)
    return user, row


def _reply_text(msg):
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except LookupError:                  # a charset Python does not know: the text, with what it cannot read marked
        content = part.get_payload(decode=True).decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        content = mail_quotes.html_to_text(content)
    elif str(part.get_param("format", "")).lower() == "flowed":
        content = _unflow(content, str(part.get_param("delsp", "")).lower() == "yes")
    return mail_quotes.new_text(content)


def _unflow(text, delsp):
    """RFC 3676: a line ending in a space continues on the next (the signature line "-- " does not)."""
    out, current = [], None
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line[1:] if line.startswith(" ") else line           # space-stuffing
        if current is not None:
            line, current = current + line, None
        if line.endswith(" ") and line != "-- ":
            current = line[:-1] if delsp else line
        else:
            out.append(line)
    if current is not None:
        out.append(current)
    return "\n".join(out)


def _archives(app, msg):
    """([(filename, bytes)] of the attached debug archives, [names of the others]): other attachments
    (pictures in signatures, documents) are left out, as the portal's upload takes archives only."""
    found, left_out = [], []
    for part in msg.iter_attachments():
        data = part.get_content()
        if not isinstance(data, bytes) or not data:
            continue
        name = safe_filename(part.get_filename() or "")
        problem = app.core.check_upload(app.forms.texts["bug-report"], attachments_access.FIELD, name, len(data)) \
            or attachments_access.contents_problem(name, data[:attachments_access.SNIFF_BYTES])
        if problem is None:
            found.append((name, data))
        else:
            left_out.append(name)
    return found, left_out


def _write_files(app, archives):
    stored = []
    for name, data in archives:
        stored_name = secrets.token_hex(16)
        with open(os.path.join(app.attachment_dir, stored_name), "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        stored.append((name, len(data), hashlib.sha256(data).hexdigest(), stored_name))
    return stored


def _notice(conn, app, issue_id, user, at):
    """The core's outside-hours notice for this reply, as the portal shows it to its sender."""
    row = conn.execute(issues.ISSUE_SELECT + " WHERE i.id = ?", (issue_id,)).fetchone()
    request = issues._verdict_request(row, user, {}, at)
    return app.core.verdicts(at, user["role"], app.contacts, [request])[0].get("notice")
