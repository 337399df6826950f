import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_models_endpoints_are_documented_and_the_schema_validates(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    paths = yaml.safe_load(target.read_text())["paths"]
    assert set(paths["/api/v1/models/"]) == {"get"}
    assert set(paths["/api/v1/models/versions/"]) == {"get"}
    assert set(paths["/api/v1/models/versions/{family}/{version}/"]) == {"get"}
    assert set(paths["/api/v1/models/aliases/history/"]) == {"get"}
    assert set(paths["/api/v1/models/reload"]) == {"post"}
    assert "/api/v1/models/reload/" not in paths
