"""Builders: one function per document kind, from case data to the document model."""
