"""Demo mode: sample accounts (filled in with the accounts work)."""


def seed_demo(app):
    return ["Demo mode: loopback only."]
