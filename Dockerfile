# One image for every Python service of docker-compose.yml: web (gunicorn), Celery worker, beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK=true \
    DJANGO_SETTINGS_MODULE=rpsweb.settings \
    RPSWEB_VAR_DIR=/app/var

# xgboost loads the system's OpenMP runtime, which the slim image lacks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Requirements first, so that code changes do not reinstall them. The extra index serves the CPU
# build of the pinned torch (2.13.0+cpu satisfies ==2.13.0 and sorts above it), which keeps the
# CUDA wheels out of the image; it is used only here, never by the laptop setup.
COPY requirements.txt ./
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

COPY . .

# Static files are collected at build time into var/staticfiles (STATIC_ROOT) and served by
# whitenoise. The key only lets the settings load; the real one comes from the environment.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0

# The code stays root-owned and read-only for the app; only var/ (SQLite when no DATABASE_URL,
# MLflow's local store, the folder broker) is writable.
RUN useradd --system --uid 10001 --create-home --home-dir /home/app app \
    && mkdir -p /app/var \
    && chown -R app:app /app/var
USER app

# 8000: gunicorn; 9808: a Celery worker's metrics when CELERY_METRICS_PORT is set.
EXPOSE 8000 9808
# Through bash, so the script runs even where a checkout lost its executable bit.
ENTRYPOINT ["bash", "/app/scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "--config", "rpsweb/gunicorn_conf.py", "rpsweb.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
