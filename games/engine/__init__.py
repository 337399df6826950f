"""The game engine: pure Python, no Django, no I/O. Everything else may import it."""
