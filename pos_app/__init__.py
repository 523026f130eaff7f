"""FacePay point-of-sale application: core, vision, flows, UI and CLI."""

__version__ = "0.1.0"
