from .env import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rpsweb.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {
        "play": env.str("THROTTLE_PLAY_RATE", default="600/minute"),
        "start": env.str("THROTTLE_START_RATE", default="120/minute"),
        "token": env.str("THROTTLE_TOKEN_RATE", default="20/minute"),
    },
    "EXCEPTION_HANDLER": "rpsweb.api_errors.exception_handler",
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
