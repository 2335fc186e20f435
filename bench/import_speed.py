"""How long ``import_wxr`` takes on a generated WordPress export, and how much memory.

    .venv/bin/python bench/import_speed.py [--posts N] [--comments N] [--images-every K] [--keep]
                                           [--database-url URL]

Writes an export of N posts (10,000 by default) in Arabic, each with a category, two tags
and M comments (3 by default, some of them replies), and every K-th post (4th by default)
with a photo as its featured image and in its text (a [caption]); the photos' attachments
come after the posts, as in WordPress's exports, and their files (small JPEGs) go into an
uploads folder given as ``--media-from``. All of it goes into a temporary folder; creates (and
at the end drops) a PostgreSQL database whose name must contain "bench"; migrates it;
then runs ``manage.py import_wxr`` twice in a child process: the first import, and a
second run over the same file (which must change nothing). For each run: wall and CPU
time (``wait4``), and the child's peak RSS, which stays flat however large the export is
when the reader streams.

Production-like settings (DJANGO_DEBUG=0); tasks go to an in-memory broker and stay
there (the related lists are rebuilt once at the end of the import, in the run).
"""

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

from _common import (
    POSTGRES,
    configure_environment,
    database_name,
    drop_database,
    host_line,
    manage,
    recreate_database,
)

DEFAULT_DATABASE_URL = f"{POSTGRES}/newsroom_import_bench"
WORDS = [
    "الحكومة",
    "الوزير",
    "المدينة",
    "الاقتصاد",
    "الانتخابات",
    "المحادثات",
    "الأمطار",
    "الملعب",
    "المعرض",
    "الطاقة",
]
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link>
<wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:author><wp:author_login>writer</wp:author_login><wp:author_display_name>كاتب</wp:author_display_name></wp:author>
"""


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))) + "."


def photo_item(post_id: int) -> str:
    attachment_id = 1_000_000 + post_id
    url = f"https://bench.example/wp-content/uploads/2024/03/photo-{post_id}.jpg"
    return (
        f"<item><title>صورة {post_id}</title><link>https://bench.example/?attachment_id={attachment_id}</link>"
        f"<excerpt:encoded><![CDATA[تعليق الصورة {post_id}]]></excerpt:encoded>"
        f"<wp:post_id>{attachment_id}</wp:post_id><wp:post_type>attachment</wp:post_type>"
        f"<wp:status>inherit</wp:status><wp:post_parent>{post_id}</wp:post_parent>"
        f"<wp:attachment_url>{url}</wp:attachment_url>"
        f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
        f"<wp:meta_value>2024/03/photo-{post_id}.jpg</wp:meta_value></wp:postmeta>"
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        f"<wp:meta_value>وصف الصورة {post_id}</wp:meta_value></wp:postmeta></item>\n"
    )


def photo_markup(post_id: int) -> tuple[str, str]:
    """The [caption] in the text, and the featured-image meta."""
    attachment_id = 1_000_000 + post_id
    src = f"https://bench.example/wp-content/uploads/2024/03/photo-{post_id}-300x200.jpg"
    caption = (
        f'[caption id="attachment_{attachment_id}" width="300"]<img class="wp-image-{attachment_id}" '
        f'src="{src}" alt="" /> تعليق[/caption]'
    )
    meta = (
        f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
    )
    return caption, meta


def item(rng: random.Random, post_id: int, comments: int, photo: bool = False) -> str:
    paragraphs = [sentence(rng) for _ in range(rng.randint(4, 10))]
    caption, meta = photo_markup(post_id) if photo else ("", "")
    if caption:
        paragraphs.insert(1, caption)
    body = "\n\n".join(paragraphs)
    thread = []
    for n in range(comments):
        comment_id = post_id * 100 + n
        parent = post_id * 100 if n and rng.random() < 0.4 else 0
        thread.append(
            f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>قارئ</wp:comment_author>"
            f"<wp:comment_author_email>r{comment_id}@example.com</wp:comment_author_email>"
            f"<wp:comment_date_gmt>2024-03-01 10:00:00</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{sentence(rng)}]]></wp:comment_content>"
            f"<wp:comment_approved>{rng.choice('1110')}</wp:comment_approved>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        )
    section = rng.randrange(12)
    return (
        f"<item><title>{sentence(rng)[:80]}</title><link>https://bench.example/?p={post_id}</link>"
        f"<dc:creator>writer</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2024-03-01 09:00:00</wp:post_date_gmt>"
        f"<wp:post_name>post-{post_id}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="section-{section}"><![CDATA[قسم {section}]]></category>'
        f'<category domain="post_tag" nicename="tag-{rng.randrange(200)}"><![CDATA[وسم]]></category>'
        f'<category domain="post_tag" nicename="tag-{rng.randrange(200)}"><![CDATA[وسم]]></category>'
        f"{meta}{''.join(thread)}</item>\n"
    )


def write_export(path: Path, uploads: Path, posts: int, comments: int, images_every: int, seed=1) -> int:
    rng = random.Random(seed)
    with_photo = [post_id for post_id in range(1, posts + 1) if images_every and post_id % images_every == 0]
    (uploads / "2024" / "03").mkdir(parents=True, exist_ok=True)
    picture = small_jpeg()
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for post_id in range(1, posts + 1):
            out.write(item(rng, post_id, comments, photo=bool(images_every) and post_id % images_every == 0))
        for post_id in with_photo:
            out.write(photo_item(post_id))
            (uploads / "2024" / "03" / f"photo-{post_id}.jpg").write_bytes(picture)
        out.write("</channel></rss>\n")
    return path.stat().st_size


def small_jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (180, 90, 40)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=3)
    parser.add_argument("--images-every", type=int, default=4, help="a photo in every K-th post (0: none)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    database_name(args.database_url)
    env = configure_environment(args.database_url)
    env["CELERY_BROKER_URL"] = "memory://"
    recreate_database(args.database_url)
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
            export, uploads = Path(folder) / "export.xml", Path(folder) / "uploads"
            size = write_export(export, uploads, args.posts, args.comments, args.images_every)
            env["DJANGO_MEDIA_ROOT"] = str(Path(folder) / "media")
            runs = []
            for label in ("first import", "second run (nothing new)"):
                started = time.perf_counter()
                run = manage(env, "import_wxr", str(export), "--media-from", str(uploads))
                runs.append((label, time.perf_counter() - started, run))
        print(f"\n{host_line()}")
        photos = args.posts // args.images_every if args.images_every else 0
        print(f"Export: {args.posts:,} posts, {args.comments} comments each, {photos:,} photos, "
              f"{size / 2**20:.1f} MiB\n")  # fmt: skip
        print("| Run | Wall | CPU | Peak RSS | Per post |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, wall, run in runs:
            print(f"| {label} | {wall:.0f} s | {run.cpu:.0f} s | {run.peak_rss / 2**20:.0f} MiB "
                  f"| {wall / args.posts * 1000:.1f} ms |")  # fmt: skip
        print(
            "\n"
            + "\n".join(line for line in runs[-1][2].output.splitlines() if line.startswith(("Imp", "Alr")))
        )
    finally:
        if not args.keep:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
