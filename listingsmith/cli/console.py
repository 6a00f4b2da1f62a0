"""The console every command prints to (a module of its own: a command that needs only the
console does not import what cli.shared brings, the model client and the stores)."""

from rich.console import Console

console = Console()
