"""Prints the hostile-input suite's figures at the end of the run (see tally.py)."""

from . import tally


def pytest_terminal_summary(terminalreporter):
    totals = tally.totals()
    if not totals:
        return
    terminalreporter.section("hostile input: tried / got through")
    for kind, (tried, through) in totals.items():
        terminalreporter.write_line(f"{kind:<40} {tried:>7,} tried {through:>5,} got through")
    tried = sum(tried for tried, _through in totals.values())
    through = sum(through for _tried, through in totals.values())
    terminalreporter.write_line(f"{'total':<40} {tried:>7,} tried {through:>5,} got through")
