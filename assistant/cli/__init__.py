"""Command-line adapter (typer): calls only the service."""
