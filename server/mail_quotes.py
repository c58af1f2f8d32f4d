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


def _is_attribution(lines, i):
    """-> how many lines the attribution at line i takes (Gmail wraps it over two), or 0."""
    stripped = lines[i].strip()
    if ATTRIBUTION.match(stripped):
        return 1
    if i + 1 < len(lines) and stripped.lower().startswith(("on ", "le ", "am ", "el ", "il ", "op ")) and \
            ATTRIBUTION.match(stripped + " " + lines[i + 1].strip()):
        return 2
    return 0


def _answers_below(lines, start):
    """Bottom-posting (Thunderbird's default): new text follows the quote before any signature."""
    for line in lines[start:]:
        if SIGNATURE.match(line):
            return False
        if line.strip() and not line.lstrip().startswith(">"):
            return True
    return False


def new_text(text):
    """The reply without what it quotes and without the signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end, skipped = len(lines), set()
    for i, line in enumerate(lines):
        if i in skipped:
            continue
        stripped = line.strip()
        span = _is_attribution(lines, i)
        if span and _answers_below(lines, i + span):
            skipped.update(range(i, i + span))      # the quote goes line by line below
            continue
        if span or ORIGINAL.match(stripped) or SIGNATURE.match(line) or MOBILE.match(stripped):
            end = i
            break
        if OUTLOOK_RULE.match(stripped) or (OUTLOOK_HEADER.match(stripped) and i + 1 < len(lines)
                                            and any(OUTLOOK_SENT.match(x.strip()) for x in lines[i + 1:i + 3])):
            end = i
            break
    kept = [line for i, line in enumerate(lines[:end])
            if i not in skipped and not line.lstrip().startswith(">")]                # inline quotes go too
    return "\n".join(line.rstrip() for line in kept).strip()
