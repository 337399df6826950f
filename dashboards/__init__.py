"""Read-only, server-rendered Plotly dashboards (see SPEC "Dashboards")."""
