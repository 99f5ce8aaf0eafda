"""Show artwork: cover.jpg for the feed (standards F5) and the ID3 APIC thumbnail (A4)."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from .definitions import Show
from .errors import ConfigError

MIN_SIDE_PX = 1400
MAX_SIDE_PX = 3000
GENERATED_SIDE_PX = 3000
MAX_COVER_BYTES = 512 * 1024
MAX_APIC_BYTES = 300_000


def make_cover(show: Show) -> bytes:
    """cover.jpg bytes: the show's image made compliant, or a generated design.

    The result is a square RGB baseline JPEG, 1400..3000 px a side, <= 512 KB.
    Raises ConfigError if `show.image` is set but is not a readable image.
    """
    if show.image is not None:
        image = _load_image(show)
        side = min(image.size)
        if side < MIN_SIDE_PX:
            # Upscaling looks soft, but a too-small cover is rejected outright.
            side = MIN_SIDE_PX
        side = min(side, MAX_SIDE_PX)
        square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    else:
        square = _generated(show)
    return _encode_within(square, MAX_COVER_BYTES, min_side=MIN_SIDE_PX)


def cover_thumbnail(jpeg: bytes, max_bytes: int = MAX_APIC_BYTES, size_px: int = 1400) -> bytes:
    """A smaller JPEG of a cover for the ID3 APIC frame (<= `max_bytes`)."""
    with Image.open(io.BytesIO(jpeg)) as image:
        image = _to_rgb(image)
        image = ImageOps.fit(image, (size_px, size_px), Image.Resampling.LANCZOS)
    return _encode_within(image, max_bytes, min_side=min(size_px, 600))


# --------------------------------------------------------------------- helpers


def _load_image(show: Show) -> Image.Image:
    path = show.image
    try:
        with Image.open(path) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            return _to_rgb(image)
    except FileNotFoundError:
        raise ConfigError("cover image not found", path=path, field="image") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ConfigError(f"not a readable image ({exc.__class__.__name__}); "
                          "use a JPEG or PNG file", path=path, field="image") from None


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB without alpha (transparent areas become white) and without CMYK."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode_within(image: Image.Image, max_bytes: int, *, min_side: int) -> bytes:
    """JPEG bytes no larger than `max_bytes`: lower quality first, then shrink."""
    while True:
        for quality in (90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40):
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=False)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        side = image.size[0]
        if side <= min_side:
            return buffer.getvalue()  # noise-like art: best effort at the minimum size
        smaller = max(min_side, int(side * 0.8))
        image = image.resize((smaller, smaller), Image.Resampling.LANCZOS)


def _palette(show: Show) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """A dark background and a light accent, derived from the title (stable)."""
    digest = hashlib.sha256(show.title.encode("utf-8")).digest()
    hue = digest[0] / 255
    import colorsys

    dark = colorsys.hls_to_rgb(hue, 0.18, 0.45)
    light = colorsys.hls_to_rgb((hue + 0.08) % 1.0, 0.72, 0.65)
    as_bytes = lambda rgb: tuple(int(c * 255) for c in rgb)  # noqa: E731
    return as_bytes(dark), as_bytes(light)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for name in ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, max_width: int) -> list[str]:
    """Greedy word wrap by rendered width; very long words are broken by characters."""
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while draw.textlength(word, font=font) > max_width and len(word) > 1:
            cut = len(word)
            while cut > 1 and draw.textlength(word[:cut], font=font) > max_width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit_text(draw, text: str, max_width: int, max_height: int, start_size: int,
              max_lines: int) -> tuple[object, list[str], int]:
    size = start_size
    while True:
        font = _font(size)
        lines = _wrap(draw, text, font, max_width)
        line_height = int(size * 1.2)
        if (len(lines) <= max_lines and len(lines) * line_height <= max_height) or size <= 40:
            if len(lines) > max_lines:
                lines = lines[:max_lines]
                lines[-1] = lines[-1][:-2].rstrip() + "\u2026"
            return font, lines, line_height
        size = int(size * 0.9)


def _generated(show: Show) -> Image.Image:
    side = GENERATED_SIDE_PX
    dark, light = _palette(show)
    image = Image.new("RGB", (side, side), dark)
    draw = ImageDraw.Draw(image)
    margin = side // 10
    # A simple frame and a band give the design some structure.
    draw.rectangle([margin // 2, margin // 2, side - margin // 2, side - margin // 2],
                   outline=light, width=side // 120)
    draw.rectangle([margin, side - margin * 3, side - margin, side - margin * 3 + side // 80],
                   fill=light)

    title = " ".join(show.title.split()) or "Untitled"
    font, lines, line_height = _fit_text(draw, title, side - 2 * margin,
                                         side - margin * 5, start_size=side // 8, max_lines=6)
    y = margin * 2
    for line in lines:
        draw.text((margin, y), line, font=font, fill=(255, 255, 255))
        y += line_height

    author = " ".join(show.author.split())
    if author:
        a_font, a_lines, a_height = _fit_text(draw, author, side - 2 * margin, margin * 2,
                                              start_size=side // 20, max_lines=2)
        y = side - margin * 3 + side // 40
        for line in a_lines:
            draw.text((margin, y), line, font=a_font, fill=light)
            y += a_height
    return image
