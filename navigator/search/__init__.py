"""Full-text search of the directory (derived from the vault, rebuildable, never holds PHI)."""
