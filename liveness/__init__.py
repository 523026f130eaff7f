"""Presentation-attack detection (liveness). Imports neither Qt nor pos_app."""
