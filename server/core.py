"""The C++ domain core through its C ABI (shared/c_api.h): JSON in, JSON out.

Python never re-implements a rule; it asks the core."""
import ctypes
import json
import os


class CoreUnavailable(RuntimeError):
    pass


class Core:
    def __init__(self, library_path, policy_text):
        if not os.path.exists(library_path):
            raise CoreUnavailable(
                f"the core library {library_path} is missing; build it with: cmake -S . -B build && cmake --build build")
        lib = ctypes.CDLL(library_path)
        lib.portal_policy_load.restype = ctypes.c_void_p
        lib.portal_policy_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        lib.portal_policy_release.argtypes = [ctypes.c_void_p]
        for name in ("portal_quote", "portal_holidays"):
            fn = getattr(lib, name)
            fn.restype = ctypes.c_void_p
            fn.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        for name in ("portal_validate", "portal_check_upload", "portal_check_form", "portal_similar"):
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

    def _call(self, name, request):
        fn = getattr(self._lib, name)
        return self._take(fn(self._policy, json.dumps(request).encode("utf-8")))

    def quote(self, plan, impact, at):
        """-> {"quote": {...}} or {"error": {"field", "message"}}"""
        return self._call("portal_quote", {"plan": plan, "impact": impact, "at": at})

    def holidays(self, first_day, last_day):
        return self._call("portal_holidays", {"from": first_day, "to": last_day})

    def _call_plain(self, name, request):
        fn = getattr(self._lib, name)
        return self._take(fn(json.dumps(request, ensure_ascii=False).encode("utf-8")))

    def validate(self, form_text, submission, audience, now):
        """-> {"errors": [...], "values": {...}} or {"definition_errors": [...]}"""
        return self._call_plain("portal_validate", {"form": form_text, "submission": submission,
                                                    "audience": audience, "now": now})

    def check_upload(self, form_text, field, filename, size):
        return self._call_plain("portal_check_upload", {"form": form_text, "field": field,
                                                        "filename": filename, "size": size})

    def check_form(self, form_text):
        return self._call_plain("portal_check_form", {"form": form_text})

    def similar(self, query, documents, limit=5):
        """documents: [{"id", "title", "description"}] -> {"ok": true, "matches": [{"id", "score"}], "total"},
        best first; or {"ok": false, "error": {"field", "message"}}"""
        return self._call_plain("portal_similar", {"query": query, "documents": documents, "limit": limit})
