"""Django settings of the desk, built in code from the command line: a home folder (SQLite database, file
store, secret key) and an optional database URL. No settings module to edit, nothing to set up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_HOME = Path("~/.ledgerlint-desk").expanduser()  # `--home` or LEDGERLINT_DESK_HOME change it
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # one upload request (all files and zips together)
MAX_FILE_BYTES = 20 * 1024 * 1024  # one stored file, also after unpacking a zip member
MAX_ZIP_MEMBERS = 200  # files in one zip
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024  # all members of one zip, unpacked
MAX_ZIP_RATIO = 100  # unpacked size / packed size of a member: above it, a zip bomb, not a document


def secret_key(home: Path) -> str:
    """The session-signing key of this desk: made once, kept in `home/secret_key` readable by its owner only."""
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="ascii").strip()


def database(home: Path, url: str | None) -> dict[str, Any]:
    """Django's DATABASES entry: `url` (postgresql://… or sqlite:///…) or SQLite in the home folder."""
    if url:
        import dj_database_url

        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(home / "desk.sqlite3"),
            "OPTIONS": {"timeout": 20}}


def configure(home: Path, db: str | None = None, rules: tuple[Path, ...] = (), debug: bool = False) -> None:
    """Configure Django for the desk once per process and set it up; `rules` are the rule files of every
    lint (the built-in rules when empty)."""
    import django
    from django.conf import settings

    if settings.configured:
        return
    home.mkdir(parents=True, exist_ok=True)
    settings.configure(
        DEBUG=debug,
        SECRET_KEY=secret_key(home),
        ALLOWED_HOSTS=["*"],  # served on the address given to `serve`; the host header is not trusted for links
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                        "checker.desk.apps.DeskConfig"],
        MIDDLEWARE=["django.middleware.security.SecurityMiddleware",
                    "django.contrib.sessions.middleware.SessionMiddleware",
                    "django.middleware.common.CommonMiddleware",
                    "django.middleware.csrf.CsrfViewMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware",
                    "django.middleware.clickjacking.XFrameOptionsMiddleware"],
        ROOT_URLCONF="checker.desk.urls",
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
                    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                       "django.contrib.auth.context_processors.auth"]}}],
        DATABASES={"default": database(home, db)},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        TIME_ZONE="Asia/Shanghai",
        LANGUAGE_CODE="zh-hans",
        LOGIN_URL="/login/",
        LOGIN_REDIRECT_URL="/",
        LOGOUT_REDIRECT_URL="/login/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        CSRF_COOKIE_SAMESITE="Lax",
        X_FRAME_OPTIONS="SAMEORIGIN",
        DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024,  # form fields other than files
        FILE_UPLOAD_MAX_MEMORY_SIZE=2 * 1024 * 1024,  # larger uploads spill to a temporary file
        DATA_UPLOAD_MAX_NUMBER_FILES=MAX_ZIP_MEMBERS,
        DESK_HOME=home,
        DESK_STORE=home / "store",
        DESK_RULES=tuple(str(p) for p in rules),
        LOGGING={"version": 1, "disable_existing_loggers": False,
                 "handlers": {"console": {"class": "logging.StreamHandler"}},
                 "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}}},
    )
    django.setup()
