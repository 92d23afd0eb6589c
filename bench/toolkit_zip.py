"""The whole kit as one ZIP: build time, and the server's memory while a visitor downloads it.

    .venv/bin/python bench/toolkit_zip.py [--megabytes 200] [--files 100] [--workers 2]

In a scratch directory under /tmp (its own SQLite database and MEDIA_ROOT, removed at the
end), the script creates an edition whose kit holds `--files` resources of random,
incompressible bytes (`--megabytes` in all), each stored through the real checks and
services as the admin stores them; builds the kit's ZIP with the real code
(jres.toolkit.archive.build_archive), timed; then starts gunicorn with production settings
(as bench/load.py does) and downloads /kit/<year>/kit.zip with one client, reading it in
1 MB chunks, while a thread samples the resident memory (VmRSS in /proc) of the gunicorn
master and workers every 20 ms. It prints the build time, the download's throughput, and
the peak RSS of the worker that served it and of all gunicorn processes together; the
target is a peak under 100 MB.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import HOST, Server  # noqa: E402

TARGET_PEAK_MB = 100
PREPARE = """
import os, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from jres.editions.models import Edition
from jres.toolkit import archive, services
from jres.toolkit.files import check_file
from jres.toolkit.models import Category, Resource
import datetime
edition = Edition.objects.create(number=19, year=2026, day=datetime.date(2026, 9, 27),
                                 status="open")
edition.make_current()
category = Category.objects.get(slug="affiches")
files, size = int(os.environ["BENCH_FILES"]), int(os.environ["BENCH_BYTES"])
for number in range(files):
    content = b"%PDF-1.4\\n" + os.urandom(size // files - 9)
    upload = SimpleUploadedFile(f"affiche-{number}.pdf", content)
    resource = Resource(edition=edition, category=category, title_fr=f"Affiche {number}",
                        position=number)
    resource.file = upload
    services.save_resource(resource=resource, checked=check_file(upload))
start = time.perf_counter()
built = archive.build_archive(edition)
print(f"BUILD {time.perf_counter() - start:.2f} {built.size} {built.files}")
"""


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Peak RSS of each gunicorn process and of all of them together, sampled."""

    def __init__(self, server: Server, interval: float = 0.02):
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.peak_process = self.peak_total = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            sizes = [rss_kib(pid) for pid in self.server.pids()]
            if sizes:
                self.peak_process = max(self.peak_process, max(sizes))
                self.peak_total = max(self.peak_total, sum(sizes))
            time.sleep(self.interval)


def download(port: int, path: str) -> tuple[int, float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    received = 0
    while chunk := response.read(1024 * 1024):
        received += len(chunk)
    connection.close()
    return received, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jres-bench-toolkit-", dir="/tmp"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jres.settings",
        "VAR_DIR": str(work),
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-toolkit-not-secret",
        "ALLOWED_HOSTS": HOST,
        "BENCH_FILES": str(arguments.files),
        "BENCH_BYTES": str(arguments.megabytes * 1024 * 1024),
    }
    # The build tasks the saves enqueue wait in the database: the build is timed below.
    env.pop("DATABASE_URL", None)
    env.pop("TASKS_BACKEND", None)
    server = Server(port=arguments.port, workers=arguments.workers, env=env,
                    log_path=work / "gunicorn.log")  # fmt: skip
    try:
        python = sys.executable
        subprocess.run([python, "-m", "jres", "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
        prepare_start = time.perf_counter()
        output = subprocess.run(  # noqa: S603
            [python, "-c", PREPARE], env=env, check=True, capture_output=True, text=True
        ).stdout
        prepare_seconds = time.perf_counter() - prepare_start
        _label, build_seconds, zip_size, files = next(
            line for line in output.splitlines() if line.startswith("BUILD ")
        ).split()
        server.start()
        idle = max(rss_kib(pid) for pid in server.pids())
        sampler = Sampler(server)
        sampler.start()
        received, seconds = download(arguments.port, "/kit/2026/kit.zip")
        time.sleep(0.2)
        sampler.stopped.set()
        sampler.join()
        mib = 1024 * 1024
        print(f"kit: {files} files, {int(zip_size) / mib:.1f} MiB of incompressible bytes")
        print(f"stored through the services in {prepare_seconds - float(build_seconds):.1f} s")
        built = float(build_seconds)
        print(f"ZIP built in {built:.2f} s ({int(zip_size) / mib / built:.0f} MiB/s)")
        print(
            f"downloaded {received / mib:.1f} MiB in {seconds:.2f} s "
            f"({received / mib / seconds:.0f} MiB/s)"
        )
        print(f"gunicorn RSS: one process idle {idle / 1024:.1f} MiB, peak of one process "
              f"{sampler.peak_process / 1024:.1f} MiB, peak of all {len(server.pids())} "
              f"processes {sampler.peak_total / 1024:.1f} MiB")  # fmt: skip
        verdict = "met" if sampler.peak_process / 1024 < TARGET_PEAK_MB else "MISSED"
        print(f"target: peak of the serving process under {TARGET_PEAK_MB} MB: {verdict}")
        if received != int(zip_size):
            raise SystemExit(f"received {received} bytes, expected {zip_size}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
