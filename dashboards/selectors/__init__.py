"""Dashboards: selectors, one module per group of pages."""
