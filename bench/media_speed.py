"""The media library's cost: the upload request, the renditions the worker makes, and the
bytes readers download.

    .venv/bin/python bench/media_speed.py [--sizes WxH,WxH] [--repeat N] [--seed S]

For each photo size (a phone's 1600x1200, a 12-megapixel camera's 4000x3000 and an agency's
24-megapixel 6000x4000 by default) a photo-like JPEG is generated (smooth shapes, texture
and sensor grain, quality 90, with the IPTC caption, credit and copyright an agency
writes), then:

1. the upload: ``articles.media.library.save_image`` as the admin calls it (metadata read, size,
   database row, the renditions task queued), timed in this process: what the editor's
   request waits for;
2. the renditions: ``make_renditions`` (the Celery task's body) in a child process per
   photo, as a worker runs it: wall time, CPU time (``wait4``) and the child's peak RSS
   (``VmHWM`` of its own memory map: ``ru_maxrss`` would count the parent it forked from);
3. the bytes: every rendition's size by format, and what a reader downloads for the
   article's hero at 800 px and 1200 px wide in AVIF, WebP and JPEG, against the original.

Runs on SQLite and a temporary media folder (no PostgreSQL, Redis or worker needed):
the figures are Pillow's and the storage's, not the database's. The queue is kombu's
in-memory transport, so no task runs in the upload's process.
"""

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

from _common import PYTHON, host_line, measured, setup_django, sqlite_environment

DEFAULT_SIZES = "1600x1200,4000x3000,6000x4000"


def environment(folder: Path) -> dict[str, str]:
    return sqlite_environment(
        folder / "bench.sqlite3", DJANGO_MEDIA_ROOT=str(folder / "media"), CELERY_BROKER_URL="memory://"
    )


# --- a photo as a camera writes it ---------------------------------------------------


def photo(width: int, height: int, seed: int) -> bytes:
    """Smooth light and shapes, mid-scale texture and sensor grain: what compresses like
    a photograph, not like a flat test card."""
    import numpy as np
    from PIL import Image as PILImage

    rng = np.random.default_rng(seed)

    def field(cells_across: int, spread: float) -> np.ndarray:
        cells = rng.random((max(2, height * cells_across // width), cells_across, 3)) * 255
        small = PILImage.fromarray(cells.astype(np.uint8), "RGB")
        return (
            np.asarray(small.resize((width, height), PILImage.Resampling.BICUBIC), dtype=np.float32) * spread
        )

    picture = field(6, 0.6) + field(60, 0.3) + field(width // 6, 0.1)
    picture += rng.normal(0, 6, (height, width, 3))
    data = np.clip(picture, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    PILImage.fromarray(data, "RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def with_iptc(jpeg: bytes) -> bytes:
    records = {
        (2, 5): "Press conference",
        (2, 120): "شويغو يصافح كيم جونغ أون في بيونغ يانغ",
        (2, 110): "رويترز",
        (2, 116): "© Reuters 2026",
    }
    iim = b"\x1c\x01\x5a\x00\x03\x1b%G"
    for (record, dataset), value in records.items():
        encoded = value.encode()
        iim += b"\x1c" + bytes([record, dataset]) + len(encoded).to_bytes(2, "big") + encoded
    resource_block = (
        b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + (b"\x00" if len(iim) % 2 else b"")
    )
    payload = b"Photoshop 3.0\x00" + resource_block
    return jpeg[:2] + b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


# --- the steps ----------------------------------------------------------------------


def upload(data: bytes, name: str) -> tuple[int, float]:
    from django.core.files.base import ContentFile

    from articles.media.library import save_image
    from articles.models import Image

    started = time.perf_counter()
    image = Image(alt_ar="صورة", alt_en="A photo")
    image.file = ContentFile(data, name=name)
    save_image(image, new_file=True)
    return image.pk, time.perf_counter() - started


def renditions_in_a_child(image_id: int, env: dict[str, str]) -> tuple[float, float, int]:
    command = [PYTHON, __file__, "--child-renditions", str(image_id)]
    child = measured(command, env, f"make_renditions for image {image_id}")
    # Its own peak, as it printed it: wait4's would count this process's, which it forked from.
    peak = int(child.output.split("VmHWM:")[1].split()[0]) * 1024
    return child.wall, child.cpu, peak


def child_renditions(image_id: int) -> None:
    setup_django()
    from articles.media.library import make_renditions

    make_renditions(image_id)
    # The peak resident memory of this process since it started (Django, Pillow, the work).
    print(
        next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
    )


def sizes_of(image_id: int) -> dict:
    from django.core.files.storage import default_storage

    from articles.models import Image

    image = Image.objects.get(pk=image_id)
    by_format: dict[str, int] = {}
    hero: dict[tuple[str, int], int] = {}
    files = 0
    for shape, formats in image.renditions["shapes"].items():
        for fmt, entries in formats.items():
            for width, _height, name in entries:
                size = default_storage.size(name)
                by_format[fmt] = by_format.get(fmt, 0) + size
                files += 1
                if shape == "16:9":
                    hero[(fmt, width)] = size
    return {"original": image.file.size, "by_format": by_format, "hero": hero, "files": files}


# --- the report ---------------------------------------------------------------------


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def report(rows: list[dict]) -> None:
    print(f"\n{host_line('load at start')}")
    import PIL

    print(f"Pillow {PIL.__version__}\n")
    print("| Photo | Original | Upload request | Renditions: wall | CPU | Peak RSS | Files |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['size']} | {kib(row['bytes']['original'])} | {row['upload'] * 1000:.0f} ms "
            f"| {row['wall']:.2f} s | {row['cpu']:.2f} s | {row['rss'] / 2**20:.0f} MiB "
            f"| {row['bytes']['files']} |"
        )
    print("\nWhat a reader downloads for the hero (16:9), against the original:\n")
    print("| Photo | Width | AVIF | WebP | JPEG | Original |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        hero = row["bytes"]["hero"]
        for width in (800, 1200):
            if ("avif", width) not in hero:
                continue
            cells = " | ".join(kib(hero[(fmt, width)]) for fmt in ("avif", "webp", "jpeg"))
            print(f"| {row['size']} | {width} | {cells} | {kib(row['bytes']['original'])} |")
    print("\nAll renditions by format (every shape and width):\n")
    print("| Photo | AVIF | WebP | JPEG |")
    print("| --- | ---: | ---: | ---: |")
    for row in rows:
        by_format = row["bytes"]["by_format"]
        print(
            f"| {row['size']} | " + " | ".join(kib(by_format[fmt]) for fmt in ("avif", "webp", "jpeg")) + " |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="photo sizes, WxH,WxH")
    parser.add_argument("--repeat", type=int, default=1, help="photos per size (figures are their medians)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child-renditions", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_renditions:
        child_renditions(options.child_renditions)
        return

    with tempfile.TemporaryDirectory(prefix="media-bench-") as name:
        folder = Path(name)
        env = environment(folder)
        for key in set(os.environ) - set(env):
            del os.environ[key]
        os.environ.update(env)
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        rows = []
        for number, size in enumerate(options.sizes.split(",")):
            width, height = (int(part) for part in size.lower().split("x"))
            runs = []
            for attempt in range(options.repeat):
                data = with_iptc(photo(width, height, options.seed + number * 100 + attempt))
                image_id, upload_time = upload(data, f"photo-{size}-{attempt}.jpg")
                wall, cpu, rss = renditions_in_a_child(image_id, env)
                runs.append({"size": size, "upload": upload_time, "wall": wall, "cpu": cpu, "rss": rss,
                             "bytes": sizes_of(image_id)})  # fmt: skip
                print(f"{size} #{attempt + 1}: upload {upload_time * 1000:.0f} ms, renditions {wall:.2f} s",
                      flush=True)  # fmt: skip
            runs.sort(key=lambda run: run["wall"])
            rows.append(runs[len(runs) // 2])
        report(rows)


if __name__ == "__main__":
    main()
