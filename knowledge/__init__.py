"""The course notes: chunking, the Chroma index, and hybrid retrieval."""
