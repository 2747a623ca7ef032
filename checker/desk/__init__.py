"""The desk: a web application where supervisors upload ledgers and notices and see, per unit, every
submission, what each one found, and what a resubmission fixed.

Built on Django because it brings what the desk must not write itself: accounts with hashed passwords,
sessions, CSRF protection, an ORM with transactions and migrations for both SQLite and PostgreSQL. It is an
optional extra (`pip install 'ledgerlint[desk]'`); `ledgerlint serve` starts it. Linting goes through the same
library API as the command line (`checker.api.lint_file`).
"""
