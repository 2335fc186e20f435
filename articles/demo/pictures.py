"""Pictures for the demo articles, drawn here (no photo needs a licence): a skyline at
dusk in colours of the article's choosing, as a JPEG, the same every time."""

import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

WIDTH, HEIGHT = 1600, 900


def _blend(first: tuple, second: tuple, share: float) -> tuple:
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def skyline(seed: str, sky: tuple, ground: tuple, accent: tuple) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - shapes of a demo picture
    picture = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_blend(sky, ground, y / HEIGHT))
    # The sun, where the focal point will be.
    draw.ellipse([480, 250, 680, 450], fill=accent)
    x = 0
    while x < WIDTH:
        width = rng.randrange(60, 160)
        top = rng.randrange(380, 700)
        shade = _blend(ground, (10, 10, 20), rng.random() * 0.6)
        draw.rectangle([x, top, x + width, HEIGHT], fill=shade)
        for wy in range(top + 20, HEIGHT - 30, 40):
            for wx in range(x + 12, x + width - 20, 30):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 10, wy + 16], fill=_blend(accent, (255, 255, 255), 0.5))
        x += width + rng.randrange(0, 20)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
