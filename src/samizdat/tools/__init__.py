"""Commands beside the build: check, the leak scan, run sheets (plan), the preview
(serve) and scaffolding (new module, theme, translation)."""
