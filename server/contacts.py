"""The deployment's escalation contacts (SPEC §4): a phone or text line, an emergency
email, a Slack channel... whatever the vendor running the portal really answers.
They come from a JSON file, never from code, so none is ever invented:

    {"contacts": [{"label": "On-call line (call or text)", "value": "+1 415 555 0100"},
                  {"label": "Emergency email", "value": "oncall@example.com"}]}

named by --contacts PATH, else contacts.json in the data folder (beside the database).
Without one, the portal says to use the contact address in the contract or the
customer's private Slack channel (assets/policy.json, escalation.without_contacts)."""
import json
import os

from .core import CoreRefusal

FILE_NAME = "contacts.json"


class ContactsError(ValueError):
    pass


def contacts_path(explicit, data_dir):
    """The file to read: the one named, else contacts.json in the data folder (beside a SQLite database)
    when it exists, else None."""
    if explicit:
        return explicit
    default = os.path.join(data_dir, FILE_NAME)
    return default if os.path.exists(default) else None


def load_contacts(core, path):
    """-> (contacts, advice) checked by the core; ContactsError says what is wrong with the file."""
    entries = []
    if path:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as e:
            raise ContactsError(f"cannot read the contacts file {path}: {e.strerror}")
        except ValueError as e:
            raise ContactsError(f"the contacts file {path} is not valid JSON: {e}")
        entries = data.get("contacts") if isinstance(data, dict) else None
        if entries is None:
            raise ContactsError(f'the contacts file {path} must be {{"contacts": [{{"label": ..., "value": ...}}]}}')
    try:
        checked = core.contacts(entries)
    except CoreRefusal as e:
        raise ContactsError(f"the contacts file {path}: {e.field}: {e.message}")
    return checked["contacts"], checked["advice"]
