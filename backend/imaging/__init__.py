"""Seal drawing (Pillow only, no Flask): see seal_image for the sizes and their sources."""
from .canvas import mm_to_px
from .fonts import SealFontError, default_font_path, load_font, missing_glyphs
from .seal_image import (SEAL_RED, SealSpec, drawable_spec, render_outline_png, render_seal, render_seal_png,
                         seal_size_mm)

__all__ = ["SEAL_RED", "SealFontError", "SealSpec", "default_font_path", "drawable_spec", "load_font", "missing_glyphs",
           "mm_to_px", "render_outline_png", "render_seal", "render_seal_png", "seal_size_mm"]
