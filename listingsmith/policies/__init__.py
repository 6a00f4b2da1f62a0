"""Policy packs (YAML data) and the engine that applies them to a listing."""
