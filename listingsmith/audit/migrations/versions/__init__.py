"""The audit schema's revisions, oldest first."""
