"""Timing script (run by hand, not part of the suite): the totals of a 200-line document, as
the new-document editor recomputes them on every keystroke (the core of B10, target p95 ≤ 16
ms). Each round reads the items from the API's item shape and computes every line and the
document, which is all the editor's recomputation does besides showing the figures.

    python tests/benchmarks/bench_totals.py [--lines 200] [--rounds 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from si_desktop.core.document_totals import Line, document_totals


def items(count: int, seed: int = 0) -> list[dict[str, Any]]:
    """A believable long invoice: net and gross prices, discounts, two VAT rates."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for n in range(count):
        price = Decimal(rng.randrange(100, 500_000)) / 100
        row: dict[str, Any] = {"quantity": Decimal(rng.randrange(1, 4000)) / 100,
                               "taxes": [{"tax_id": f"tax_{n % 2:024x}",
                                          "rate": Decimal("22") if n % 2 else Decimal("9.5")}]}
        row["gross_price" if n % 5 == 0 else "price"] = price
        if n % 3 == 0:
            row["discounts"] = [{"value": Decimal(rng.randrange(1, 30)), "type": "percent"},
                                {"value": Decimal("1.50"), "type": "amount"}]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    rows = items(args.lines)
    timings: list[float] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        document_totals([Line.from_item(row) for row in rows], "EUR")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"totals of {args.lines} lines: median {statistics.median(timings):.2f} ms, "
          f"p95 {p95:.2f} ms, worst {timings[-1]:.2f} ms ({args.rounds} rounds; target p95 "
          "≤ 16 ms)")


if __name__ == "__main__":
    main()
