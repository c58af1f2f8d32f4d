"""Escalation that tells the truth (SPEC §4, issue 12): the delivery state of the on-call
webhook and the sentence each role is told, the deployment's contacts (never invented),
who may escalate, and the schema migration that made room for it all."""
import http.server
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from server.schema import MIGRATIONS
from tests.server.harness import REPORT, ROOT, DemoServerTestCase, RunningServer

CONTACTS = {"contacts": [{"label": "On-call line (call or text)", "value": "+1 415 555 0100"},
                         {"label": "Emergency email", "value": "oncall@fleet.example"}]}
SEES_ESCALATION = {"premium", "cse", "admin"}          # the reporter's side and staff, for an Acme issue
ROLES = ("cse", "admin", "premium", "ultimate", "managed", "community")


def receiver(status):
    """A local on-call endpoint answering every POST with `status`; -> (server, received list)."""
    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    return hook, received


class EscalationCase(DemoServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens = dict(cls.tokens, managed=cls.sign_in("managed@demo.test"), admin=cls.sign_in("admin@demo.test"))

    def escalate_new(self, who="premium", reporter="premium", impact="P1"):
        _, issue, _ = self.file(reporter, dict(REPORT, title=f"{who} escalates a {impact}", impact=impact))
        status, body, _ = self.as_(who, "POST", f"/api/issues/{issue['id']}/escalate")
        self.assertEqual(status, 200, body)
        return body

    def wait_for_delivery(self, issue_id, states, who="premium", timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            _, issue, _ = self.as_(who, "GET", f"/api/issues/{issue_id}")
            if issue["escalation"]["delivery"] in states:
                return issue
            time.sleep(0.1)
        self.fail(f"#{issue_id} never reached {states}: {issue['escalation']}")


class WithoutWebhookOrContacts(EscalationCase):
    def test_every_role_is_told_the_truth_and_no_contact_is_invented(self):
        issue = self.escalate_new()
        self.assertFalse(issue["can_escalate"], "escalated once; the button is done")
        for who in ROLES:
            _, seen, _ = self.as_(who, "GET", f"/api/issues/{issue['id']}")
            self.assertTrue(seen["escalated"])
            if who not in SEES_ESCALATION:
                self.assertNotIn("escalation", seen, f"{who} is not told how on-call was reached")
                continue
            e = seen["escalation"]
            self.assertEqual((e["delivery"], e["at"], e["by"], e["contacts"]),
                             ("not_configured", seen["escalated_at"], "Zoë Ørsted", []), who)
            self.assertEqual(e["message"], "The issue is at the top of the support queue. On-call is not paged "
                                           "automatically here; to reach someone now, use the contact address in your "
                                           "Fleet contract, or your private Slack channel with Fleet.")
            self.assertNotIn("paged,", e["message"])
        _, policy, _ = self.server.request("GET", "/api/policy")
        self.assertEqual(policy["contacts"], [])
        self.assertEqual(policy["contact_advice"],
                         "use the contact address in your Fleet contract, or your private Slack channel with Fleet")
        self.assertNotIn("555", json.dumps(policy), "the shipped policy invents no phone number")

    def test_staff_escalate_any_p0_p1_and_customers_their_own(self):
        for who, reporter, impact in (("cse", "ultimate", "P0"), ("admin", "premium", "P1"), ("managed", "managed", "P1")):
            with self.subTest(who=who):
                body = self.escalate_new(who, reporter, impact)
                self.assertIn("escalated", [e["kind"] for e in body["timeline"]])
        _, p2, _ = self.file("premium", dict(REPORT, title="a P2 question", impact="P2"))
        for who in ("cse", "admin", "premium"):
            status, body, _ = self.as_(who, "POST", f"/api/issues/{p2['id']}/escalate")
            self.assertEqual((status, body["error"]["code"]), (409, "not_escalatable"), who)
            self.assertEqual(body["error"]["message"], "Only P0 (Emergency) and P1 (High) issues can be escalated.")
        _, initech, _ = self.file("managed", dict(REPORT, title="Initech P0", impact="P0"))
        for who in ("premium", "ultimate", "community"):
            status, body, _ = self.as_(who, "POST", f"/api/issues/{initech['id']}/escalate")
            self.assertEqual((status, body["error"]["code"]), (403, "forbidden"), who)
        self.as_("cse", "PATCH", f"/api/issues/{initech['id']}", {"status": "closed"})
        status, body, _ = self.as_("managed", "POST", f"/api/issues/{initech['id']}/escalate")
        self.assertEqual(status, 409, "a closed issue is not escalated")

    def test_the_demo_outage_was_escalated_through_the_same_path(self):
        _, outage, _ = self.as_("premium", "GET", "/api/issues/1")
        self.assertEqual((outage["escalated"], outage["escalation"]["delivery"]), (True, "not_configured"))
        _, deliveries, _ = self.as_("admin", "GET", "/api/escalations")
        self.assertIn("not_configured", {d["state"] for d in deliveries["escalations"]}, "admins see delivery state")


class WithContactsAndAWebhookThatWorks(EscalationCase):
    @classmethod
    def setUpClass(cls):
        cls.hook, cls.received = receiver(200)
        cls.contacts_dir = tempfile.mkdtemp(prefix="portal-contacts-")
        path = os.path.join(cls.contacts_dir, "on-call.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(CONTACTS, f)
        cls.server_args = ("--demo", "--contacts", path, "--webhook-backoff", "0.1",
                           "--webhook", f"http://127.0.0.1:{cls.hook.server_address[1]}/page")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.hook.shutdown()
        shutil.rmtree(cls.contacts_dir, ignore_errors=True)

    def test_paged_only_once_delivered_and_the_contacts_are_the_configured_ones(self):
        issue = self.escalate_new()
        self.assertIn(issue["escalation"]["delivery"], ("queued", "delivered"))
        if issue["escalation"]["delivery"] == "queued":
            self.assertTrue(issue["escalation"]["message"].startswith("We are trying to reach on-call"))
            self.assertIn("use On-call line (call or text): +1 415 555 0100; or Emergency email: oncall@fleet.example",
                          issue["escalation"]["message"])
        seen = self.wait_for_delivery(issue["id"], ("delivered",))
        self.assertEqual(seen["escalation"]["message"], "On-call has been paged, and the issue is at the top of the support queue.")
        self.assertEqual(seen["escalation"]["contacts"], CONTACTS["contacts"])
        self.assertIn(issue["id"], [m["issue"] for m in self.received])
        _, policy, _ = self.server.request("GET", "/api/policy")
        self.assertEqual(policy["contacts"], CONTACTS["contacts"])
        self.assertTrue(policy["contact_advice"].startswith("use On-call line (call or text): +1 415 555 0100"))


class WithAWebhookThatFails(EscalationCase):
    @classmethod
    def setUpClass(cls):
        cls.hook, cls.received = receiver(503)
        cls.server_args = ("--demo", "--webhook-backoff", "0.05",
                           "--webhook", f"http://127.0.0.1:{cls.hook.server_address[1]}/page")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.hook.shutdown()

    def test_retrying_then_failed_and_never_paged(self):
        issue = self.escalate_new()
        retrying = self.wait_for_delivery(issue["id"], ("retrying", "failed"))
        if retrying["escalation"]["delivery"] == "retrying":
            self.assertTrue(retrying["escalation"]["message"].startswith("We are trying to reach on-call;"))
        failed = self.wait_for_delivery(issue["id"], ("failed",))
        self.assertTrue(failed["escalation"]["message"].startswith("We could not reach on-call automatically. The issue "
                                                                   "is at the top of the support queue"))
        self.assertNotIn("has been paged", failed["escalation"]["message"])
        _, staff_view, _ = self.as_("cse", "GET", f"/api/issues/{issue['id']}")
        self.assertIn("webhook_failed", [e["kind"] for e in staff_view["timeline"]], "failures are visible to staff")


class ContactsConfiguration(unittest.TestCase):
    def test_contacts_json_in_the_data_folder_is_read(self):
        folder = tempfile.mkdtemp(prefix="portal-data-")
        with open(os.path.join(folder, "contacts.json"), "w", encoding="utf-8") as f:
            json.dump({"contacts": [{"label": "Slack", "value": "#fleet-oncall"}]}, f)
        server = RunningServer(db_dir=folder).start()
        try:
            _, policy, _ = server.request("GET", "/api/policy")
            self.assertEqual(policy["contacts"], [{"label": "Slack", "value": "#fleet-oncall"}])
            self.assertIn("Escalation contacts: 1 from", server.log())
        finally:
            server.cleanup()

    def test_a_bad_contacts_file_stops_the_server_with_the_entry_named(self):
        folder = tempfile.mkdtemp(prefix="portal-data-")
        path = os.path.join(folder, "bad.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"contacts": [{"label": "Phone"}]}, f)
        try:
            run = subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), "--port", "0", "--contacts", path,
                                  "--db", os.path.join(folder, "p.db")], capture_output=True, text=True, timeout=30)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self.assertEqual(run.returncode, 2)
        self.assertIn("contacts[0].value", run.stderr)


class Migration(unittest.TestCase):
    def test_a_version_1_database_gains_hosting_admin_and_truthful_delivery_states(self):
        folder = tempfile.mkdtemp(prefix="portal-v1-")
        db = sqlite3.connect(os.path.join(folder, "portal.db"))
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (1)")
        for statement in MIGRATIONS[0]:
            db.execute(statement)
        db.execute("INSERT INTO organizations (name, plan, created_at) VALUES ('Old Co', 'premium', '2026-01-01T00:00:00Z')")
        db.execute("""INSERT INTO users (email, name, role, organization_id, password_hash, password_salt,
                      password_iterations, created_at) VALUES ('old@x.test', 'Old', 'customer', 1, x'00', x'00', 1, '')""")
        db.execute("""INSERT INTO issues (title, status, visibility, plan, reporter_id, organization_id, created_at,
                      updated_at, due_at, sla_state, fields_json)
                      VALUES ('old', 'new', 'public', 'premium', 1, 1, '', '', '2026-01-02T00:00:00Z', 'pending', '{}')""")
        for state, attempts in (("pending", 0), ("failed", 0), ("failed", 6)):
            db.execute("""INSERT INTO webhook_deliveries (issue_id, payload, state, attempts, next_attempt_at, updated_at)
                          VALUES (1, '{}', ?, ?, 0, '')""", (state, attempts))
        db.commit()
        db.close()
        server = RunningServer(db_dir=folder, backend="sqlite").start()
        try:
            db = sqlite3.connect(os.path.join(folder, "portal.db"))
            self.assertEqual(db.execute("SELECT version FROM schema_version").fetchone()[0], len(MIGRATIONS))
            self.assertEqual(db.execute("SELECT hosting FROM organizations").fetchone()[0], "self_managed")
            self.assertEqual([r[0] for r in db.execute("SELECT state FROM webhook_deliveries ORDER BY id")],
                             ["queued", "not_configured", "failed"])
            self.assertEqual(db.execute("SELECT reply_owed_by FROM issues").fetchone()[0], "2026-01-02T00:00:00Z")
            db.execute("""INSERT INTO users (email, name, role, password_hash, password_salt, password_iterations,
                          created_at) VALUES ('admin@x.test', 'Admin', 'admin', x'00', x'00', 1, '')""")
            self.assertEqual(db.execute("PRAGMA foreign_key_check").fetchall(), [])
            db.close()
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
