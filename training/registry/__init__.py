"""The registry wing: the MLflow store, our mirror of it (versions, aliases, every move),
the writes that keep both in step, and the reads over the mirror."""
