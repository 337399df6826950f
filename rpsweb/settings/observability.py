from .env import env

PROMETHEUS_EXPORT_MIGRATIONS = False
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")  # json for machines, text for people

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}

# Celery workers serve their own process metrics on this port when it is set (0: not served);
# see rpsweb/worker_metrics.py. Containers bind 0.0.0.0 so that Prometheus can reach them.
WORKER_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
WORKER_METRICS_ADDRESS = env.str("CELERY_METRICS_ADDRESS", default="127.0.0.1")
