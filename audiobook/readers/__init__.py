"""Readers turn a file into a Book; one file per input format."""
