# Production image: gunicorn for the web, the same image for Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# Build steps need none of production's secrets: DEBUG on lets the settings load without them.
RUN DEBUG=true python manage.py compilemessages --ignore=node_modules -v0 \
 && DEBUG=true STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
    STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput -v0
RUN useradd --create-home carres && mkdir -p /srv/carres/media && chown carres /srv/carres/media
USER carres
EXPOSE 8000
CMD ["gunicorn", "carres.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
