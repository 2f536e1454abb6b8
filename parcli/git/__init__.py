"""Scores across git history: the plumbing, `parcli diff` and `parcli history`, and their text."""
