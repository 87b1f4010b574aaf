"""The pipeline: what is stale, the language runner, staging, atomic publication, the
manifest, fingerprints and signatures. The only loop over languages and outputs."""
