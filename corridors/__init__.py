"""corridors package."""
