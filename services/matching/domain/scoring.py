"""The explained score of an offer for a need, and the candidate graph a round solves.

Pure Python, no database: the callers (candidates, rounds) load the facts and pass them in.

A score is a sum of integer points, one part per field of :class:`Weights`; each part is its
weight times a fraction in [0, 1], rounded down (the rating part is rounded to nearest):

=============  =======  ===================================================================
part           default  fraction of the weight
=============  =======  ===================================================================
domain         300      the offer lists the need's domain: (n + 1) / 2n for an offer that
                        covers n domains (a specialist takes all of it, a generalist half)
region         200      a served region is on the need's region path: (5 - k) / 5 where k
                        is how many levels above the need's own region it is (0 = the
                        need's own region, 4 or more = a fifth)
collaboration  150      all of it when a collaboration in force has its supporting region on
                        the provider's region path and its receiving region on the need's
                        (east-to-west support; the other direction is no fit)
pairing        150      all of it when the provider is an organization in an active pairing
                        (结对帮扶) with the need's community
grade          50       evaluation grade / 5 (1A..5A; none scores 0)
rating         50       (r - 1) / 4 where r is the average rating shrunk toward the neutral 3
                        by 5 phantom ratings: r = (average × count + 3 × 5) / (count + 5);
                        an offer nobody has rated yet scores the neutral half
window         50       share of the need's window (days, inclusive) the offer's covers
capacity       25       remaining / quantity, at most 1 (the offer can fill the need alone)
urgency        25       low 0, normal 1/3, high 2/3, critical 1 (it ranks nothing for one need
                        but tells a round which needs to fill first)
=============  =======  ===================================================================

An offer is *eligible* for a need when it is of the same resource kind, lists the need's
domain, has capacity left, its window overlaps the need's, and it reaches the need: one of its
served regions is on the need's region path (a region serves all its descendants), or a
collaboration in force runs from the provider's region to the need's (see :func:`eligible`).

The weights are configuration (Matching's settings and its OpenAPI description quote this
table); changing them changes rankings and rounds, never eligibility.
"""

from __future__ import annotations

import datetime
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

__all__ = [
    "URGENCIES",
    "Context",
    "Edge",
    "NeedFacts",
    "OfferFacts",
    "Score",
    "Weights",
    "candidate_edges",
    "eligible",
    "rank",
    "score",
]


@dataclass(frozen=True, slots=True)
class Weights:
    """Points per part of the score (see the module docstring for what each part measures)."""

    domain: int = 300
    region: int = 200
    collaboration: int = 150
    pairing: int = 150
    grade: int = 50
    rating: int = 50
    window: int = 50
    capacity: int = 25
    urgency: int = 25

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"weight {f.name} must be a non-negative integer, not {value!r}")

    @property
    def maximum(self) -> int:
        """The most points one offer can score for one need."""
        return sum(getattr(self, f.name) for f in fields(self))


#: The parts of a score, in the order of :class:`Weights`.
PARTS: tuple[str, ...] = tuple(f.name for f in fields(Weights))


@dataclass(frozen=True, slots=True)
class NeedFacts:
    """What scoring needs to know of one open need."""

    id: str
    community_id: str
    #: the need's community's region code first, then each ancestor up to the province
    region_path: tuple[str, ...]
    domain: str
    resource_kind: str
    quantity: int
    window_start: datetime.date
    window_end: datetime.date
    urgency: str  # low|normal|high|critical


@dataclass(frozen=True, slots=True)
class OfferFacts:
    """What scoring needs to know of one open offer."""

    id: str
    provider_kind: str  # organization|volunteer|donor
    provider_id: str
    domains: frozenset[str]
    resource_kind: str
    remaining: int
    service_region_codes: frozenset[str]
    window_start: datetime.date
    window_end: datetime.date
    #: the provider's region and its ancestors, when known
    provider_region_path: tuple[str, ...] = ()
    grade: int | None = None
    rating_average: float | None = None
    rating_count: int = 0


@dataclass(frozen=True, slots=True)
class Context:
    """Relations between regions, organizations and communities that a score depends on."""

    #: (supporting_region_code, receiving_region_code), in force
    collaborations: frozenset[tuple[str, str]] = frozenset()
    #: (organization_id, community_id), active
    pairings: frozenset[tuple[str, str]] = frozenset()
    _supporting: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        by_receiving: dict[str, list[str]] = defaultdict(list)
        for supporting, receiving in sorted(self.collaborations):
            by_receiving[receiving].append(supporting)
        self._supporting.update({r: tuple(s) for r, s in by_receiving.items()})

    def supporting(self, receiving_region_code: str) -> tuple[str, ...]:
        """The regions that support ``receiving_region_code`` in a collaboration in force."""
        return self._supporting.get(receiving_region_code, ())


@dataclass(frozen=True, slots=True)
class Score:
    """An offer's score for a need, explained."""

    #: integer points (a round's objective is the sum of total × quantity)
    total: int
    #: one entry per Weights field, summing to total
    parts: dict[str, int]
    #: one sentence per part that scored, in Chinese
    reasons: dict[str, str]


@dataclass(frozen=True, slots=True)
class Edge:
    """An arc of the candidate graph: ``offer`` may serve up to ``capacity`` of ``need``."""

    need_id: str
    offer_id: str
    score: int
    capacity: int  # min(need.quantity, offer.remaining)


#: Urgency levels, lowest first, with the thirds of the urgency weight each scores.
URGENCIES: dict[str, int] = {"low": 0, "normal": 1, "high": 2, "critical": 3}
_URGENCY_ZH = {"low": "低", "normal": "一般", "high": "紧急", "critical": "特急"}

#: Region levels above the need's own region after which the region part stops shrinking.
_REGION_STEPS = 5
#: Phantom neutral ratings every average is shrunk with, and the neutral rating.
_RATING_PRIOR_COUNT = 5
_RATING_NEUTRAL = 3.0


# -- the parts -----------------------------------------------------------------------------


def _windows_overlap(need: NeedFacts, offer: OfferFacts) -> bool:
    return offer.window_start <= need.window_end and need.window_start <= offer.window_end


def _region_level(need: NeedFacts, offer: OfferFacts) -> int | None:
    """How many levels above the need's own region the nearest served region is, or None."""
    for level, code in enumerate(need.region_path):
        if code in offer.service_region_codes:
            return level
    return None


def _collaboration(need: NeedFacts, offer: OfferFacts, ctx: Context) -> tuple[str, str] | None:
    """The collaboration (supporting, receiving) that carries the offer to the need, if any.

    The nearest receiving region to the need wins, then the nearest supporting region to the
    provider, so that the reason names the most specific agreement.
    """
    if not offer.provider_region_path or not ctx.collaborations:
        return None
    provider = {code: i for i, code in enumerate(offer.provider_region_path)}
    for receiving in need.region_path:
        best: tuple[int, str] | None = None
        for supporting in ctx.supporting(receiving):
            rank_ = provider.get(supporting)
            if rank_ is not None and (best is None or rank_ < best[0]):
                best = (rank_, supporting)
        if best is not None:
            return best[1], receiving
    return None


def _domain_points(weight: int, n_domains: int) -> int:
    return weight * (n_domains + 1) // (2 * n_domains)


def _region_points(weight: int, level: int) -> int:
    return weight * (_REGION_STEPS - min(level, _REGION_STEPS - 1)) // _REGION_STEPS


def _grade_points(weight: int, grade: int | None) -> int:
    return weight * grade // 5 if grade is not None and 1 <= grade <= 5 else 0


def _shrunk_rating(average: float | None, count: int) -> float:
    if average is None or count <= 0:
        return _RATING_NEUTRAL
    average = min(5.0, max(1.0, float(average)))
    prior = _RATING_PRIOR_COUNT
    return (average * count + _RATING_NEUTRAL * prior) / (count + prior)


def _rating_points(weight: int, average: float | None, count: int) -> int:
    return int(weight * (_shrunk_rating(average, count) - 1.0) / 4.0 + 0.5)


def _window_days(need: NeedFacts, offer: OfferFacts) -> tuple[int, int]:
    """(overlap, need's window) in days, both ends inclusive."""
    need_days = (need.window_end - need.window_start).days + 1
    start = max(need.window_start, offer.window_start)
    end = min(need.window_end, offer.window_end)
    return max(0, (end - start).days + 1), max(1, need_days)


def _window_points(weight: int, overlap: int, need_days: int) -> int:
    return weight * min(overlap, need_days) // need_days


def _capacity_points(weight: int, remaining: int, quantity: int) -> int:
    if quantity <= 0 or remaining >= quantity:
        return weight
    return weight * max(0, remaining) // quantity


def _urgency_points(weight: int, urgency: str) -> int:
    return weight * URGENCIES.get(urgency, 1) // 3


# -- the public functions ------------------------------------------------------------------


def eligible(need: NeedFacts, offer: OfferFacts, ctx: Context) -> bool:
    """Whether ``offer`` may serve ``need`` at all.

    Same resource kind, the need's domain among the offer's, capacity left, overlapping windows,
    and the offer reaches the need: a served region on the need's region path, or a
    collaboration (s, r) in force with s on the provider's region path and r on the need's.
    """
    if offer.resource_kind != need.resource_kind or need.domain not in offer.domains:
        return False
    if offer.remaining <= 0 or need.quantity <= 0 or not _windows_overlap(need, offer):
        return False
    return _region_level(need, offer) is not None or _collaboration(need, offer, ctx) is not None


def score(
    need: NeedFacts, offer: OfferFacts, ctx: Context, weights: Weights = Weights()
) -> Score | None:
    """The explained score of ``offer`` for ``need``; None when it is not eligible."""
    if offer.resource_kind != need.resource_kind or need.domain not in offer.domains:
        return None
    if offer.remaining <= 0 or need.quantity <= 0 or not _windows_overlap(need, offer):
        return None
    level = _region_level(need, offer)
    collaboration = _collaboration(need, offer, ctx)
    if level is None and collaboration is None:
        return None

    parts = dict.fromkeys(PARTS, 0)
    reasons: dict[str, str] = {}

    n_domains = len(offer.domains)
    parts["domain"] = _domain_points(weights.domain, n_domains)
    reasons["domain"] = (
        f"专注于需求领域 ({need.domain})"
        if n_domains == 1
        else f"服务领域包含需求领域 ({need.domain})，共 {n_domains} 个领域"
    )

    if level is not None:
        parts["region"] = _region_points(weights.region, level)
        reasons["region"] = (
            f"服务区域覆盖需求所在地 ({need.region_path[0]})"
            if level == 0
            else f"服务区域 {need.region_path[level]} 包含需求所在地"
            f" ({need.region_path[0]})，上溯 {level} 级"
        )

    if collaboration is not None:
        parts["collaboration"] = weights.collaboration
        reasons["collaboration"] = (
            f"区域协作：提供方所在的支援地区 {collaboration[0]}"
            f" 对口支援需求所在的受援地区 {collaboration[1]}"
        )

    if offer.provider_kind == "organization" and (
        (offer.provider_id, need.community_id) in ctx.pairings
    ):
        parts["pairing"] = weights.pairing
        reasons["pairing"] = "提供方组织与需求所在社区有结对帮扶关系"

    parts["grade"] = _grade_points(weights.grade, offer.grade)
    if offer.grade is not None and 1 <= offer.grade <= 5:
        reasons["grade"] = f"社会组织评估等级 {offer.grade}A"

    parts["rating"] = _rating_points(weights.rating, offer.rating_average, offer.rating_count)
    if offer.rating_average is None or offer.rating_count <= 0:
        reasons["rating"] = "暂无评价，按中性 3 分计"
    else:
        shrunk = _shrunk_rating(offer.rating_average, offer.rating_count)
        reasons["rating"] = (
            f"评价均分 {offer.rating_average:.1f}（{offer.rating_count} 次），"
            f"按评价次数向中性 3 分收缩后为 {shrunk:.2f}"
        )

    overlap, need_days = _window_days(need, offer)
    parts["window"] = _window_points(weights.window, overlap, need_days)
    reasons["window"] = (
        "服务时段完整覆盖需求时段"
        if overlap >= need_days
        else f"服务时段覆盖需求时段的 {overlap}/{need_days} 天"
    )

    parts["capacity"] = _capacity_points(weights.capacity, offer.remaining, need.quantity)
    reasons["capacity"] = (
        f"剩余容量 {offer.remaining} 足以满足需求数量 {need.quantity}"
        if offer.remaining >= need.quantity
        else f"剩余容量 {offer.remaining}，只能满足需求数量 {need.quantity} 中的一部分"
    )

    parts["urgency"] = _urgency_points(weights.urgency, need.urgency)
    if parts["urgency"]:
        reasons["urgency"] = f"需求紧急程度：{_URGENCY_ZH.get(need.urgency, need.urgency)}"

    reasons = {part: text for part, text in reasons.items() if parts[part] > 0}
    return Score(total=sum(parts.values()), parts=parts, reasons=reasons)


def rank(
    need: NeedFacts,
    offers: Iterable[OfferFacts],
    ctx: Context,
    weights: Weights = Weights(),
    limit: int = 20,
) -> list[tuple[OfferFacts, Score]]:
    """The ``limit`` best eligible offers for ``need``, best first, ties by offer id."""
    if limit <= 0:
        return []
    scored = []
    for offer in offers:
        s = score(need, offer, ctx, weights)
        if s is not None:
            scored.append((offer, s))
    return heapq.nsmallest(limit, scored, key=lambda pair: (-pair[1].total, pair[0].id))


def candidate_edges(
    needs: Sequence[NeedFacts],
    offers: Sequence[OfferFacts],
    ctx: Context,
    weights: Weights = Weights(),
    per_need: int = 50,
) -> list[Edge]:
    """The candidate graph: for each need, its ``per_need`` best eligible offers as edges.

    The same edges (and scores) as ranking every offer for every need with :func:`score`, but
    only offers that can reach a need are looked at: offers are indexed by (resource kind,
    domain, served region) and, for collaborations, by (resource kind, domain, provider region),
    and a need looks up only the regions on its path. Edges come need by need in the order of
    ``needs``, each need's best first, ties by offer id.
    """
    if per_need <= 0 or not needs or not offers:
        return []
    w = weights

    # Per offer, once: the parts that do not depend on the need.
    static: list[int] = []
    served: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    provided: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, offer in enumerate(offers):
        n_domains = len(offer.domains)
        static.append(
            (_domain_points(w.domain, n_domains) if n_domains else 0)
            + _grade_points(w.grade, offer.grade)
            + _rating_points(w.rating, offer.rating_average, offer.rating_count)
        )
        if offer.remaining <= 0:
            continue
        for domain in offer.domains:
            for code in offer.service_region_codes:
                served[(offer.resource_kind, domain, code)].append(i)
            if ctx.collaborations:
                for code in offer.provider_region_path:
                    provided[(offer.resource_kind, domain, code)].append(i)

    pairings = ctx.pairings
    edges: list[Edge] = []
    for need in needs:
        if need.quantity <= 0:
            continue
        kind, domain, path = need.resource_kind, need.domain, need.region_path
        # offer index -> nearest level of a served region; collaboration reach separately
        levels: dict[int, int] = {}
        for level, code in enumerate(path):
            for i in served.get((kind, domain, code), ()):
                if i not in levels:
                    levels[i] = level
        collaborating: set[int] = set()
        if ctx.collaborations:
            for receiving in path:
                for supporting in ctx.supporting(receiving):
                    collaborating.update(provided.get((kind, domain, supporting), ()))

        start, end, quantity = need.window_start, need.window_end, need.quantity
        need_days = max(1, (end - start).days + 1)
        base = _urgency_points(w.urgency, need.urgency)
        community = need.community_id
        scored: list[tuple[int, str, int]] = []
        for i in levels.keys() | collaborating:
            offer = offers[i]
            if offer.window_start > end or start > offer.window_end:
                continue
            nearest = levels.get(i)
            total = base + static[i]
            if nearest is not None:
                total += _region_points(w.region, nearest)
            if i in collaborating:
                total += w.collaboration
            if offer.provider_kind == "organization" and (
                (offer.provider_id, community) in pairings
            ):
                total += w.pairing
            overlap = (min(end, offer.window_end) - max(start, offer.window_start)).days + 1
            total += _window_points(w.window, overlap, need_days)
            total += _capacity_points(w.capacity, offer.remaining, quantity)
            scored.append((-total, offer.id, i))
        for neg_total, _, i in heapq.nsmallest(per_need, scored):
            edges.append(
                Edge(need.id, offers[i].id, -neg_total, min(quantity, offers[i].remaining))
            )
    return edges
