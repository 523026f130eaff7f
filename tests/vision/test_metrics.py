"""The error-rate arithmetic `facepay eval` and the threshold choice rest on."""

from __future__ import annotations

import numpy as np

from pos_app.vision.metrics import det_curve, fnmr_at_fmr, rates, threshold_for_fmr


def test_the_det_curve_counts_each_threshold_as_a_direct_count_would() -> None:
    rng = np.random.default_rng(7)
    gen = np.round(rng.normal(0.85, 0.03, 400), 3)  # rounded: ties, as real scores have
    imp = np.round(rng.normal(0.70, 0.04, 3000), 3)
    thresholds, fmr, fnmr = det_curve(gen, imp)
    for i in range(0, len(thresholds), 37):
        t = thresholds[i]
        assert fmr[i] == np.mean(imp >= t)
        assert fnmr[i] == np.mean(gen < t)


def test_fnmr_at_fmr_1e4_needs_30000_impostor_pairs() -> None:
    gen = np.full(100, 0.9)
    value, threshold, why = fnmr_at_fmr(gen, np.full(29_999, 0.5), 1e-4)
    assert value is None and threshold is None and why == "needs >= 30000 impostor pairs, have 29999"
    assert rates(gen, np.full(29_999, 0.5), 0.8).fnmr_at_fmr["0.0001"]["fnmr"] is None


def test_the_threshold_for_a_target_lets_through_no_more_impostors_than_it_allows() -> None:
    rng = np.random.default_rng(3)
    imp = rng.normal(0.70, 0.04, 50_000)
    t = threshold_for_fmr(imp, 1e-4)
    assert t is not None
    assert np.mean(imp >= t) <= 1e-4  # at most 5 of 50,000 impostors pass
    assert np.mean(imp >= imp[imp < t].max()) > 1e-4  # and any lower threshold lets through too many
    assert threshold_for_fmr(imp[:20_000], 1e-4) is None  # too few impostors to show 1e-4


def test_a_threshold_in_steps_is_the_lowest_step_within_the_target() -> None:
    rng = np.random.default_rng(5)
    imp = rng.normal(0.70, 0.04, 50_000)
    t = threshold_for_fmr(imp, 1e-4, step=0.001)
    assert t is not None and round(t * 1000) == t * 1000  # a whole step
    assert np.mean(imp >= t) <= 1e-4 < np.mean(imp >= t - 0.001)
