"""The new text of an emailed reply: what the common mail clients quote below it (Gmail, Outlook, Apple
Mail, Thunderbird, in their usual languages) and their signatures are cut; an HTML-only message is read
as text first. Fixtures of each client are in tests/server/fixtures/mail/."""
import html
import re

# "On Tue, Nov 24, 2026 at 3:04 PM Fleet Support <support@vendor.example> wrote:" (Gmail, Apple Mail,
# Thunderbird; Gmail may wrap it over two lines), and the same in other languages.
ATTRIBUTION = re.compile(
    r"^(On\b.{4,300}\bwrote:|Le\b.{4,300}\ba écrit\s?:|Am\b.{4,300}\bschrieb.{0,200}:|El\b.{4,300}\bescribió:"
    r"|Il\b.{4,300}\bha scritto:|Op\b.{4,300}\bschreef.{0,200}:)\s*$", re.I | re.S)
# Outlook: a rule, then the headers of the message answered; or the older "Original Message" line.
OUTLOOK_RULE = re.compile(r"^_{10,}\s*$")
OUTLOOK_HEADER = re.compile(r"^\*?(From|De|Von|Van|Da)\s?:\*?\s", re.I)
OUTLOOK_SENT = re.compile(r"^\*?(Sent|Date|Envoyé|Gesendet|Verzonden|Inviato)\s?:\*?\s", re.I)
ORIGINAL = re.compile(r"^-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}\s*$", re.I)
SIGNATURE = re.compile(r"^(-- ?|—)\s*$")
MOBILE = re.compile(r"^(Sent from my \w+|Get Outlook for \w+|Sent from Mail for Windows|Envoyé de mon \w+)\b.*$", re.I)


def html_to_text(markup):
    """Readable text of an HTML body, with Gmail's and Apple Mail's quote containers left out."""
    markup = re.sub(r"(?is)<(style|script|head)\b.*?</\1>", "", markup)
    markup = re.sub(r'(?is)<div[^>]*class="[^"]*gmail_quote.*', "", markup)
    markup = re.sub(r'(?is)<blockquote[^>]*type="cite".*', "", markup)
    markup = re.sub(r'(?is)<div[^>]*id="(divRplyFwdMsg|appendonsend)".*', "", markup)   # Outlook
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|tr|h\d)>", "\n", markup)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", "", markup))
    return re.sub(r"\n{3,}", "\n\n", text.replace("\xa0", " "))


def new_text(text):
    """The reply without what it quotes and without the signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = len(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        two = (stripped + " " + lines[i + 1].strip()) if i + 1 < len(lines) else stripped
        if ATTRIBUTION.match(stripped) or (stripped.lower().startswith(("on ", "le ", "am ")) and ATTRIBUTION.match(two)) \
                or ORIGINAL.match(stripped) or SIGNATURE.match(line) or MOBILE.match(stripped):
            end = i
            break
        if OUTLOOK_RULE.match(stripped) or (OUTLOOK_HEADER.match(stripped) and i + 1 < len(lines)
                                            and any(OUTLOOK_SENT.match(x.strip()) for x in lines[i + 1:i + 3])):
            end = i
            break
    kept = [line for line in lines[:end] if not line.lstrip().startswith(">")]    # inline quotes go too
    return "\n".join(line.rstrip() for line in kept).strip()
