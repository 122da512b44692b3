"""Whether request arrivals stamped by a test server show a paced client."""

import itertools
import statistics


def assert_gaps_paced(times: list[float], interval: float, tolerance: float = 0.04) -> None:
    """Arrivals at one host are ``interval`` apart.

    The client spaces request starts exactly; the server stamps a request when its thread
    reads it, which for a new connection (after a reset or an aborted body), or on a loaded
    machine, can lag by a few tens of milliseconds (31 ms seen in a clean CI run), hence the
    tolerance on the smallest gap; the median gap is what shows the pacing (an unpaced
    crawler's gaps are ~1 ms).
    """
    gaps = [b - a for a, b in itertools.pairwise(sorted(times))]
    if not gaps:
        return
    assert min(gaps) >= interval - tolerance, min(gaps)
    assert statistics.median(gaps) >= interval * 0.98, statistics.median(gaps)
