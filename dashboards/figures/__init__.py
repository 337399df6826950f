"""Dashboards: figures, one module per group of pages."""
