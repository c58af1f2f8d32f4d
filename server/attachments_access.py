"""Who may see an issue's files (SPEC §7: "only the reporter's organization and staff,
even on a public issue"), and what a file's contents must look like.

A debug archive carries host names and configuration: an issue being public makes
its report public, never its files. The rule is the issue's, not the file's, so an
issue made public later still keeps its files to the same people."""
from . import visibility as vis
from .ids import parse_id

EVENT_KINDS = ("attachment_added",)
FIELD = "debug_archive"


def may_see(user, issue):
    """Staff, the reporter, and customers of the reporter's organization."""
    if not user:
        return False
    return vis.is_staff(user) or issue["reporter_id"] == user["id"] or (
        user["role"] == "customer" and vis.in_org(user, issue["organization_id"]))


def load_visible(conn, user, attachment_id):
    """(attachment row, issue row) the caller may see, or None: a hidden file and a
    missing one are the same None, so the caller answers both the same way."""
    attachment_id = parse_id(attachment_id)
    if attachment_id is None:
        return None
    attachment = conn.execute("SELECT * FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    if attachment is None:
        return None
    issue = conn.execute("SELECT id, reporter_id, organization_id, visibility FROM issues WHERE id = ?",
                         (attachment["issue_id"],)).fetchone()
    if issue is None or not may_see(user, issue) or not vis.can_see_issue(user, issue):
        return None
    return attachment, issue


def usable_in_report(conn, user, value):
    """May `user` name attachment `value` as a report's debug_archive? Their own upload,
    or a file they may see; anything else is as if it did not exist."""
    if isinstance(value, bool) or value is None:
        return False
    found = load_visible(conn, user, value)
    return found is not None


# -- contents -------------------------------------------------------------------
# (extension, kind) with the longest extension first so .tar.gz is not read as .gz.
EXTENSIONS = ((".tar.gz", "gzip"), (".tgz", "gzip"), (".gz", "gzip"), (".zip", "zip"), (".tar", "tar"))
KIND_NAMES = {"zip": "a zip archive", "gzip": "a gzip file", "tar": "a tar archive"}
SNIFF_BYTES = 512                    # tar's "ustar" sits at offset 257


def kind_of_name(filename):
    lower = filename.lower()
    for extension, kind in EXTENSIONS:
        if lower.endswith(extension):
            return kind
    return None


def kind_of_contents(head):
    """The archive kind the first bytes show, by magic number, or None."""
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


def contents_problem(filename, head):
    """None when the bytes are the archive the name promises; else a sentence saying what is wrong."""
    expected = kind_of_name(filename)
    found = kind_of_contents(head)
    if found is None:
        return "The file is not a zip, gzip or tar archive; attach the file fleetctl debug archive made."
    if expected is not None and found != expected:
        return f"The file is named like {KIND_NAMES[expected]} but its contents are {KIND_NAMES[found]}; " \
               "rename it or attach the original."
    return None
