"""Domain, storage, crypto and audit. Imports no Qt, so flows, CLI and tests can use it headless."""
