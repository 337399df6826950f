import pytest
from django.core.management.base import CommandError

from training.models import AliasChange, ModelVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["info", "bogus", "1"], "unknown family 'bogus': expected one of"),
        (["info", "mnlogit", "7"], "mnlogit has no version 7"),
        (["info", "mnlogit", "0"], "version numbers start at 1"),
        (["compare", "bogus", "1", "2"], "unknown family 'bogus'"),
        (["compare", "mnlogit", "1", "x"], "'x' is not a version number"),
        (["history", "--family", "bogus"], "unknown family 'bogus'"),
        (["promote", "bogus", "1", "--alias", "B"], "unknown family 'bogus'"),
        (["promote", "mnlogit", "7", "--alias", "B"], "mnlogit has no version 7"),
        (["promote", "mnlogit", "1", "--alias", "C"], "unknown alias 'C': expected one of"),
        (["archive", "bogus", "1"], "unknown family 'bogus'"),
        (["archive", "mnlogit", "7"], "mnlogit has no version 7"),
        (["rollback", "bogus"], "unknown family 'bogus'"),
        (["rollback", "mnlogit", "--alias", "prod"], "unknown alias 'prod'"),
        (["rollback", "mnlogit", "--to", "7"], "mnlogit has no version 7"),
        (["sync", "--family", "bogus"], "unknown family 'bogus'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: ACTION"),
    ],
)
def test_it_refuses_unknown_input_with_a_clear_message(
    registered_version, registry_cli, args, message
):
    registered_version(aliases=["Production"])
    changes = AliasChange.objects.count()

    with pytest.raises(CommandError, match=message):
        registry_cli(*args)

    assert AliasChange.objects.count() == changes
    assert ModelVersion.objects.get().stage == "production"
