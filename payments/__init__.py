"""Bank client and mock bank service. Imports neither Qt nor pos_app."""
