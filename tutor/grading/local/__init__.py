"""The embedded local grader: a sentence-embedding model run with onnxruntime, no network."""
