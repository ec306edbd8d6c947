"""Timing script (run by hand, not part of the suite) for B11: the PDF viewer shows the first
page of a one-page invoice within 200 ms of the bytes arriving (p95, 150 dpi), and turns a
page within 100 ms. Offscreen; the invoice is the sandbox's own rendering of a believable
Slovenian invoice, the multi-page document a 40-line one.

"Shown" is the viewer's `page_changed`, emitted once the page's pixmap is on its label. A
page change is timed twice: as the user meets it (the neighbour rendered ahead while they
read) and cold (nothing rendered ahead).

    python tests/benchmarks/bench_pdf_viewer.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from si_desktop.sandbox.pdf_content import build_content
from si_desktop.sandbox.pdf_layout import render_pdf
from si_desktop.ui.pdf.viewer import PdfViewer

DPI = 150
ENTITY = {"id": "ent_000000000000000000000001", "name": "Kras računovodstvo d.o.o.",
          "address": "Cankarjeva 3", "post_code": "6000", "city": "Koper",
          "country_code": "SI", "currency_code": "EUR", "locale": "sl-SI",
          "tax_number": "SI99999999",
          "settings": {"primary_color": "#0a7d5a", "pdf_template": "modern",
                       "bank_accounts": [{"iban": "SI56 0201 0001 2345 678",
                                          "bank_name": "NLB d.d.", "is_default": True}]}}


def invoice(lines: int) -> bytes:
    items = [{"name": f"Računovodske storitve {n + 1}", "quantity": 1 + n % 3, "unit": "kos",
              "price": 120, "discounts": [], "taxes": [{"rate": 22}], "total": 120 * (1 + n % 3)}
             for n in range(lines)]
    total = sum(item["total"] for item in items)
    document = {"id": "inv_000000000000000000000001", "type": "invoice",
                "number": "2026-00143", "date": "2026-11-20", "date_due": "2026-12-05",
                "currency_code": "EUR", "is_draft": False, "items": items, "total": total,
                "taxes": [{"rate": 22, "base": total, "amount": total * 0.22}],
                "total_with_tax": total * 1.22, "total_paid": 0, "total_due": total * 1.22,
                "customer": {"name": "Žabnik & Đurić d.o.o.", "city": "Ljubljana",
                             "country_code": "SI"}, "footer": "{entity_name}"}
    return render_pdf(build_content(ENTITY, None, document))


def wait_for_page(app: QApplication, viewer: PdfViewer, action: object) -> float:
    shown: list[float] = []
    viewer.page_changed.connect(lambda _page: shown.append(time.perf_counter()))
    started = time.perf_counter()
    action()  # type: ignore[operator]
    while not shown and time.perf_counter() - started < 10:
        app.processEvents()
    viewer.page_changed.disconnect()
    return (shown[0] - started) * 1000 if shown else float("inf")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    one_page, long_one = invoice(4), invoice(40)
    viewer = PdfViewer()
    viewer.resize(900, 1000)
    viewer.show()
    viewer.set_zoom(DPI / (viewer.logicalDpiX() * viewer.devicePixelRatioF()))
    first = [wait_for_page(app, viewer, lambda: viewer.set_pdf(one_page, "Račun.pdf"))
             for _ in range(args.rounds)]
    wait_for_page(app, viewer, lambda: viewer.set_pdf(long_one, "Račun.pdf"))
    pages = viewer.page_count
    warm, cold = [], []
    for _ in range(args.rounds):
        current = viewer.current_page
        target = current + 1 if current + 1 < pages else current - 1
        time.sleep(0.15)  # the reader reads; the next page is rendered meanwhile
        app.processEvents()
        warm.append(wait_for_page(app, viewer, lambda t=target: viewer.go_to_page(t)))
        viewer._cache.clear()
        back = current
        cold.append(wait_for_page(app, viewer, lambda t=back: viewer.go_to_page(t)))
    print(f"B11 first page of a one-page invoice at {DPI} dpi: median "
          f"{statistics.median(first):.1f} ms, p95 {p95(first):.1f} ms (target ≤ 200 ms; "
          f"{len(one_page) // 1024} KiB PDF, {args.rounds} rounds)")
    print(f"B11 page change ({pages} pages): p95 {p95(warm):.1f} ms rendered ahead, "
          f"p95 {p95(cold):.1f} ms cold (target ≤ 100 ms)")


if __name__ == "__main__":
    main()
