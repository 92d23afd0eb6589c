"""Where one page's time goes: its queries, and a cProfile of the rest, in process.

    DATABASE_URL=... .venv/bin/python bench/profile_view.py URL [--requests 50] [--top 25]
        [--uncached] [--data 'name=A&email=a{n}@example.net&...']

URL is a path such as /evenements/ or /evenements/carte.geojson?zoom=14&bbox=...; "{slug}"
in it is replaced by a random labelled event's slug at each request. The page is requested
once to warm up, then --requests times: the script prints the mean wall and CPU time per
request, each query's mean time (the database's share), then cProfile's top functions by
internal time and by cumulative time. Settings are the production ones (DEBUG off) with a
local-memory cache, as in bench/load.py; the cache is not cleared between requests, unless
--uncached asks for the cost of a miss (the cache is emptied before each request).
With --data the requests are POSTs of that form body (CSRF checks off, as the test client
does), "{n}" replaced by the request's number, so that each registration has its own
address:

    bench/profile_view.py /evenements/SLUG/inscription/ \
        --data 'name=V&email=v{n}@example.net&role=parent&places=1&consent=on'
"""

import argparse
import cProfile
import os
import pstats
import random
import re
import sys
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["REDIS_URL"] = ""
os.environ["REGISTRATION_RATE_LIMIT"] = ""  # one client, many registrations
os.environ["WRITE_RATE_LIMIT"] = ""
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")

import django  # noqa: E402

django.setup()

# ManifestStaticFilesStorage needs collectstatic's manifest: profile with plain storage,
# whose {% static %} costs about the same.
from django.conf import settings  # noqa: E402

settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from jres.events.models import Event, EventStatus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--uncached", action="store_true", help="empty the cache each time")
    parser.add_argument("--data", default="", help="POST this form body ({n}: a number)")
    args = parser.parse_args(argv)
    numbers = iter(range(10**9))
    client = Client()

    def fetch(url):
        if not args.data:
            return client.get(url)
        body = args.data.replace("{n}", f"{os.getpid()}-{next(numbers)}")
        # Each POST as a new visitor's: without the messages cookie the last ones left.
        client.cookies.pop("messages", None)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")

    slugs = ["-"]
    if "{slug}" in args.url:
        labelled = Event.objects.filter(status=EventStatus.LABELLED)
        slugs = list(labelled.order_by("?").values_list("slug", flat=True)[:200])
    rng = random.Random(1)
    urls = [args.url.format(slug=rng.choice(slugs)) for _ in range(args.requests)]
    response = fetch(urls[0])
    if response.status_code not in (200, 302):
        print(f"{urls[0]}: HTTP {response.status_code}", file=sys.stderr)
        return 1

    query_times: dict[str, list[float]] = defaultdict(list)
    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            if args.uncached:
                cache.clear()
            response = fetch(url)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for query in queries.captured_queries:
        sql = re.sub(r'"s\d+_x\d+"', '"…"', " ".join(query["sql"].split()))  # savepoint names
        query_times[sql[:150]].append(float(query["time"]))
    n = len(urls)
    print(f"{args.url} on {connection.vendor}: {len(response.content):,} bytes")
    print(f"per request: {1000 * wall / n:.1f} ms wall, {1000 * cpu / n:.1f} ms CPU in Python")
    print(f"queries per request: {len(queries) / n:g}, their mean time:")
    for sql, times in sorted(query_times.items(), key=lambda item: -sum(item[1])):
        print(f"  {1000 * sum(times) / n:7.1f} ms  {sql}")

    profile = cProfile.Profile()
    profile.enable()
    for url in urls:
        if args.uncached:
            cache.clear()
        fetch(url)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
