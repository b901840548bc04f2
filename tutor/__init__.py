"""genai-tutor: a terminal tutor that teaches and demonstrates generative AI, offline."""

__version__ = "0.1.0"
