"""Attribute extraction from seller fields and text, and fusion into one attribute set."""
