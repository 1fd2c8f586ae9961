"""``make bench``: run every benchmark module (bench/bench_*.py) and write bench/results.json.

Each module defines ``BENCHMARKS``: a list of callables ``fn(quick: bool) -> dict`` returning at least
``{"name", "n", "ours_s", "floor_s"}`` (plus any extra figures, e.g. ``peak_mb``, ``goal``). The ratio
``ours_s / floor_s`` is added here. ``--quick`` runs with small sizes (for development), ``--only NAME`` one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    ap = argparse.ArgumentParser(prog="bench")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("-o", "--output", default=str(HERE / "results.json"))
    args = ap.parse_args(argv)
    results = []
    failed = 0
    for f in sorted(HERE.glob("bench_*.py")):
        mod = importlib.import_module(f"bench.{f.stem}")
        for fn in getattr(mod, "BENCHMARKS", []):
            name = getattr(fn, "bench_name", fn.__name__)
            if args.only and name not in args.only:
                continue
            print(f"[bench] {name} …", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            try:
                r = fn(args.quick)
            except Exception:  # noqa: BLE001 — report and carry on with the others
                traceback.print_exc()
                failed += 1
                results.append({"name": name, "error": traceback.format_exc(limit=3)})
                continue
            if r.get("floor_s"):
                r["ratio"] = round(r["ours_s"] / r["floor_s"], 3)
            r["wall_s"] = round(time.perf_counter() - t0, 2)
            print(f"[bench] {json.dumps(r, ensure_ascii=False)}", file=sys.stderr, flush=True)
            results.append(r)
    out = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "quick": args.quick,
        "benchmarks": results,
    }
    Path(args.output).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
