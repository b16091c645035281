"""Digital Practice Guide: the guidance service."""
