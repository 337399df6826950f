"""The learning wing: model families, the data set and its splits, the training pipeline and
its gates. Nothing here decides which version serves; the registry wing does."""
