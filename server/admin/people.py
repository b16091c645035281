"""Admin pages (being written in the next commits)."""
