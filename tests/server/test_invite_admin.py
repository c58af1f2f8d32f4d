"""issue 14, step 1: `serve.py --db PATH invite-admin EMAIL NAME` prints a one-time link, against the
database of a running server, that creates the first admin."""
import os
import re
import subprocess
import sys

from tests.server.harness import ROOT, ServerTestCase


def invite_admin(db, email, name, *extra):
    return subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), "--db", db, *extra, "invite-admin",
                           email, name], capture_output=True, text=True, timeout=60)


class InviteAdmin(ServerTestCase):
    def test_the_link_creates_an_admin_once(self):
        done = invite_admin(self.server.db, "Founder@Vendor.example", "Ada Lovelace",
                            "--public-url", "https://support.vendor.example/")
        self.assertEqual(done.returncode, 0, done.stderr)
        m = re.search(r"^https://support\.vendor\.example/#/invite/([A-Za-z0-9_-]+)$", done.stdout, re.M)
        self.assertTrue(m, done.stdout)
        token = m.group(1)
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": token, "name": "Ada King", "password": "short"})
        self.assertEqual(status, 422)
        self.assertIn("password", body["error"]["fields"])
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": token, "name": "Ada King", "password": "a long password"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["user"]["role"], "admin")
        self.assertEqual(body["user"]["email"], "Founder@vendor.example")   # the domain is lower-cased
        self.assertEqual(body["user"]["name"], "Ada King")
        status, me, _ = self.server.request("GET", "/api/me", token=body["token"])
        self.assertEqual((status, me["user"]["staff"]), (200, True))
        status, _, _ = self.server.request("POST", "/api/session",
                                           {"email": "founder@vendor.example", "password": "a long password"})
        self.assertEqual(status, 200)
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": token, "name": "Mallory", "password": "another password"})
        self.assertEqual(status, 410)
        self.assertEqual(body["error"]["code"], "invitation_used")
        self.assertIn("already been accepted", body["error"]["message"])

    def test_default_link_and_refusals(self):
        done = invite_admin(self.server.db, "second@vendor.example", "Grace")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"http://127\.0\.0\.1:8000/#/invite/[A-Za-z0-9_-]{40,}")
        done = invite_admin(self.server.db, "not an email", "Grace")
        self.assertEqual(done.returncode, 2)
        self.assertIn("error:", done.stderr)
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": "x" * 43, "name": "Eve", "password": "a long password"})
        self.assertEqual((status, body["error"]["code"]), (404, "invitation_not_found"))
        done = subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), *self.server.db_args, "frobnicate"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 2)
        self.assertIn("invite-admin EMAIL NAME", done.stderr)

    def test_an_existing_account_is_not_invited_again(self):
        status, _, _ = self.server.request("POST", "/api/signup", {"email": "taken@vendor.example", "name": "T",
                                                                   "password": "a long password"})
        self.assertEqual(status, 202, "an account, not yet confirmed, exists")
        done = invite_admin(self.server.db, "taken@vendor.example", "T")
        self.assertEqual(done.returncode, 2)
        self.assertIn("already exists", done.stderr)
