"""An SMTP client on smtplib: STARTTLS when the server offers it, optional authentication (the password
read from a file), UTF-8 headers (SMTPUTF8 when offered, RFC 2047 encoded words otherwise), multipart
plain text + HTML, Message-ID and Date."""
import base64
import email.policy
import email.utils
import smtplib
import socket
import ssl
from email.headerregistry import Address
from email.message import EmailMessage

TIMEOUT = 15
# Lines up to RFC 5322's 998: a List-Unsubscribe URL is one token longer than 78 characters, and folding
# it would turn it into RFC 2047 encoded words, which no mail client reads as a URL.
SMTPUTF8 = email.policy.SMTPUTF8.clone(max_line_length=998)
SMTP = email.policy.SMTP.clone(max_line_length=998)


class MailError(Exception):
    """A delivery that did not happen; `permanent` when trying again cannot help (a 5xx answer)."""

    def __init__(self, message, permanent=False, refused=False):
        super().__init__(message)
        self.permanent = permanent
        self.refused = refused           # the server refused the recipient (with `permanent`: a bounce)


class SmtpConfig:
    def __init__(self, host, port, mail_from, user=None, password=None, tls_context=None):
        self.host, self.port, self.mail_from = host, port, mail_from
        self.user, self.password = user, password
        self.tls_context = tls_context or ssl.create_default_context()

    @classmethod
    def parse(cls, address, mail_from, user=None, password_file=None, ca_file=None):
        """From --smtp HOST:PORT, --mail-from, --smtp-user, --smtp-password-file and --smtp-ca-file;
        ValueError if wrong."""
        host, sep, port = (address or "").rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"--smtp takes HOST:PORT (e.g. smtp.example.com:587), not {address!r}")
        if not mail_from or "@" not in mail_from:
            raise ValueError("--smtp needs --mail-from ADDRESS (the sender of the portal's emails)")
        password = None
        if password_file:
            try:
                with open(password_file, encoding="utf-8") as f:
                    password = f.read().strip("\r\n")
            except OSError as e:
                raise ValueError(f"cannot read --smtp-password-file {password_file}: {e.strerror}")
            if not user:
                raise ValueError("--smtp-password-file needs --smtp-user")
        context = ssl.create_default_context()
        if ca_file:
            try:
                context.load_verify_locations(cafile=ca_file)
            except (OSError, ssl.SSLError) as e:
                raise ValueError(f"cannot read --smtp-ca-file {ca_file} as PEM certificates: {e}")
        return cls(host.strip("[]"), int(port), mail_from, user, password, context)


def build(mail_from, to_address, to_name, subject, text, html, domain=None, headers=None):
    """-> EmailMessage with plain text and HTML alternatives, Message-ID and Date; `headers` adds others
    (and may give the Message-ID)."""
    msg = EmailMessage()
    msg["From"] = mail_from
    local, _, to_domain = to_address.rpartition("@")
    msg["To"] = Address(display_name=to_name or "", username=local, domain=to_domain)
    msg["Subject"] = subject
    msg["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = email.utils.make_msgid(domain=domain or mail_from.rpartition("@")[2] or None)
    for name, value in (headers or {}).items():
        del msg[name]
        msg[name] = value
    msg.set_content(text, cte="quoted-printable")              # 7-bit bodies whatever the server offers
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    return msg


def _ascii(text):
    return all(ord(c) < 128 for c in text)


def send(config, msg, to_address):
    """Delivers one message; MailError with the server's answer when it does not."""
    try:
        with smtplib.SMTP(config.host, config.port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=config.tls_context)
                smtp.ehlo()
            if config.user:
                _login(smtp, config.user, config.password or "")
            utf8 = smtp.has_extn("smtputf8")
            if not utf8 and not (_ascii(to_address) and _ascii(config.mail_from)):
                raise MailError(f"The SMTP server does not offer SMTPUTF8, needed for the address {to_address}.",
                                permanent=True)
            if utf8:
                data = msg.as_bytes(policy=SMTPUTF8)
                smtp.command_encoding = "utf-8"
                options = ["SMTPUTF8"] + (["BODY=8BITMIME"] if smtp.has_extn("8bitmime") else [])
                refused = smtp.sendmail(config.mail_from, [to_address], data, mail_options=options)
            else:
                data = msg.as_bytes(policy=SMTP)      # RFC 2047 encoded words in headers
                refused = smtp.sendmail(config.mail_from, [to_address], data)
            if refused:
                code, answer = next(iter(refused.values()))
                raise MailError(f"{code} {_text(answer)}", permanent=code >= 500, refused=True)
    except smtplib.SMTPRecipientsRefused as e:
        code, answer = next(iter(e.recipients.values()))
        raise MailError(f"{code} {_text(answer)}", permanent=code >= 500, refused=True)
    except smtplib.SMTPResponseException as e:
        raise MailError(f"{e.smtp_code} {_text(e.smtp_error)}", permanent=e.smtp_code >= 500)
    except (smtplib.SMTPException, ssl.SSLError, socket.timeout, OSError) as e:
        raise MailError(f"{type(e).__name__}: {e}"[:300])


def _login(smtp, user, password):
    """smtplib's login encodes credentials as ASCII; AUTH PLAIN carries UTF-8 (RFC 4616), so a password
    with other characters goes that way."""
    if _ascii(user) and _ascii(password):
        smtp.login(user, password)
        return
    if "plain" not in smtp.esmtp_features.get("auth", "").lower().split():
        raise MailError("The SMTP server does not offer AUTH PLAIN, needed for a non-ASCII password.", permanent=True)
    response = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, answer = smtp.docmd("AUTH", "PLAIN " + response)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _text(answer):
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return " ".join(answer.split())[:300]
