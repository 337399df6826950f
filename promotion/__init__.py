"""The promotion cycle, its statistics and the decision ledger (see SPEC "Promotion")."""
