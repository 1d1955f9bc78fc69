"""The seal picture a seal object carries: the true-size PNG (300 dpi), its digest and its size in mm."""
from ..imaging import seal_size_mm
from . import seal_images

DPI = seal_images.SIZES["full"]


class SealPictures:
    def __init__(self, font_path, cache):
        self.font_path, self.cache = font_path, cache

    def digest(self, seal):
        """Known without drawing: what the picture depends on."""
        return seal_images.digest(seal_images.spec_for(seal), DPI)

    def png(self, seal):
        return seal_images.png(seal_images.spec_for(seal), DPI, self.font_path, self.cache)

    @staticmethod
    def size_mm(seal):
        """(width, height) in whole mm, as GB/T 38540 records them."""
        width, height = seal_size_mm(seal.type)
        return round(width), round(height)
