"""Face detection, quality, alignment, embeddings and matching. Returns plain data, never library objects."""
