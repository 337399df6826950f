"""deploy/k8s/: valid against the Kubernetes schemas (kubernetes-validate, strict: no unknown
fields), and shaped as docs/scaling.md says: web and workers autoscaled, probes on /healthz,
exactly one beat, migrations as a Job, every pod reading the same config and secret."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.33.0"


def documents() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    return [
        doc
        for name in kustomization["resources"]
        for doc in yaml.safe_load_all((K8S / name).read_text())
        if doc
    ]


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in documents() if doc["kind"] == kind}


def container(workload: dict[str, Any]) -> dict[str, Any]:
    """The one container of a Deployment's or a Job's pod."""
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    return only


def test_the_kustomization_lists_every_manifest():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml"}


@pytest.mark.parametrize("doc", documents(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_each_manifest_is_valid_for_kubernetes(doc):
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_web_and_workers_scale_and_beat_does_not():
    autoscaled = {
        hpa["spec"]["scaleTargetRef"]["name"] for hpa in by_kind("HorizontalPodAutoscaler").values()
    }
    deployments = by_kind("Deployment")

    assert autoscaled == {"rpsweb-web", "rpsweb-worker"}
    assert deployments["rpsweb-beat"]["spec"]["replicas"] == 1
    assert deployments["rpsweb-beat"]["spec"]["strategy"]["type"] == "Recreate"
    for name, role in (("rpsweb-beat", "beat"), ("rpsweb-worker", "worker")):
        assert container(deployments[name])["command"][:4] == ["celery", "-A", "rpsweb", role]


def test_the_web_pods_are_probed_on_healthz_and_migrations_are_a_job():
    web = container(by_kind("Deployment")["rpsweb-web"])
    (migrate,) = by_kind("Job").values()

    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert web[probe]["httpGet"]["path"] == "/healthz"
    assert container(migrate)["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_every_pod_reads_the_same_config_and_secret():
    pods = [container(d) for d in by_kind("Deployment").values()]
    pods += [container(j) for j in by_kind("Job").values()]

    for pod in pods:
        sources = {next(iter(ref.values()))["name"] for ref in pod["envFrom"]}
        assert sources == {"rpsweb-config", "rpsweb-secrets"}, pod["name"]
