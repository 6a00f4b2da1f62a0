"""Batch runs: read a catalogue, run every product through the graph, write the outputs."""
