"""Promotion dashboards: index, overview, tickers, sequential evidence, decisions, events."""

urlpatterns: list = []
