"""docker-compose.yml, checked statically (no Docker here): the services of the stack exist, every
file they mount or build from is in the repository, images are pinned, the app talks to MLflow,
and Prometheus scrapes the web and every worker on the ports they serve."""

from __future__ import annotations

import re

import pytest

from tests.observability.exposition import COMPOSE, PROMETHEUS, ROOT, yaml_file

SERVICES = {"postgres", "redis", "web", "worker", "beat", "mlflow", "minio", "minio-bucket",
            "prometheus", "grafana"}  # fmt: skip


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml_file(COMPOSE)


def host_paths(service: dict) -> list[str]:
    mounts = [v.split(":")[0] for v in service.get("volumes", []) if isinstance(v, str)]
    return [m for m in mounts if m.startswith((".", "/"))]


def test_every_service_of_the_stack_is_there(compose):
    assert set(compose["services"]) >= SERVICES


def test_every_mounted_or_built_path_exists(compose):
    checked = 0
    for name, service in compose["services"].items():
        for path in host_paths(service):
            assert (ROOT / path).exists(), f"{name} mounts {path}"
            checked += 1
        build = service.get("build")
        if build:
            context = ROOT / (build if isinstance(build, str) else build.get("context", "."))
            assert (context / "Dockerfile").is_file(), f"{name} builds from {context}"
            checked += 1
    assert checked >= 5
    assert (ROOT / "deploy/prometheus/alerts.yml").is_file()
    assert (ROOT / "deploy/grafana/dashboards/rpsweb.json").is_file()


def test_pulled_images_are_pinned(compose):
    for name, service in compose["services"].items():
        if "build" in service:
            continue
        image = service["image"]
        tag = image.rsplit(":", 1)[-1] if ":" in image.split("/")[-1] else ""
        assert tag and tag != "latest", f"{name}: {image}"
        # A major version alone (postgres:16) still moves; we want at least major.minor.
        assert re.search(r"\d+\.\d+|RELEASE\.", tag), f"{name}: {image}"


def test_web_and_worker_use_the_mlflow_server_and_the_internal_token(compose):
    for name in ("web", "worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["MLFLOW_TRACKING_URI"] == "http://mlflow:5000"
        assert env["INTERNAL_API_TOKEN"].startswith("${INTERNAL_API_TOKEN")
    mlflow = compose["services"]["mlflow"]
    env = mlflow["environment"]
    assert env["MLFLOW_BACKEND_STORE_URI"].startswith("postgresql+psycopg://")
    assert "@postgres:5432/" in env["MLFLOW_BACKEND_STORE_URI"]
    assert env["MLFLOW_ARTIFACTS_DESTINATION"].startswith("s3://mlflow/")
    assert env["MLFLOW_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert mlflow["depends_on"]["minio-bucket"]["condition"] == "service_completed_successfully"
    bucket = " ".join(compose["services"]["minio-bucket"]["command"])
    assert "mc mb --ignore-existing store/mlflow" in bucket
    grafana = compose["services"]["grafana"]["environment"]
    assert "yesoreyeram-infinity-datasource" in grafana["GF_PLUGINS_PREINSTALL"]


def test_the_worker_serves_metrics_from_its_multiprocess_folder(compose):
    worker = compose["services"]["worker"]
    env = worker["environment"]
    assert env["PROMETHEUS_MULTIPROC_DIR"] in worker["tmpfs"]
    assert env["CELERY_METRICS_ADDRESS"] == "0.0.0.0"
    assert env["CELERY_METRICS_PORT"] in worker["expose"]


def test_prometheus_scrapes_the_web_and_every_worker(compose):
    config = yaml_file(PROMETHEUS)
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    web = jobs["web"]
    assert web["static_configs"][0]["targets"] == ["web:8000"]
    assert web.get("metrics_path", "/metrics") == "/metrics"
    [workers] = jobs["worker"]["dns_sd_configs"]
    assert workers["names"] == ["worker"]
    assert (
        str(workers["port"]) == compose["services"]["worker"]["environment"]["CELERY_METRICS_PORT"]
    )
    # Every target is a compose service.
    for job in jobs.values():
        for static in job.get("static_configs", []):
            for target in static["targets"]:
                host = target.split(":")[0]
                assert host == "localhost" or host in compose["services"], target
    # The rule file is mounted where the config says.
    [rules] = config["rule_files"]
    mount = next(
        v for v in compose["services"]["prometheus"]["volumes"] if "deploy/prometheus" in v
    )
    folder_in_container = mount.split(":")[1]
    assert rules.startswith(folder_in_container + "/")
    assert (ROOT / "deploy/prometheus" / rules.removeprefix(folder_in_container + "/")).is_file()


def test_grafana_provisioning_points_at_the_mounted_dashboards(compose):
    grafana = compose["services"]["grafana"]
    mounts = dict(v.split(":")[:2] for v in grafana["volumes"] if v.startswith("./"))
    providers = yaml_file(ROOT / "deploy/grafana/provisioning/dashboards/dashboards.yml")
    [provider] = providers["providers"]
    assert mounts["./deploy/grafana/dashboards"] == provider["options"]["path"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home.startswith(provider["options"]["path"] + "/")
