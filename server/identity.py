"""What an email address and a person's name may be (issue 13, identity hygiene).

Emails: trimmed, NFC, one @, a local part of RFC 5322 atoms (or letters of any
script, for SMTPUTF8), and a domain lower-cased and IDNA-encoded so the stored form
is the one mail servers use (bücher.example -> xn--bcher-kva.example). A domain label
that mixes scripts the way look-alikes do (Latin with Cyrillic: "tеst") is refused
with a message that says so; the mixes real names use (Han with Kana or Hangul, and
Latin with those) are not.

Names: NFC, kept exactly otherwise; control characters, bidi overrides and isolates
(which reorder what a reader sees around them) and angle brackets are refused."""
import re
import unicodedata

EMAIL_MAX = 254
LOCAL_MAX = 64
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]")
_LDH = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
JOINERS = {"\u200c", "\u200d"}          # ZWNJ and ZWJ: needed to spell Persian, Indic scripts and emoji
# UTS #39 "highly restrictive": one script, or one of these mixes.
ALLOWED_MIXES = ({"Latin", "Han", "Hiragana", "Katakana"}, {"Latin", "Han", "Bopomofo"}, {"Latin", "Han", "Hangul"})
_SCRIPT_WORDS = {"CJK": "Han", "HIRAGANA": "Hiragana", "KATAKANA": "Katakana", "HANGUL": "Hangul",
                 "BOPOMOFO": "Bopomofo", "KATAKANA-HIRAGANA": "Katakana"}


def script_of(ch):
    """The script of a letter from its Unicode name (the stdlib has no Script property); None for
    digits, punctuation and marks, which take the script of their neighbours."""
    if unicodedata.category(ch)[0] != "L":
        return None
    words = unicodedata.name(ch, "").split()
    if not words:
        return "Unknown"
    if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1:
        words = words[1:]
    return _SCRIPT_WORDS.get(words[0], words[0].title())


def mixed_scripts(text):
    """The scripts of `text` when they mix in a way look-alikes do, else None."""
    scripts = {s for s in map(script_of, text) if s}
    if len(scripts) <= 1 or any(scripts <= allowed for allowed in ALLOWED_MIXES):
        return None
    return sorted(scripts)


def _refused_character(text):
    """The first character no identity may hold, or None."""
    for ch in text:
        if ch in JOINERS:
            continue
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return ch
    return None


def _describe(ch):
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character').lower()}"


def normalize_email(raw):
    """-> (normalized email, None) or (None, a sentence saying what to fix)."""
    if not isinstance(raw, str) or not raw.strip():
        return None, "Email is required."
    text = unicodedata.normalize("NFC", raw.strip())
    if len(text) > EMAIL_MAX:
        return None, f"Email must be at most {EMAIL_MAX} characters."
    bad = _refused_character(text)
    if bad or any(ch.isspace() for ch in text):
        return None, f"Email cannot contain {_describe(bad) if bad else 'spaces'}."
    if text.count("@") != 1:
        return None, "Email must look like name@example.com."
    local, domain = text.split("@")
    problem = _local_problem(local)
    if problem:
        return None, problem
    ascii_domain, problem = normalize_domain(domain)
    if problem:
        return None, problem
    return f"{local}@{ascii_domain}", None


def _local_problem(local):
    if not local or len(local) > LOCAL_MAX:
        return f"The part before @ must be 1 to {LOCAL_MAX} characters."
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "The part before @ cannot start or end with a dot or have two dots in a row."
    for ch in local:
        if ch != "." and not _ATEXT.fullmatch(ch) and (ord(ch) < 128 or unicodedata.category(ch)[0] not in "LMN"):
            return f"The part before @ cannot contain \"{ch}\"."
    scripts = mixed_scripts(local)
    if scripts:
        return f"The part before @ mixes {' and '.join(scripts)} letters, as look-alike addresses do; type it again."
    return None


def normalize_domain(domain):
    """-> (lower-case ASCII domain, None) or (None, problem)."""
    labels = domain.rstrip(".").split(".")
    if len(labels) < 2 or any(not label for label in labels):
        return None, "Email must look like name@example.com."
    encoded = []
    for label in labels:
        scripts = mixed_scripts(label)
        if scripts:
            return None, (f"The domain {domain!r} mixes {' and '.join(scripts)} letters in {label!r}, as look-alike "
                          "domains do; check the address and type it again.")
        try:
            ascii_label = label.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None, f"{label!r} is not a valid part of a domain name."
        if not _LDH.fullmatch(ascii_label):
            return None, f"{label!r} is not a valid part of a domain name (letters, digits and inner hyphens)."
        encoded.append(ascii_label)
    tld = encoded[-1]
    if len(tld) < 2 or not (tld.isalpha() or tld.startswith("xn--")):
        return None, "The domain must end in a real top-level domain such as .com or .org."
    return ".".join(encoded), None


def clean_name(raw, label="Name", max_len=100):
    """-> (NFC name, None) or (None, problem). Letters of every script are kept exactly."""
    if not isinstance(raw, str) or not raw.strip():
        return None, f"{label} is required."
    name = unicodedata.normalize("NFC", raw.strip())
    if len(name) > max_len:
        return None, f"{label} must be at most {max_len} characters."
    bad = _refused_character(name)
    if bad:
        return None, f"{label} cannot contain {_describe(bad)}; type it again without it."
    if "<" in name or ">" in name:
        return None, f"{label} cannot contain < or >."
    return name, None
