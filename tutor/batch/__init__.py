"""Batch grading: the answers.json input, the concurrent runner, checkpoints and the Batches API."""
