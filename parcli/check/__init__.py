"""Validation: the shape of each file, the checks of criteria sets and submissions, the run
over many files, and the problems as text for people and machines."""
