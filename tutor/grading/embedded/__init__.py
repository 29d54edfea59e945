"""The embedded sentence model and what runs on it for every grader: the WordPiece
tokenizer, the MiniLM embedder (int8 ONNX from a registry package) and the injection
detector the guard uses. The guard and the local grader both build on it; it knows no
grader."""
