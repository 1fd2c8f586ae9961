"""The hardship module window (困难职工帮扶)."""
