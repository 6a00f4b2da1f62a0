"""Locale knowledge: units and number conventions, protected terms, language identification."""
