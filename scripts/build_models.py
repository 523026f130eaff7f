"""Build the MiniFASNet ONNX graphs from the upstream .pth weights, into the package's models folder.

    python scripts/build_models.py [--check]

The kiosk runs these graphs; building them at run time needed the `onnx` package in every process
(its ml_dtypes start-up alone took 1.3-1.8 s). The build is deterministic: the same .pth gives the
same bytes, whose SHA-256 the registry pins (liveness/models.py GRAPHS, vision/model_files.py).
`--check` rebuilds in memory and fails if a shipped graph differs (tests/liveness run the same).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from liveness.minifasnet import read_state_dict, to_onnx  # noqa: E402
from liveness.models import GRAPHS, SUBDIR, verified_weights  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped graphs, write nothing")
    args = ap.parse_args()
    folder = ROOT / "resources" / "models" / SUBDIR
    differ = 0
    for graph, (_, _, weights) in GRAPHS.items():
        built = to_onnx(read_state_dict(verified_weights(folder / weights)))
        digest = hashlib.sha256(built).hexdigest()
        target = folder / graph
        if args.check:
            same = target.is_file() and target.read_bytes() == built
            differ += not same
            print(f"{graph}: {'as shipped' if same else 'DIFFERS from the shipped file'} ({digest})")
        else:
            target.write_bytes(built)
            print(f"{graph}: {len(built)} bytes, SHA-256 {digest}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
