"""The lifecycle wing: versions around the pipeline over time: scheduled training under a
lease, archival, the bootstrap of a new installation and the challengers' accuracy."""
