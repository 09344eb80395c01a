"""The demo logins `load_demo` creates and `make run` prints."""

DEMO_PASSWORD = "thidua2026"

DEMO_LOGINS = [
    {"username": "admin", "password": DEMO_PASSWORD, "role": "Quản trị hệ thống"},
]
