"""Storage: the encrypted SQLCipher database, its keys, migrations, backups and audit trail.

This is the only package that knows the database is SQLite/SQLCipher.
"""
