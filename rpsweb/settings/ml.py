from .env import VAR_DIR, env

# MLflow: a local SQLite store and artifact folder under var/ by default; a server otherwise.
MLFLOW_TRACKING_URI = env.str(
    "MLFLOW_TRACKING_URI", default=f"sqlite:///{VAR_DIR / 'mlflow' / 'mlflow.db'}"
)
MLFLOW_ARTIFACT_ROOT = env.str(
    "MLFLOW_ARTIFACT_ROOT", default=str(VAR_DIR / "mlflow" / "artifacts")
)
