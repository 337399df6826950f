import pytest
from django.urls import reverse

from training.models import AliasAssignment, AliasChange, ModelVersion, ServingGeneration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["modelversion", "aliasassignment", "aliaschange", "servinggeneration"]
)
def test_every_changelist_renders(admin_client, registered_version, model):
    registered_version(aliases=["Production"])
    registered_version(aliases=["B"])

    response = admin_client.get(reverse(f"admin:training_{model}_changelist"))

    assert response.status_code == 200


def test_the_version_list_shows_stage_gates_accuracy_and_aliases(admin_client, registered_version):
    registered_version(aliases=["Production", "shadow1"], metrics={"holdout_accuracy": 0.6})

    page = admin_client.get(reverse("admin:training_modelversion_changelist")).content.decode()

    assert "Production, shadow1" in page
    assert '<td class="field-holdout_accuracy">0.600</td>' in page
    assert "production" in page


def test_versions_can_be_searched_by_number_run_id_and_checksum(admin_client, registered_version):
    first, second = registered_version(), registered_version()
    # Both were registered from the same tiny artifact; give them checksums of their own.
    ModelVersion.objects.filter(pk=first.pk).update(sha256="a" * 64)
    ModelVersion.objects.filter(pk=second.pk).update(sha256="b" * 64)
    url = reverse("admin:training_modelversion_changelist")

    def found(term: str) -> list[int]:
        return [v.version for v in admin_client.get(url, {"q": term}).context["cl"].result_list]

    assert found("2") == [2]
    assert found(first.run_id) == [1]
    assert found("bbbb") == [2]
    assert found("not-a-number") == []


def test_a_version_page_shows_the_run_and_artifact_of_a_local_store(
    admin_client, registered_version
):
    version = registered_version(aliases=["Production"])

    response = admin_client.get(reverse("admin:training_modelversion_change", args=[version.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert version.run_id in page
    assert version.source_uri in page
    assert version.sha256 in page
    assert "holdout_vs_baseline: passed" in page
    assert "/#/runs/" not in page
    assert 'name="_save"' not in page  # view-only: nothing here is edited by hand


def test_a_version_page_links_to_the_run_on_an_mlflow_server(
    admin_client, registered_version, settings
):
    version = registered_version()
    settings.MLFLOW_TRACKING_URI = "https://mlflow.example.org/"

    page = admin_client.get(
        reverse("admin:training_modelversion_change", args=[version.pk])
    ).content.decode()

    assert f'href="https://mlflow.example.org/#/runs/{version.run_id}"' in page


def test_the_registry_records_render_view_only(admin_client, registered_version):
    registered_version(aliases=["Production"])
    pages = [
        ("aliasassignment", AliasAssignment.objects.get().pk),
        ("aliaschange", AliasChange.objects.get().pk),
        ("servinggeneration", ServingGeneration.objects.get().pk),
    ]

    for model, pk in pages:
        response = admin_client.get(reverse(f"admin:training_{model}_change", args=[pk]))
        assert response.status_code == 200, model
        assert 'name="_save"' not in response.content.decode(), model


@pytest.mark.parametrize(
    "model", ["modelversion", "aliasassignment", "aliaschange", "servinggeneration"]
)
def test_nothing_can_be_added_by_hand(admin_client, model):
    assert admin_client.get(reverse(f"admin:training_{model}_add")).status_code == 403


def test_the_audit_trail_cannot_be_edited_or_deleted(admin_client, registered_version):
    registered_version(aliases=["Production"])
    change = AliasChange.objects.get()

    edit = admin_client.post(
        reverse("admin:training_aliaschange_change", args=[change.pk]), {"note": "rewritten"}
    )
    delete = admin_client.post(
        reverse("admin:training_aliaschange_delete", args=[change.pk]), {"post": "yes"}
    )

    assert (edit.status_code, delete.status_code) == (403, 403)
    change.refresh_from_db()
    assert change.note == ""
