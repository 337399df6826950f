from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    _registry_tests_use_a_private_store,
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)
