"""Translation catalogs: extraction, sync without loss, stats and QA checks."""
