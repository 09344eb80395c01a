"""Classification of a result: bands, veto conditions, the cap rule."""

from dataclasses import dataclass
from decimal import Decimal

from campaigns.models import ScoreBand

# Xếp loại mặc định; the staff who set up a sheet may change them.
DEFAULT_BANDS = [
    ("Hoàn thành xuất sắc nhiệm vụ", Decimal(90)),
    ("Hoàn thành tốt nhiệm vụ", Decimal(75)),
    ("Hoàn thành nhiệm vụ", Decimal(50)),
    ("Không hoàn thành nhiệm vụ", Decimal(0)),
]
DEFAULT_CAP_BAND = "Hoàn thành nhiệm vụ"


@dataclass
class Classification:
    band: ScoreBand | None
    reasons: list  # [{"kind": "veto"|"cap", "text": str}]


def classify(*, total, bands, scores, vetoes, cap_band):
    """The band a total earns, then the veto and cap rules.

    bands: the sheet's bands; scores: [(criterion, score or None)]; vetoes: the veto conditions that
    occurred. A veto gives the lowest band whatever the score. Otherwise a criterion scored below half
    its maximum limits the band to `cap_band` at best (an unscored criterion is not judged).
    """
    ordered = sorted(bands, key=lambda b: b.min_score, reverse=True)
    if not ordered:
        return Classification(None, [])
    band = next((b for b in ordered if total >= b.min_score), ordered[-1])
    if vetoes:
        return Classification(ordered[-1], [{"kind": "veto", "text": v.text} for v in vetoes])
    low = [c for c, score in scores if score is not None and score * 2 < c.max_points]
    if low and cap_band is not None and band.min_score > cap_band.min_score:
        return Classification(cap_band, [{"kind": "cap", "text": str(c)} for c in low])
    return Classification(band, [])


def refresh_result(assessment):
    """Recompute the totals and the band from the stored scores and save them."""
    entries = list(assessment.entries.select_related("criterion"))
    sheet = assessment.sheet
    assessment.self_total = sum((e.self_score or 0 for e in entries), start=Decimal(0))
    assessment.total = sum((e.score or 0 for e in entries), start=Decimal(0))
    result = classify(
        total=assessment.total,
        bands=list(sheet.bands.all()),
        scores=[(e.criterion, e.score) for e in entries],
        vetoes=list(assessment.vetoes.all()),
        cap_band=sheet.cap_band,
    )
    assessment.band = result.band
    assessment.band_reasons = result.reasons
    assessment.save(update_fields=["self_total", "total", "band", "band_reasons"])
    return result
