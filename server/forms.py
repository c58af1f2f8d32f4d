"""The intake form definitions in assets/forms, checked by the core at start."""
import json
import os


class FormCatalog:
    def __init__(self, directory, core):
        self.texts = {}
        self.parsed = {}
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                text = f.read()
            problems = core.check_form(text)
            if problems:
                raise ValueError(f"assets/forms/{name}: " + "; ".join(
                    f"{p['where'] or 'line ' + str(p['line'])}: {p['message']}" for p in problems))
            parsed = json.loads(text)
            self.texts[parsed["id"]] = text
            self.parsed[parsed["id"]] = parsed

    def summaries(self):
        return [{"id": f["id"], "title": f["title"], "description": f.get("description", "")}
                for f in self.parsed.values()]
