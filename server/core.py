"""The C++ domain core through its C ABI (shared/c_api.h): JSON in, JSON out.

Python never re-implements a rule; it asks the core. Every call returns the core's
verdicts, or raises: CoreRefusal when the core refuses a value (an unknown plan,
impact, hosting; a 4xx for the caller), CoreError when it refuses a request the
server built (our bug; a 500). Nothing is ever swallowed into an empty answer."""
import ctypes
import json
import os

POLICY_FUNCTIONS = ("portal_quote", "portal_holidays", "portal_coverage", "portal_file", "portal_staff_reply",
                    "portal_customer_reply", "portal_may_escalate", "portal_issue_verdicts", "portal_contacts",
                    "portal_describe_times")
PLAIN_FUNCTIONS = ("portal_validate", "portal_check_upload", "portal_check_form", "portal_similar")


class CoreUnavailable(RuntimeError):
    pass


class CoreError(RuntimeError):
    """The core refused a request the server built: a bug on our side."""


class CoreRefusal(Exception):
    """The core refused a value the caller gave: `field` names it, `message` says what to do."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field or "body"
        self.message = message


class Core:
    def __init__(self, library_path, policy_text):
        if not os.path.exists(library_path):
            raise CoreUnavailable(
                f"the core library {library_path} is missing; build it with: cmake -S . -B build && cmake --build build")
        lib = ctypes.CDLL(library_path)
        lib.portal_policy_load.restype = ctypes.c_void_p
        lib.portal_policy_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        lib.portal_policy_release.argtypes = [ctypes.c_void_p]
        for name in POLICY_FUNCTIONS:
            fn = getattr(lib, name)
            fn.restype = ctypes.c_void_p
            fn.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        for name in PLAIN_FUNCTIONS:
            fn = getattr(lib, name)
            fn.restype = ctypes.c_void_p
            fn.argtypes = [ctypes.c_char_p]
        lib.portal_free.argtypes = [ctypes.c_void_p]
        self._lib = lib
        errors = ctypes.c_void_p()
        self._policy = lib.portal_policy_load(policy_text.encode("utf-8"), ctypes.byref(errors))
        if not self._policy:
            problems = self._take(errors.value)
            raise CoreUnavailable("assets/policy.json is not valid: " +
                                  "; ".join(f"{p['where']}: {p['message']}" for p in problems))

    def _take(self, pointer):
        try:
            return json.loads(ctypes.string_at(pointer).decode("utf-8"))
        finally:
            self._lib.portal_free(pointer)

    def call_raw(self, name, request):
        """The reply exactly as the C ABI gives it, refusals included (for tests of the ABI itself)."""
        fn = getattr(self._lib, name)
        text = json.dumps(request, ensure_ascii=False).encode("utf-8")
        return self._take(fn(self._policy, text) if name in POLICY_FUNCTIONS else fn(text))

    def _call(self, name, request):
        reply = self.call_raw(name, request)
        if reply.get("ok") is True:
            return reply
        error = reply.get("error") or {}
        if error.get("code") == "invalid":
            raise CoreRefusal(error.get("field"), error.get("message") or "The core refused this value.")
        raise CoreError(f"{name}: {error.get('code')} {error.get('field')}: {error.get('message')}")

    # ---- deadlines and policy ----------------------------------------------------------
    def quote(self, plan, impact, hosting, at):
        """The deadline for a report received `at` (Managed Cloud P0/P1: the sooner one)."""
        return self._call("portal_quote", {"plan": plan, "impact": impact, "hosting": hosting, "at": at})["quote"]

    def describe_times(self, times):
        """Each RFC 3339 instant on the policy's clock: ["Mon Dec 1, 06:00 PT", ...]"""
        return self._call("portal_describe_times", {"times": times})["local"]

    def holidays(self, first_day, last_day):
        return self._call("portal_holidays", {"from": first_day, "to": last_day})["holidays"]

    def contacts(self, contacts):
        """Checks a deployment's escalation contacts -> {"contacts", "advice"}; CoreRefusal names a bad entry."""
        return self._call("portal_contacts", {"contacts": contacts})

    # ---- forms ---------------------------------------------------------------------------
    def validate(self, form_text, submission, audience, now):
        """-> {"errors": [...], "values": {...}}"""
        return self._call("portal_validate", {"form": form_text, "submission": submission,
                                              "audience": audience, "now": now})

    def check_upload(self, form_text, field, filename, size):
        """-> None, or the problem {"field", "code", "message"}"""
        return self._call("portal_check_upload", {"form": form_text, "field": field,
                                                  "filename": filename, "size": size})["problem"]

    def check_form(self, form_text):
        """-> the definition's errors, [] when it is good"""
        return self._call("portal_check_form", {"form": form_text})["definition_errors"]

    def similar(self, query, documents, limit=5):
        """documents: [{"id", "title", "description"}] -> {"matches": [{"id", "score"}], "total"}, best first"""
        return self._call("portal_similar", {"query": query, "documents": documents, "limit": limit})

    # ---- an issue's life -------------------------------------------------------------------
    def coverage(self, role, organization):
        """The plan and hosting a person files under -> {"plan", "hosting", "paid"}"""
        return self._call("portal_coverage", {"role": role, "organization": organization})

    def file(self, role, organization, impact, at):
        """-> {"coverage", "quote", "labels", "sla_state", "clock", "reply_owed_by"}"""
        return self._call("portal_file", {"role": role, "organization": organization, "impact": impact, "at": at})

    def staff_reply(self, clock, at):
        """-> {"first_response", "next_reply"} (each None, "met" or "breached"), "clock", "reply_owed_by"}"""
        return self._call("portal_staff_reply", {"clock": clock, "at": at})

    def customer_reply(self, issue, clock, at):
        """issue: {"plan", "hosting", "impact", "labels", "status"} -> {"cleared_labels", "next_reply", "reopens", ...}"""
        return self._call("portal_customer_reply", dict(issue, clock=clock, at=at))

    def may_escalate(self, issue, role, is_reporter, in_organization):
        """-> {"allowed", "refusal": None or {"code", "message"}}"""
        return self._call("portal_may_escalate", dict(issue, role=role, is_reporter=is_reporter,
                                                      in_organization=in_organization))

    def verdicts(self, now, role, contacts, issues):
        """One verdict per issue, in order: {"clock", "can_escalate", "waiting_on", "waiting_label",
        "escalation_message"?, "notice"?}"""
        return self._call("portal_issue_verdicts", {"now": now, "role": role, "contacts": contacts,
                                                    "issues": issues})["verdicts"]
