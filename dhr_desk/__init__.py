"""DHR Desk core: domain, storage, workflow, documents and command line (Qt-free)."""

__version__ = "0.1.0"
APP_NAME = "DHR Desk"
