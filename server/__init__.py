"""The support portal's server: HTTP, JSON API and SQLite storage (standard library only)."""
VERSION = "0.1.0"
