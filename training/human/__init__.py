"""The human wing: the CC0 human-play data set, read and imported as games."""
