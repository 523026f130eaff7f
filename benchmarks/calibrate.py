"""Choose the liveness lines from real clips, and say how they do on sources they never saw.

The fit (one function, the same for every fold):
- passive_threshold, the line under which the passive model refuses on its own: at most 0.5, and
  at most 80 % of the lowest session median of any bona fide clip fitted on, so that a real face
  is refused only on evidence far below every real face seen.
- passive_step_up, the top of the middle band (a step-up, never a refusal): the 10th percentile of
  the bona fide sessions' medians, so about one real shopper in ten is asked for one more turn
  on the passive model's account.
- each screen cue's step-up line: the next 0.01 above the 98th percentile of the bona fide
  sessions' values (about one in fifty steps up on that cue). A cue is kept only if, on the data
  fitted on, it separates: it flags attack sessions (real replays and rendered ones) at least five
  times as often as bona fide ones, and at least two of them. A cue that does not is dropped (its
  line None): it would only ask real people for more.
Leave-one-source-out: for each source repository (and each video the rendered replays were made
from), fit on every other source and judge the held-out one. Those held-out figures are the honest
ones; the figures fitted on all sources are what ships.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from real_sessions import Session, judge

from liveness.fusion import SCREEN_CUES, Evidence, LivenessConfig, ScreenThresholds

REFUSE_CAP, REFUSE_SHARE = 0.5, 0.8
STEP_UP_QUANTILE = 10.0  # percent of bona fide sessions the passive middle band may ask for more
CUE_QUANTILE = 98.0  # 95 gave the same attack figures with twice the step-ups (docs/liveness.md)
# A cue is kept when it flags attack sessions at least this many times as often as bona fide ones
# (a bona fide rate of zero counts as one session), and flags at least MIN_FLAGGED of them.
SEPARATION, MIN_FLAGGED = 5.0, 2


@dataclass(frozen=True)
class Fit:
    config: LivenessConfig  # what is used: dropped cues have no line
    candidates: dict[str, float]  # each cue's step-up line before the keep-or-drop test


def fit_lines(bona: list[Session], attacks: list[Session]) -> Fit:
    medians = np.array([float(np.median(s.passive)) for s in bona])
    refuse = min(REFUSE_CAP, REFUSE_SHARE * float(medians.min()))
    step_up = max(refuse, float(np.percentile(medians, STEP_UP_QUANTILE)))
    lines: dict[str, float | None] = {}
    candidates: dict[str, float] = {}
    for cue in SCREEN_CUES:
        values = [s.cues[cue] for s in bona if cue in s.cues]
        # The next step of 0.01 above the percentile: a line a person can read and set.
        line = math.floor(float(np.percentile(values, CUE_QUANTILE)) * 100 + 1e-9) / 100 + 0.01 if values else math.inf
        candidates[cue] = line
        flagged = sum(a.cues.get(cue, -math.inf) >= line for a in attacks)
        bona_rate = max(sum(s.cues.get(cue, -math.inf) >= line for s in bona), 1) / max(len(bona), 1)
        separates = flagged >= MIN_FLAGGED and flagged / max(len(attacks), 1) >= SEPARATION * bona_rate
        lines[cue] = round(line, 2) if separates else None
    return Fit(LivenessConfig(passive_threshold=round(refuse, 2), passive_step_up=round(step_up, 2),
                              screen=ScreenThresholds(**lines)), candidates)


def fit(bona: list[Session], attacks: list[Session]) -> LivenessConfig:
    return fit_lines(bona, attacks).config


@dataclass(frozen=True)
class Verdict:
    session: Session
    evidence: Evidence
    config: LivenessConfig


def leave_one_source_out(sessions: list[Session]) -> list[Verdict]:
    """Each session judged under lines fitted without any session of its source."""
    out = []
    for source in sorted({s.clip.source for s in sessions}):
        train = [s for s in sessions if s.clip.source != source]
        config = fit([s for s in train if not s.attack], [s for s in train if s.attack])
        out += [Verdict(s, judge(s, config), config) for s in sessions if s.clip.source == source]
    return out


def fitted_on_all(sessions: list[Session]) -> Fit:
    return fit_lines([s for s in sessions if not s.attack], [s for s in sessions if s.attack])


def layers(fitted: Fit) -> dict[str, LivenessConfig]:
    """The passive model alone, each screen cue alone at its candidate line (dropped or not), and
    the fused layer that is used, for the per-layer table."""
    config = fitted.config
    assert config.screen is not None
    off = ScreenThresholds(**{c: None for c in SCREEN_CUES})
    out = {"passive": replace(config, screen=None)}
    for cue, line in fitted.candidates.items():
        kept = getattr(config.screen, cue) is not None
        # The cue alone: the passive model never refuses or steps up.
        out[f"{cue} >= {line:.3f} ({'kept' if kept else 'dropped'})"] = LivenessConfig(
            passive_threshold=0.0, passive_step_up=0.0, screen=replace(off, **{cue: line}))
    out["fused (what is used)"] = config
    return out


def rates(verdicts: Iterable[Verdict]) -> dict[str, float]:
    """BPCER (bona fide refused), step-ups of bona fide, APCER (attacks judged live by the layer
    alone), and attacks refused outright, as shares; with the counts."""
    v = list(verdicts)
    bona = [x for x in v if not x.session.attack]
    att = [x for x in v if x.session.attack]
    share = lambda xs, e: sum(x.evidence is e for x in xs) / len(xs) if xs else float("nan")  # noqa: E731
    return {"bona fide": len(bona), "BPCER": share(bona, Evidence.REFUSE), "step-up": share(bona, Evidence.STEP_UP),
            "attacks": len(att), "APCER": share(att, Evidence.PASS), "attacks refused": share(att, Evidence.REFUSE)}
