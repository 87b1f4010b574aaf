"""The model and configuration: pure Python, no Sphinx. Everything else builds on these
(configuration, the curriculum model, errors, the output registry, design data)."""
