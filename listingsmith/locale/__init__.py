"""Locale knowledge: languages of locales, language identification."""
