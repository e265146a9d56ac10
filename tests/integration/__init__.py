"""Integration tests: run against a real Synapse started by the `synapse` fixture."""
