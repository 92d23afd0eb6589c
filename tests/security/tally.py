"""The hostile-input suite's count: how many attacks were tried, how many got through.

Each test records what it tried with `record(kind, tried=..., through=...)`; the suite's
conftest prints the totals per kind at the end of the run, so every CI log shows them.
A test still asserts that nothing got through: the count is a report, not the check.
"""

import threading
from collections import defaultdict

_lock = threading.Lock()
_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])


def record(kind: str, *, tried: int, through: int = 0) -> None:
    with _lock:
        _counts[kind][0] += tried
        _counts[kind][1] += through


def totals() -> dict[str, tuple[int, int]]:
    with _lock:
        return {kind: (tried, through) for kind, (tried, through) in sorted(_counts.items())}
