"""Evaluation harness: dataset loading, task evaluations, metrics and reports."""
