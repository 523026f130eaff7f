"""The liveness figures on real clips (`liveness_report.py --real DIR`): per layer, per clip, per
source (leave-one-source-out), per group, and the challenges on real heads.

Terms (ISO/IEC 30107-3): BPCER, the share of bona fide sessions refused; APCER, the share of
attack sessions judged live. A step-up (weak evidence: one more turn is asked for) is neither: it
is counted apart. "Before" is the lines shipped before this calibration, under which any screen
cue at its line refused.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from calibrate import Fit, Verdict, fitted_on_all, layers, leave_one_source_out, rates
from real_clips import Clip, load, measure_all, rendered
from real_sessions import Session, cut, judge

from liveness.active import ActiveConfig, ActiveSession, Challenge, Phase
from liveness.fusion import Evidence, LivenessConfig, ScreenThresholds

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "data" / "real_challenges.csv"
GROUPS = HERE / "data" / "real_groups.csv"
BEFORE = LivenessConfig(passive_threshold=0.5, passive_step_up=0.5,
                        screen=ScreenThresholds(moire=3.9, flat_range=0.34, glare=0.04, border=0.5, rigid_border=0.5))


def before(session: Session) -> Evidence:
    """The shipped rule before this calibration: a screen cue at its line refused outright."""
    evidence = judge(session, BEFORE)
    return Evidence.REFUSE if evidence is Evidence.STEP_UP else evidence


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _pct(x: float) -> str:
    return "-" if math.isnan(x) else f"{100 * x:.1f} %"


def _row(name: str, r: dict[str, float]) -> str:
    return (f"| {name} | {r['bona fide']:g} | {_pct(r['BPCER'])} | {_pct(r['step-up'])} | {r['attacks']:g} | "
            f"{_pct(r['APCER'])} | {_pct(r['attacks refused'])} |")


HEADER = ("| {what} | bona fide | BPCER (refused) | stepped up | attacks | APCER (judged live) | attacks refused |\n"
          "|---|---|---|---|---|---|---|")


def layer_table(sessions: list[Session], fitted: Fit, title: str) -> list[str]:
    """Each layer alone and fused, fitted on all sources, next to the lines shipped before."""
    out = [f"\n### {title}\n", HEADER.format(what="layer")]
    old = [Verdict(s, before(s), BEFORE) for s in sessions]
    out.append(_row("before: passive + screen cues (any cue refused)", rates(old)))
    for name, layer in layers(fitted).items():
        out.append(_row(f"after: {name}", rates(Verdict(s, judge(s, layer), layer) for s in sessions)))
    return out


def source_table(verdicts: list[Verdict]) -> list[str]:
    out = ["\n### Leave-one-source-out, by held-out source\n", HEADER.format(what="held-out source")]
    for source in sorted({v.session.clip.source for v in verdicts}):
        out.append(_row(source, rates(v for v in verdicts if v.session.clip.source == source)))
    out.append(_row("**all sources, each held out**", rates(verdicts)))
    return out


def clip_table(sessions: list[Session], loso: dict[tuple[str, float], Verdict]) -> list[str]:
    out = ["\n### Per clip (first kiosk session; cues are that session's medians)\n",
           "| clip | kind | passive | moire | flat_range | border | glare | rigid_border | before | after (held out) |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for s in sessions:
        if s.start != 0.0:
            continue
        c = s.cues
        cell = lambda k: f"{c[k]:.3f}" if k in c else "-"  # noqa: E731
        out.append(f"| {s.clip.name} | {s.clip.kind} | {np.median(s.passive):.3f} | {cell('moire')} | "
                   f"{cell('flat_range')} | {cell('border')} | {cell('glare')} | {cell('rigid_border')} | "
                   f"{before(s).value} | {loso[(s.clip.name, s.start)].evidence.value} |")
    return out


def group_table(verdicts: list[Verdict]) -> list[str]:
    groups: dict[str, set[str]] = {}
    for row in read_rows(GROUPS):
        for g in filter(None, row["groups"].split(";")):
            groups.setdefault(g.strip(), set()).add(row["clip"])
    bona = [v for v in verdicts if not v.session.attack]
    out = ["\n### Per group (bona fide sessions, each source held out)\n",
           "| group | clips | sessions | BPCER (refused) | stepped up |", "|---|---|---|---|---|"]
    for name, clips in [("all", {v.session.clip.name for v in bona})] + sorted(groups.items()):
        vs = [v for v in bona if v.session.clip.name in clips]
        r = rates(vs)
        out.append(f"| {name} | {len({v.session.clip.name for v in vs})} | {len(vs)} | {_pct(r['BPCER'])} | "
                   f"{_pct(r['step-up'])} |")
    return out


def run_challenge(arrays: dict[str, np.ndarray], challenge: Challenge, start: float,
                  config: ActiveConfig) -> ActiveSession:
    """The challenge as a recording answers it: from `start`, on the clip's own meshes and times."""
    session = ActiveSession([challenge], config)
    for t, mesh in zip(arrays["times"], arrays["meshes"]):
        if t < start or np.isnan(mesh).any():
            continue
        if session.update(float(t), mesh).phase in (Phase.PASSED, Phase.FAILED):
            break
    return session


def challenge_table(clips: dict[str, Clip], cache: Path) -> list[str]:
    rows = read_rows(ANNOTATIONS)
    arrays = {r["clip"]: load(cache, clips[r["clip"]]) for r in rows}
    shipped = ActiveConfig()
    out = ["\n### Challenges on real heads (benchmarks/data/real_challenges.csv)\n",
           "| clip | challenge | from (s) | event (s) | shipped lines | blink ratio 0.72 (before) | "
           "parallax per degree | largest residual |", "|---|---|---|---|---|---|---|---|"]
    passed = old_passed = 0
    for r in rows:
        challenge = Challenge(r["challenge"])
        s = run_challenge(arrays[r["clip"]], challenge, float(r["start"]), shipped)
        old = run_challenge(arrays[r["clip"]], challenge, float(r["start"]), ActiveConfig(blink_ratio=0.72))
        passed += s.phase is Phase.PASSED
        old_passed += old.phase is Phase.PASSED
        turn = challenge is not Challenge.BLINK
        out.append(f"| {r['clip']} | {challenge.value} | {r['start']} | {r['event']} | {s.phase.value} | "
                   f"{old.phase.value} | {f'{s.max_parallax:.4f}' if turn else '-'} | "
                   f"{f'{s._best_parallax:.3f}' if turn else '-'} |")
    out.append(f"\nPassed: {passed} of {len(rows)} with the shipped lines; {old_passed} of {len(rows)} "
               f"with the blink line before (0.72).")
    out += blink_loso(rows, arrays, clips)
    return out


def blink_loso(rows: list[dict[str, str]], arrays: dict[str, dict[str, np.ndarray]],
               clips: dict[str, Clip]) -> list[str]:
    """The blink line chosen without each source: the least change from 0.72 (in steps of 0.02)
    that passes every blink of the other sources, then tried on the held-out source's blinks."""
    blinks = [r for r in rows if r["challenge"] == "blink"]
    grid = [round(0.72 + 0.02 * i, 2) for i in range(7)]
    passes = {(r["clip"], g): run_challenge(arrays[r["clip"]], Challenge.BLINK, float(r["start"]),
                                            ActiveConfig(blink_ratio=g)).phase is Phase.PASSED
              for r in blinks for g in grid}
    refused = []
    for source in sorted({clips[r["clip"]].source for r in blinks}):
        train = [r["clip"] for r in blinks if clips[r["clip"]].source != source]
        line = next((g for g in grid if all(passes[(c, g)] for c in train)), grid[-1])
        refused += [r["clip"] for r in blinks if clips[r["clip"]].source == source and not passes[(r["clip"], line)]]
    return [f"Blink line under leave-one-source-out: {len(blinks) - len(refused)} of {len(blinks)} real blinks "
            f"pass on a line fitted without their source" + (f" (refused: {', '.join(refused)})." if refused else ".")]


def report(real: Path, cache: Path, replays: Path | None = None) -> str:
    clips = measure_all(real, cache, replays=replays)
    by_name = {c.name: c for c in clips}
    sessions = [s for c in clips for s in cut(c, load(cache, c))]
    real_sessions = [s for s in sessions if not s.clip.source.startswith("rendered:")]
    fitted = fitted_on_all(sessions)
    config = fitted.config
    verdicts = leave_one_source_out(sessions)
    loso = {(v.session.clip.name, v.session.start): v for v in verdicts}
    first = [v for v in verdicts if v.session.start == 0.0 and not v.session.clip.source.startswith("rendered:")]
    out = ["## Liveness on real clips", "",
           f"Lines fitted on all sources (what ships): passive refuses below {config.passive_threshold}, "
           f"steps up below {config.passive_step_up}; screen cues (step-up only): {config.screen}.",
           "", "### Targets, each source held out (first kiosk session of each real clip)", "",
           HEADER.format(what="set"), _row("real clips (36 bona fide, 6 replays)", rates(first))]
    out += layer_table([s for s in real_sessions if s.start == 0.0], fitted,
                       "Per layer, real clips (first kiosk session of each), fitted on all sources")
    out += layer_table(real_sessions, fitted, "Per layer, real clips (every 4 s kiosk session), fitted on all sources")
    out += source_table([v for v in verdicts if not v.session.clip.source.startswith("rendered:")])
    if replays is not None:
        out += rendering_table(verdicts)
    out += clip_table(real_sessions, loso)
    out += group_table([v for v in verdicts if not v.session.clip.source.startswith("rendered:")])
    out += challenge_table(by_name, cache)
    return "\n".join(out) + "\n"


def rendering_table(verdicts: Iterable[Verdict]) -> list[str]:
    """The rendered replays (each held out with the video it was made from), by rendering."""
    rendered_v = [v for v in verdicts if v.session.clip.source.startswith("rendered:")]
    out = ["\n### Rendered replays (benchmarks/replay_set.py), each held out with its source video\n",
           "| rendering | replays | before: judged live | after: judged live (APCER) | after: stepped up | after: refused |",
           "|---|---|---|---|---|---|"]
    names = sorted({v.session.clip.shows for v in rendered_v})
    for name in names + ["all"]:
        vs = [v for v in rendered_v if name == "all" or v.session.clip.shows == name]
        n = len(vs)
        old = sum(before(v.session) is Evidence.PASS for v in vs) / n
        share = lambda e: sum(v.evidence is e for v in vs) / n  # noqa: E731
        out.append(f"| {name} | {n} | {_pct(old)} | {_pct(share(Evidence.PASS))} | {_pct(share(Evidence.STEP_UP))} | "
                   f"{_pct(share(Evidence.REFUSE))} |")
    return out


__all__ = ["report", "rendered"]
