# The production image: gunicorn by default; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi when a PDF is produced, not at
# install time, so a missing library would only show up in the first report job. It draws with
# system fonts only: DejaVu covers å, ä and ö. gettext is here for msgfmt (compilemessages), and
# postgresql-client for `manage.py backup` / `restore` (pg_dump must be at least the server's major version).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        shared-mime-info \
        gettext \
        postgresql-client \
 && rm -rf /var/lib/apt/lists/*

# A fixed uid, so that files on the media volume keep one owner across rebuilds and the
# secret file on the host can be made readable to exactly this user.
RUN groupadd --system --gid 10001 los \
 && useradd --system --uid 10001 --gid los --create-home --home-dir /home/los los

WORKDIR /app

# Dependencies before the code, so that a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image and served by WhiteNoise from its manifest, so
# STATIC_ROOT is fixed here and must not be changed at run time.
ENV STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# The settings refuse to load without a SECRET_KEY when DEBUG is off. These two commands need
# the settings but no secret, so they get a worthless key on this line only: it stays out of
# the image's environment, though it is visible in the image history.
# /data/media is created here, owned by the app user, because a fresh named volume takes the
# ownership of the directory it is mounted over.
RUN SECRET_KEY=build-only-not-a-secret python manage.py compilemessages --ignore=.venv \
 && SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --no-input \
 && mkdir -p /data/media \
 && chown los:los /data/media

# The code stays owned by root: the running application cannot change it.
USER 10001:10001

EXPOSE 8000
CMD ["gunicorn", "los.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
