"""Biometric error rates from similarity scores, in ISO/IEC 19795-1 terms.

FMR: share of impostor comparisons accepted. FNMR: share of genuine comparisons rejected.
A comparison is accepted when similarity >= threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def fmr_fnmr(genuine: np.ndarray, impostor: np.ndarray, threshold: float) -> tuple[float | None, float | None]:
    fmr = float(np.mean(impostor >= threshold)) if impostor.size else None
    fnmr = float(np.mean(genuine < threshold)) if genuine.size else None
    return fmr, fnmr


def det_curve(genuine: np.ndarray, impostor: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(thresholds, FMR, FNMR) at every distinct score, plus the points beyond both ends.

    Sorted counts, not a pass over the scores per threshold: 78,000 pairs take milliseconds.
    """
    scores = np.unique(np.concatenate([genuine, impostor, [0.0, 1.0 + 1e-9]]))
    imp, gen = np.sort(impostor), np.sort(genuine)
    fmr = (imp.size - np.searchsorted(imp, scores, side="left")) / imp.size if imp.size else np.zeros_like(scores)
    fnmr = np.searchsorted(gen, scores, side="left") / gen.size if gen.size else np.zeros_like(scores)
    return scores, fmr.astype(float), fnmr.astype(float)


def threshold_for_fmr(impostor: np.ndarray, target: float, step: float | None = None) -> float | None:
    """The lowest threshold at which no more than ``target`` of the impostor pairs match (with
    ``step``, the lowest multiple of it), or None if there are too few impostor pairs to show that
    rate (rule of three)."""
    if impostor.size < int(np.ceil(3 / target)):
        return None
    thresholds, fmr, _ = det_curve(np.array([]), impostor)
    first = int(np.nonzero(fmr <= target)[0][0])
    if step is None:
        return float(thresholds[first])
    # Any threshold above the last score that lets too many through will do: the next step up.
    k = int(np.floor(thresholds[first - 1] / step)) + 1 if first else 0
    while np.mean(impostor >= round(k * step, 9)) > target:  # float rounding at the step's edge
        k += 1
    return round(k * step, 9)


def equal_error_rate(genuine: np.ndarray, impostor: np.ndarray) -> tuple[float | None, float | None]:
    """(EER, threshold at which FMR and FNMR are closest)."""
    if not genuine.size or not impostor.size:
        return None, None
    thresholds, fmr, fnmr = det_curve(genuine, impostor)
    i = int(np.argmin(np.abs(fmr - fnmr)))
    return float((fmr[i] + fnmr[i]) / 2), float(thresholds[i])


def fnmr_at_fmr(genuine: np.ndarray, impostor: np.ndarray, target: float) -> tuple[float | None, float | None, str]:
    """FNMR at the lowest threshold whose FMR <= target, if there are impostor pairs enough to say.

    By the rule of three, observing no false match in n comparisons only bounds the FMR below
    3/n (95% confidence): a claim about FMR = target needs n >= 3/target.
    """
    needed = int(np.ceil(3 / target))
    if impostor.size < needed:
        return None, None, f"needs >= {needed} impostor pairs, have {impostor.size}"
    thresholds, fmr, fnmr = det_curve(genuine, impostor)
    ok = np.nonzero(fmr <= target)[0]
    i = int(ok[0])
    return float(fnmr[i]), float(thresholds[i]), ""


# 1e-4 is FIDO's biometric certification bar (FAR <= 1:10,000 at FRR <= 3 %).
FMR_TARGETS = (1e-2, 1e-3, 1e-4)


@dataclass(frozen=True)
class Rates:
    pairs: int
    genuine: int
    impostor: int
    fmr: float | None
    fnmr: float | None
    eer: float | None
    eer_threshold: float | None
    fnmr_at_fmr: dict[str, dict[str, float | str | None]]


def rates(genuine: np.ndarray, impostor: np.ndarray, threshold: float) -> Rates:
    fmr, fnmr = fmr_fnmr(genuine, impostor, threshold)
    eer, eer_t = equal_error_rate(genuine, impostor)
    at: dict[str, dict[str, float | str | None]] = {}
    for target in FMR_TARGETS:
        value, thr, why = fnmr_at_fmr(genuine, impostor, target)
        at[f"{target:g}"] = {"fnmr": value, "threshold": thr, "note": why}
    return Rates(int(genuine.size + impostor.size), int(genuine.size), int(impostor.size),
                 fmr, fnmr, eer, eer_t, at)


def percent(rate: float | None, *, space: str = "", missing: str = "n/a") -> str:
    """A rate as a percentage; rates below 0.1 % keep four decimals, so a false-match rate near
    1 in 10,000 never reads as 0.00 % or 0.01 %."""
    if rate is None:
        return missing
    return f"{100 * rate:.4f}{space}%" if 0 < rate < 1e-3 else f"{100 * rate:.2f}{space}%"


def largest_ratio(values: list[float | None]) -> float | None:
    """Largest ratio between groups' rates (NIST FRVT's demographic differential); None if a rate is 0."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    low, high = min(known), max(known)
    if high == 0:
        return 1.0
    return None if low == 0 else high / low
