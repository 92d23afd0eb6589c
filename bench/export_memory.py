"""Peak memory of a gunicorn worker while it streams the registrations' export.

    DATABASE_URL=... [REDIS_URL=...] .venv/bin/python bench/export_memory.py \\
        [--csv '/gestion/donnees/inscriptions.csv?edition=2026'] \\
        [--xlsx '/gestion/donnees/inscriptions.xlsx?edition=2026&departement=33'] [--json FILE]

The database is the one bench/build_coordination.py fills (about 1,000,000 registrations in
the current edition). For each download (the CSV of the whole edition, then each XLSX of a
smaller selection): starts gunicorn with ONE worker (production settings, as
bench/load.py does), signs in the benchmark's coordinator by cookie (bench/dashboard.py),
reads the worker's resident memory at rest, then downloads the file with one client,
reading it to the end in 64 KiB pieces, while a thread reads the worker's VmRSS from
/proc every 50 ms; at the end it reads the worker's VmHWM (its high-water mark, which the
sampling cannot miss) and stops the server. It prints the time to the first byte, the
total time, the bytes, the rows (the CSV's lines but its header; for an XLSX, the count of
the selection in the database), rows a second, and the peak memory against the target.
"""

import argparse
import contextlib
import http.client
import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard  # noqa: E402  (the coordinator's session)
import load as bench  # noqa: E402  (the server, tables)

TARGET_PEAK_MB = 150
DEPARTMENT = dashboard.DEPARTMENT
SAMPLE_SECONDS = 0.05
CHUNK = 65536


def probe(paths: list[str]) -> dict:
    """In a child process: a coordinator's session, the paths with "{year}" made the
    current edition's, and how many rows each one selects."""
    dashboard.setup_django()
    from django.conf import settings
    from django.http import QueryDict

    from jres.exports.datasets import DATASETS

    summary = dashboard.data_summary()
    paths = [path.format(year=summary["current"]) for path in paths]
    counts = {}
    for path in paths:
        address, _sep, query = path.partition("?")
        kind = address.rstrip("/").rsplit("/", 1)[-1].split(".")[0]
        dataset = DATASETS[kind]
        counts[path] = dataset.select(dataset.parse(QueryDict(query))).count()
    session_key = dashboard.coordinator_session()
    return summary | {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}",
        "paths": paths,
        "counts": counts,
    }


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB (Linux /proc)."""
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _sep, rest = line.partition(":")
            if name in {"VmRSS", "VmHWM"}:
                values[name] = int(rest.split()[0])
    return values


class Sampler(threading.Thread):
    """Reads a process's VmRSS every SAMPLE_SECONDS until stopped; keeps the highest."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, memory_kib(self.pid).get("VmRSS", 0))
            self.samples += 1
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def download(port: int, path: str, cookie: str) -> dict:
    """GET path to the end; status, bytes, newlines, time to first byte and in all."""
    connection = http.client.HTTPConnection(bench.HOST, port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie, "User-Agent": "jres-bench"})
    response = connection.getresponse()
    first = None
    size = lines = 0
    while chunk := response.read(CHUNK):
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    connection.close()
    return {
        "status": response.status,
        "type": response.getheader("Content-Type", ""),
        "bytes": size,
        "lines": lines,
        "first_byte": first or elapsed,
        "seconds": elapsed,
    }


def measure(path: str, *, server: bench.Server, cookie: str, expected_rows: int) -> dict:
    """One download on a fresh one-worker server, its worker's memory sampled."""
    server.start()
    try:
        workers = server.pids()[1:]
        if len(workers) != 1:
            raise RuntimeError(f"expected one gunicorn worker, found {len(workers)}")
        worker = workers[0]
        bench.wait_until_quiet(30)
        idle = memory_kib(worker)
        sampler = Sampler(worker)
        sampler.start()
        result = download(server.port, path, cookie)
        peak = sampler.stop()
        after = memory_kib(worker)
        master = memory_kib(server.pids()[0])
    finally:
        server.stop()
    is_csv = "csv" in result["type"]
    rows = result["lines"] - 1 if is_csv else expected_rows
    return result | {
        "path": path,
        "rows": rows,
        "expected_rows": expected_rows,
        "rows_per_second": round(rows / result["seconds"]) if result["seconds"] else 0,
        "idle_mb": round(idle.get("VmRSS", 0) / 1024, 1),
        "peak_sampled_mb": round(peak / 1024, 1),
        "hwm_mb": round(after.get("VmHWM", 0) / 1024, 1),
        "master_mb": round(master.get("VmRSS", 0) / 1024, 1),
        "samples": sampler.samples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument(
        "--csv",
        default="/gestion/donnees/inscriptions.csv?edition={year}",
        help="the CSV's path; {year}: the current edition's (default: all its registrations)",
    )
    parser.add_argument(
        "--xlsx",
        action="append",
        help="XLSX paths, each measured (default: the current edition's registrations in "
        f"department {dashboard.DEPARTMENT})",
    )
    parser.add_argument("--label", default="")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--workdir", type=Path, help="static files, logs (default: temporary)")
    parser.add_argument("--max-minutes", type=float, default=15, help="hard limit (15)")
    args = parser.parse_args(argv)

    if args.probe is not None:
        print(json.dumps(probe(args.probe)))
        return 0
    if not args.database_url:
        parser.error("DATABASE_URL or --database-url is required")
    signal.signal(signal.SIGALRM, bench.on_alarm)
    signal.alarm(int(args.max_minutes * 60))

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="jres-bench-export-"))
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    env = bench.server_env(args, workdir, port)
    label = args.label or args.database_url.split("://")[0]
    server = bench.Server(port=port, workers=1, env=env, log_path=workdir / "gunicorn-export.log")
    results = []
    try:
        paths = [args.csv] + (
            args.xlsx
            or [f"/gestion/donnees/inscriptions.xlsx?edition={{year}}&departement={DEPARTMENT}"]
        )
        probe_result = dashboard.run_child(
            __file__, args.database_url, paths, secret_key=env["SECRET_KEY"], timeout=600
        )
        print(
            f"{label}: {probe_result['registrations']:,} registrations, "
            f"{probe_result['current_registrations']:,} in {probe_result['current']}",
            flush=True,
        )
        bench.collect_static(env)
        for path in probe_result["paths"]:
            result = measure(
                path,
                server=server,
                cookie=probe_result["cookie"],
                expected_rows=probe_result["counts"][path],
            )
            results.append(result)
            print(
                f"  {path}: HTTP {result['status']}, {result['rows']:,} rows, "
                f"{result['bytes']:,} bytes in {result['seconds']:.1f} s, "
                f"peak {result['hwm_mb']} MB",
                flush=True,
            )
    except bench.Timeout:
        print(f"Stopped: over {args.max_minutes:g} minutes", file=sys.stderr)
        return 3
    finally:
        signal.alarm(0)
        server.stop()
    header = ["download", "rows", "in database", "bytes", "first byte s", "total s", "rows/s"]
    header += ["worker at rest MB", "peak sampled MB", "VmHWM MB", f"< {TARGET_PEAK_MB} MB"]
    rows = [
        [r["path"], r["rows"], r["expected_rows"], r["bytes"], round(r["first_byte"], 2)]
        + [round(r["seconds"], 1), r["rows_per_second"], r["idle_mb"], r["peak_sampled_mb"]]
        + [r["hwm_mb"], verdict(r)]
        for r in results
    ]
    bench.print_table(
        f"Export memory: {label}, gunicorn 1 worker, one client, "
        f"VmRSS sampled every {SAMPLE_SECONDS * 1000:.0f} ms",
        header,
        rows,
    )
    if args.json:
        args.json.write_text(json.dumps({"label": label, "results": results}, indent=1))
    return 0 if all(verdict(result) == "met" for result in results) else 1


def verdict(result: dict) -> str:
    if result["status"] != 200 or result["rows"] != result["expected_rows"]:
        return f"FAILED (HTTP {result['status']}, {result['rows']} rows)"
    peak = max(result["hwm_mb"], result["peak_sampled_mb"])
    return "met" if peak < TARGET_PEAK_MB else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
