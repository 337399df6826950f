from .env import env

# How many proxies of ours stand in front of the app, each appending the address it saw to
# X-Forwarded-For. The throttles key anonymous clients on their address: with 0 (no proxy) they
# use REMOTE_ADDR and ignore the header, which any client can forge; with N they take the N-th
# entry from the right, the one our outermost proxy wrote (core/throttling.py). Set it to the
# real count: too high and a client's forged entries are read, too low and every client behind
# the proxy shares one budget.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {
        "play": env.str("THROTTLE_PLAY_RATE", default="600/minute"),
        "start": env.str("THROTTLE_START_RATE", default="120/minute"),
        "token": env.str("THROTTLE_TOKEN_RATE", default="20/minute"),
    },
    # Our throttles read TRUSTED_PROXY_COUNT themselves; DRF's stock ones (and anything else
    # calling BaseThrottle.get_ident) would trust a forged X-Forwarded-For with NUM_PROXIES unset.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "rpsweb API",
    "DESCRIPTION": "Play rock-paper-scissors against machine-learned bots; read games, rounds, "
    "statistics, models and promotion decisions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the sidecar package: the API UI works with no network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema_hooks.exact_inputs",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MoveEnum": "games.models.MOVE_CHOICES",
        "PolicyEnum": "games.models.POLICY_CHOICES",
        "FamilyEnum": "games.models.FAMILY_CHOICES",
        "ModelAliasEnum": "games.models.ModelAlias",
        "PolicyNameEnum": "games.engine.bots.POLICY_NAMES",
        "DifficultyModeEnum": "games.models.DIFFICULTY_CHOICES",
        "DifficultyInputEnum": "games.api.serializers.DIFFICULTY_INPUTS",
    },
}

# The shared secret of /internal/promotion/ (external promoter, Grafana). Empty: refused (503).
INTERNAL_API_TOKEN = env.str("INTERNAL_API_TOKEN", default="")

# core/request_guard.py refuses JSON bodies nested deeper than this (no request of ours needs
# more than 4); Python's parser would otherwise recurse until it fails. Bodies are capped by
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
REQUEST_MAX_JSON_DEPTH = env.int("REQUEST_MAX_JSON_DEPTH", default=32)
