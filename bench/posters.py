"""Time to build an event's poster and social images, in process.

    DATABASE_URL=... .venv/bin/python bench/posters.py [--events 30]

Takes the first --events published events of the database (bench/build_events.py fills
one; the demo of `make run` has about sixty) and, for each, times: the A4 poster (layout,
with the title fitted, and the PDF), the same with the title made 160 characters long (the
form's limit: several sizes are tried before one fits), the A3 poster written from the
same layout, the 1200×630 social image and the 1080×1080 one (layout, PDF, rasterising,
PNG), then the whole build of the kit (all four files written under a temporary
MEDIA_ROOT, and the row saved). The first event pays for loading the fonts: it is
reported apart (the imports too), and the median and 95th percentile are over the
others. Target: a poster in under a second.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="jres-bench-posters-")

import django  # noqa: E402

django.setup()

TARGET_POSTER_SECONDS = 1.0


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def measure(event_pks: list[int]) -> dict[str, list[float]]:
    from jres.events.models import Event
    from jres.posters import content, services

    start = time.perf_counter()
    from jres.posters import rendering

    print(f"Import of WeasyPrint, pdfium and segno: {(time.perf_counter() - start) * 1000:.0f} ms")
    times: dict[str, list[float]] = {
        "poster A4": [], "poster A4, 160-char title": [], "poster A3 (same layout)": [],
        "social image 1200×630": [], "square image 1080×1080": [],
        "whole kit (4 files, saved)": [],
    }  # fmt: skip
    for event_pk in event_pks:
        event = Event.objects.select_related("edition", "organiser").get(pk=event_pk)
        texts = content.poster_texts(event)
        start = time.perf_counter()
        document = rendering.poster_document(texts)
        document.write_pdf()
        times["poster A4"].append(time.perf_counter() - start)
        long_title = texts | {"title": (texts["title"] + " ") * 4}
        long_title["title"] = long_title["title"][:160]  # the longest the form accepts
        start = time.perf_counter()
        rendering.poster_document(long_title).write_pdf()
        times["poster A4, 160-char title"].append(time.perf_counter() - start)
        _pdf, seconds = _timed(document.write_pdf, None, rendering.A3_ZOOM)
        times["poster A3 (same layout)"].append(seconds)
        _png, seconds = _timed(rendering.image_png, texts, "social")
        times["social image 1200×630"].append(seconds)
        _png, seconds = _timed(rendering.image_png, texts, "square")
        times["square image 1080×1080"].append(seconds)
        start = time.perf_counter()
        services.build_kit(event_pk, force=True)
        times["whole kit (4 files, saved)"].append(time.perf_counter() - start)
    return times


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30)
    arguments = parser.parse_args()

    from django.db import connection

    from jres.events.models import Event

    event_pks = list(
        Event.objects.published().order_by("pk").values_list("pk", flat=True)[: arguments.events]
    )
    if len(event_pks) < 2:
        print("Needs published events: run bench/build_events.py or `make run` first.")
        return 1
    titles = Event.objects.filter(pk__in=event_pks).values_list("title", flat=True)
    lengths = sorted(len(title) for title in titles)
    print(
        f"{len(event_pks)} published events on {connection.vendor}; titles of "
        f"{lengths[0]} to {lengths[-1]} characters (median {statistics.median(lengths):.0f})"
    )
    times = measure(event_pks)
    print(f"\n{'':28} {'first':>8} {'median':>8} {'p95':>8} {'max':>8}   (ms, first apart)")
    for name, values in times.items():
        first, rest = values[0], values[1:]
        print(
            f"{name:28} {first * 1000:8.0f} {statistics.median(rest) * 1000:8.0f} "
            f"{_p95(rest) * 1000:8.0f} {max(rest) * 1000:8.0f}"
        )
    poster_p95 = _p95(times["poster A4"][1:])
    verdict = "met" if poster_p95 < TARGET_POSTER_SECONDS else "MISSED"
    print(f"\nTarget: a poster (A4) in under {TARGET_POSTER_SECONDS:.0f} s at p95: {verdict}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
