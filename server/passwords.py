"""What a new password must be (the same rule as sign-up)."""


def password_problem(password):
    if not isinstance(password, str) or len(password) < 10:
        return "Password must be at least 10 characters."
    if len(password) > 1024:
        return "Password must be at most 1024 characters."
    return None
