"""Settings, split by topic; every value that differs between deployments comes from the
environment (see ``env.py``), read in this one place."""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .cache import *  # noqa: F403
from .database import *  # noqa: F403
from .game import *  # noqa: F403
from .ml import *  # noqa: F403
from .observability import *  # noqa: F403
from .tasks import *  # noqa: F403
