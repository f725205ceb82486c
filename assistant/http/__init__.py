"""HTTP adapter (FastAPI): a thin layer over the service."""
