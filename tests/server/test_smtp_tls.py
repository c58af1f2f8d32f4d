"""issue 14: STARTTLS to a real SMTP server with a certificate of its own — delivered when its CA is
trusted (--smtp-ca-file), and AUTH only inside TLS; refused, and said so to admins, when it is not."""
import os
import shutil
import ssl
import subprocess
import tempfile
import unittest

from tests.server.harness import ServerTestCase
from tests.server.smtp_sink import SmtpSink
from tests.server.test_outbox import accept, invite_admin, wait_outbox


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 -> (cert path, key path); None without openssl."""
    if not shutil.which("openssl"):
        return None
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class _TlsSink(ServerTestCase):
    trust = True

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="portal-tls-")
        made = make_certificate(cls.folder)
        if made is None:
            raise unittest.SkipTest("openssl is needed to make a certificate")
        cert, key = made
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        cls.sink = SmtpSink(auth=("portal", "tls only pässword"), tls=context).start()
        password_file = os.path.join(cls.folder, "smtp-password")
        with open(password_file, "w", encoding="utf-8") as f:
            f.write("tls only pässword\n")
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example", "--smtp-user",
                           "portal", "--smtp-password-file", password_file, "--mail-backoff", "0.2") + \
            (("--smtp-ca-file", cert) if cls.trust else ())
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)


class TrustedCertificate(_TlsSink):
    def test_the_email_goes_inside_tls_with_authentication(self):
        invite_admin(self.server, "ada@vendor.example", "Ada Admin")
        message = self.sink.wait_for(1)[0]
        self.assertIn("TLS", message["options"], "the message was sent after STARTTLS")
        self.assertEqual(self.sink.logins, 1, "AUTH happened (the sink offers it only inside TLS)")
        self.assertEqual(self.sink.tls_failures, 0)


class UntrustedCertificate(_TlsSink):
    trust = False

    def test_nothing_is_sent_in_clear_and_admins_see_why(self):
        admin = accept(self.server, invite_admin(self.server, "ada@vendor.example", "Ada Admin"))
        body = wait_outbox(self.server, admin, lambda emails: any("CERTIFICATE_VERIFY_FAILED" in (e.get("last_error") or "")
                                                                  for e in emails))
        errors = [e.get("last_error") or "" for e in body["emails"]]
        self.assertTrue(any("CERTIFICATE_VERIFY_FAILED" in e for e in errors), body)
        self.assertEqual(self.sink.messages, [], "never sent without a trusted TLS connection")
        self.assertGreaterEqual(self.sink.tls_failures, 1)


if __name__ == "__main__":
    unittest.main()
