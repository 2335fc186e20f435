"""Make the renditions of every library image whose renditions are missing or out of date
(images brought in by a migration or an import, or after the rendition sizes changed)."""

import time

from django.core.management.base import BaseCommand

from articles.media.library import make_renditions, variant_key
from articles.models import Image


class Command(BaseCommand):
    help = "Make missing or out-of-date renditions of library images, here rather than in the worker."

    def handle(self, *args, **options):
        started, made = time.perf_counter(), 0
        for image in Image.objects.exclude(file="").iterator():
            if image.renditions.get("key") != variant_key(image):
                try:
                    make_renditions(image.pk)
                except OSError as error:
                    self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
                    continue
                made += 1
        self.stdout.write(f"Renditions made for {made} images in {time.perf_counter() - started:.1f} s.")
