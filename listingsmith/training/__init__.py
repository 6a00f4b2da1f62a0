"""Fine-tuning the embedded model per task (LoRA adapters served by vLLM)."""
