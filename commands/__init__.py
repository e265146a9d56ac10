"""Chat command handlers, free of Matrix: invocation in, reply out."""
