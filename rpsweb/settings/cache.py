from .env import VAR_DIR
from .tasks import REDIS_URL

# Throttle counters and other shared state live in Redis when there is one, otherwise in files
# under var/ — never in one process's memory, which other workers could not see.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rpsweb",
            # An unreachable Redis must fail fast (throttles then let requests through, see
            # core/throttling.py), not hold a play request for the OS's TCP timeout.
            "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
