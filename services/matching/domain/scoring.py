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
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

__all__ = [
    "URGENCIES",
    "CandidateGraph",
    "Context",
    "Edge",
    "NeedFacts",
    "OfferFacts",
    "Score",
    "Weights",
    "candidate_edges",
    "candidate_graph",
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


#: The parts of a score, the served level, the collaboration, and the window's overlap and days.
_Found = tuple[dict[str, int], int | None, tuple[str, str] | None, int, int]


def _points(need: NeedFacts, offer: OfferFacts, ctx: Context, weights: Weights) -> _Found | None:
    """The parts of the score, with what explaining them needs; None when not eligible."""
    if offer.resource_kind != need.resource_kind or need.domain not in offer.domains:
        return None
    if offer.remaining <= 0 or need.quantity <= 0 or not _windows_overlap(need, offer):
        return None
    level = _region_level(need, offer)
    collaboration = _collaboration(need, offer, ctx)
    if level is None and collaboration is None:
        return None
    overlap, need_days = _window_days(need, offer)
    paired = offer.provider_kind == "organization" and (
        (offer.provider_id, need.community_id) in ctx.pairings
    )
    parts = {
        "domain": _domain_points(weights.domain, len(offer.domains)),
        "region": 0 if level is None else _region_points(weights.region, level),
        "collaboration": 0 if collaboration is None else weights.collaboration,
        "pairing": weights.pairing if paired else 0,
        "grade": _grade_points(weights.grade, offer.grade),
        "rating": _rating_points(weights.rating, offer.rating_average, offer.rating_count),
        "window": _window_points(weights.window, overlap, need_days),
        "capacity": _capacity_points(weights.capacity, offer.remaining, need.quantity),
        "urgency": _urgency_points(weights.urgency, need.urgency),
    }
    return parts, level, collaboration, overlap, need_days


def _explain(
    need: NeedFacts,
    offer: OfferFacts,
    level: int | None,
    collaboration: tuple[str, str] | None,
    overlap: int,
    need_days: int,
) -> dict[str, str]:
    """A Chinese sentence for each part (the caller keeps those of the parts that scored)."""
    n_domains = len(offer.domains)
    reasons = {
        "domain": f"专注于需求领域 ({need.domain})"
        if n_domains == 1
        else f"服务领域包含需求领域 ({need.domain})，共 {n_domains} 个领域",
        "pairing": "提供方组织与需求所在社区有结对帮扶关系",
        "grade": f"社会组织评估等级 {offer.grade}A",
        "window": "服务时段完整覆盖需求时段"
        if overlap >= need_days
        else f"服务时段覆盖需求时段的 {overlap}/{need_days} 天",
        "capacity": f"剩余容量 {offer.remaining} 足以满足需求数量 {need.quantity}"
        if offer.remaining >= need.quantity
        else f"剩余容量 {offer.remaining}，只能满足需求数量 {need.quantity} 中的一部分",
        "urgency": f"需求紧急程度：{_URGENCY_ZH.get(need.urgency, need.urgency)}",
    }
    if level is not None:
        reasons["region"] = (
            f"服务区域覆盖需求所在地 ({need.region_path[0]})"
            if level == 0
            else f"服务区域 {need.region_path[level]} 包含需求所在地"
            f" ({need.region_path[0]})，上溯 {level} 级"
        )
    if collaboration is not None:
        reasons["collaboration"] = (
            f"区域协作：提供方所在的支援地区 {collaboration[0]}"
            f" 对口支援需求所在的受援地区 {collaboration[1]}"
        )
    if offer.rating_average is None or offer.rating_count <= 0:
        reasons["rating"] = "暂无评价，按中性 3 分计"
    else:
        shrunk = _shrunk_rating(offer.rating_average, offer.rating_count)
        reasons["rating"] = (
            f"评价均分 {offer.rating_average:.1f}（{offer.rating_count} 次），"
            f"按评价次数向中性 3 分收缩后为 {shrunk:.2f}"
        )
    return reasons


def score(
    need: NeedFacts, offer: OfferFacts, ctx: Context, weights: Weights = Weights()
) -> Score | None:
    """The explained score of ``offer`` for ``need``; None when it is not eligible."""
    found = _points(need, offer, ctx, weights)
    return None if found is None else _explained(need, offer, found)


def _explained(need: NeedFacts, offer: OfferFacts, found: _Found) -> Score:
    parts, level, collaboration, overlap, need_days = found
    reasons = _explain(need, offer, level, collaboration, overlap, need_days)
    return Score(
        total=sum(parts.values()),
        parts=parts,
        reasons={part: reasons[part] for part in PARTS if parts[part] > 0},
    )


def rank(
    need: NeedFacts,
    offers: Iterable[OfferFacts],
    ctx: Context,
    weights: Weights = Weights(),
    limit: int = 20,
) -> list[tuple[OfferFacts, Score]]:
    """The ``limit`` best eligible offers for ``need``, best first, ties by offer id."""
    if limit <= 0 or need.quantity <= 0:
        return []
    w = weights
    # The points alone for every offer (the same formulas as _points, with what depends only on
    # the need worked out once); the parts and sentences only for the offers shown.
    kind, domain, path, quantity = need.resource_kind, need.domain, need.region_path, need.quantity
    start, end, community = need.window_start, need.window_end, need.community_id
    need_days = (end - start).days + 1
    supporting = frozenset(s for code in path for s in ctx.supporting(code))
    base = _urgency_points(w.urgency, need.urgency)
    region_points = [_region_points(w.region, level) for level in range(len(path))]
    totals: list[tuple[int, str, OfferFacts]] = []
    for offer in offers:
        if offer.resource_kind != kind or domain not in offer.domains or offer.remaining <= 0:
            continue
        if offer.window_start > end or start > offer.window_end:
            continue
        total = base
        served = offer.service_region_codes
        for level, code in enumerate(path):
            if code in served:
                total += region_points[level]
                break
        else:
            level = -1
        collaborating = bool(supporting) and not supporting.isdisjoint(offer.provider_region_path)
        if level < 0 and not collaborating:
            continue
        if collaborating:
            total += w.collaboration
        if offer.provider_kind == "organization" and (offer.provider_id, community) in ctx.pairings:
            total += w.pairing
        overlap = (min(end, offer.window_end) - max(start, offer.window_start)).days + 1
        total += (
            _domain_points(w.domain, len(offer.domains))
            + _grade_points(w.grade, offer.grade)
            + _rating_points(w.rating, offer.rating_average, offer.rating_count)
            + _window_points(w.window, overlap, need_days)
            + _capacity_points(w.capacity, offer.remaining, quantity)
        )
        totals.append((-total, offer.id, offer))
    best = heapq.nsmallest(limit, totals, key=lambda t: (t[0], t[1]))
    ranked = []
    for _, _, offer in best:
        explained = score(need, offer, ctx, weights)
        if explained is not None:  # always: the same rules as above
            ranked.append((offer, explained))
    return ranked


@dataclass(frozen=True, slots=True, eq=False)
class CandidateGraph:
    """The candidate graph as arrays: edge k joins ``need_ids[need[k]]`` to ``offer_ids[offer[k]]``.

    What :func:`candidate_edges` returns, before it becomes :class:`Edge` objects (about a
    microsecond each: seconds at province scale). :func:`~services.matching.domain.allocation.
    allocate` takes either.
    """

    need_ids: list[str]
    offer_ids: list[str]
    need: np.ndarray  # int64, index into need_ids
    offer: np.ndarray  # int64, index into offer_ids
    score: np.ndarray  # int64
    capacity: np.ndarray  # int64, min(need.quantity, offer.remaining)

    def __len__(self) -> int:
        return len(self.need)

    def without(self, pairs: Collection[tuple[str, str]]) -> CandidateGraph:
        """The graph less the edges of the given (need_id, offer_id) pairs."""
        if not pairs or not len(self.need):
            return self
        need_index = {n: i for i, n in enumerate(self.need_ids)}
        offer_index = {o: i for i, o in enumerate(self.offer_ids)}
        width = len(self.offer_ids)
        drop = [
            need_index[n] * width + offer_index[o]
            for n, o in pairs
            if n in need_index and o in offer_index
        ]
        if not drop:
            return self
        keep = ~np.isin(self.need * width + self.offer, np.asarray(drop, dtype=np.int64))
        return CandidateGraph(
            self.need_ids,
            self.offer_ids,
            self.need[keep],
            self.offer[keep],
            self.score[keep],
            self.capacity[keep],
        )

    def edges(self) -> list[Edge]:
        """The edges as objects, in the graph's order."""
        need_ids, offer_ids = self.need_ids, self.offer_ids
        return list(
            map(
                Edge,
                [need_ids[i] for i in self.need.tolist()],
                [offer_ids[i] for i in self.offer.tolist()],
                self.score.tolist(),
                self.capacity.tolist(),
            )
        )


_NO_LEVEL = 1 << 30
#: (need, offer) pairs looked at per block of needs: bounds the memory of the pairs before each
#: need's cut to its best (about 100 bytes a pair); a need with more pairs is a block alone.
_PAIR_BUDGET = 1_000_000


def _blocks(per_need: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive ranges of needs whose pairs add up to about ``budget`` each."""
    total = np.cumsum(per_need)
    bounds = [0]
    n = len(per_need)
    while bounds[-1] < n:
        before = int(total[bounds[-1] - 1]) if bounds[-1] else 0
        end = int(np.searchsorted(total, before + budget, side="right"))
        bounds.append(min(n, max(end, bounds[-1] + 1)))
    return list(itertools.pairwise(bounds))


def _expand(
    rows: np.ndarray, keys: np.ndarray, ptr: np.ndarray, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each (row, key): one pair (row, member) per member of ``key``'s CSR bucket."""
    starts = ptr[keys]
    counts = ptr[keys + 1] - starts
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ends = np.cumsum(counts)
    within = np.arange(total, dtype=np.int64) - np.repeat(ends - counts, counts)
    return np.repeat(rows, counts), members[np.repeat(starts, counts) + within]


def _csr(keys: list[int], members: list[int], n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    key = np.asarray(keys, dtype=np.int64)
    member = np.asarray(members, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    ptr = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(key, minlength=n_keys), out=ptr[1:])
    return ptr, member[order]


def candidate_graph(
    needs: Sequence[NeedFacts],
    offers: Sequence[OfferFacts],
    ctx: Context,
    weights: Weights = Weights(),
    per_need: int = 50,
) -> CandidateGraph:
    """The candidate graph of :func:`candidate_edges`, as arrays.

    Offers are indexed once by (resource kind, domain, served region) and, for
    collaborations, by (resource kind, domain, provider region) where that region supports
    another; each need looks up only the keys of the regions on its path. The pairs found are
    scored with array arithmetic (the same integer formulas as :func:`score`), cut to windows
    that overlap, and each need keeps its ``per_need`` best, ties by offer id.
    """
    w = weights
    need_ids = [n.id for n in needs]
    offer_ids = [o.id for o in offers]
    empty = np.zeros(0, dtype=np.int64)
    if per_need <= 0 or not needs or not offers:
        return CandidateGraph(need_ids, offer_ids, empty, empty, empty, empty)

    supporting_codes = {s for s, _ in ctx.collaborations}
    key_ids: dict[tuple[str, str, str], int] = {}
    served_keys: list[int] = []
    served_offers: list[int] = []
    provider_keys: list[int] = []
    provider_offers: list[int] = []
    org_ids: dict[str, int] = {}
    community_ids: dict[str, int] = {}
    for org, community in ctx.pairings:
        org_ids.setdefault(org, len(org_ids))
        community_ids.setdefault(community, len(community_ids))
    n_communities = max(1, len(community_ids))
    pairing_keys = np.asarray(
        sorted(org_ids[o] * n_communities + community_ids[c] for o, c in ctx.pairings),
        dtype=np.int64,
    )

    n_offers = len(offers)
    # Per-offer columns as lists first: a numpy element assignment costs ~100 ns a time.
    static_: list[int] = []
    o_org_: list[int] = []
    for i, offer in enumerate(offers):
        n_domains = len(offer.domains)
        static_.append(
            (_domain_points(w.domain, n_domains) if n_domains else 0)
            + _grade_points(w.grade, offer.grade)
            + _rating_points(w.rating, offer.rating_average, offer.rating_count)
        )
        o_org_.append(
            org_ids.get(offer.provider_id, -1) if offer.provider_kind == "organization" else -1
        )
        if offer.remaining <= 0:
            continue
        kind = offer.resource_kind
        for domain in offer.domains:
            for code in offer.service_region_codes:
                served_keys.append(key_ids.setdefault((kind, domain, code), len(key_ids)))
                served_offers.append(i)
            for code in offer.provider_region_path:
                if code in supporting_codes:
                    provider_keys.append(key_ids.setdefault((kind, domain, code), len(key_ids)))
                    provider_offers.append(i)
    static = np.asarray(static_, dtype=np.int64)
    o_org = np.asarray(o_org_, dtype=np.int64)
    remaining = np.asarray([o.remaining for o in offers], dtype=np.int64)
    o_start = np.asarray([o.window_start.toordinal() for o in offers], dtype=np.int64)
    o_end = np.asarray([o.window_end.toordinal() for o in offers], dtype=np.int64)
    served_ptr, served_members = _csr(served_keys, served_offers, len(key_ids))
    provider_ptr, provider_members = _csr(provider_keys, provider_offers, len(key_ids))

    n_needs = len(needs)
    quantity = np.asarray([n.quantity for n in needs], dtype=np.int64)
    n_start = np.asarray([n.window_start.toordinal() for n in needs], dtype=np.int64)
    n_end = np.asarray([n.window_end.toordinal() for n in needs], dtype=np.int64)
    n_base = np.asarray([_urgency_points(w.urgency, n.urgency) for n in needs], dtype=np.int64)
    n_community = np.asarray([community_ids.get(n.community_id, -1) for n in needs], dtype=np.int64)
    q_need: list[int] = []  # (need, key, level) of the served-region lookups
    q_key: list[int] = []
    q_level: list[int] = []
    c_need: list[int] = []  # (need, key) of the collaboration lookups
    c_key: list[int] = []
    for j, need in enumerate(needs):
        if need.quantity <= 0:
            continue
        kind, domain = need.resource_kind, need.domain
        for level, code in enumerate(need.region_path):
            k = key_ids.get((kind, domain, code))
            if k is not None:
                q_need.append(j)
                q_key.append(k)
                q_level.append(level)
            for supporting in ctx.supporting(code):
                k = key_ids.get((kind, domain, supporting))
                if k is not None:
                    c_need.append(j)
                    c_key.append(k)
    queries = (
        np.asarray(q_need, dtype=np.int64),
        np.asarray(q_key, dtype=np.int64),
        np.asarray(q_level, dtype=np.int64),
    )
    collab_queries = (np.asarray(c_need, dtype=np.int64), np.asarray(c_key, dtype=np.int64))

    offer_rank = np.empty(n_offers, dtype=np.int64)
    offer_rank[sorted(range(n_offers), key=offer_ids.__getitem__)] = np.arange(n_offers)

    parts: list[tuple[np.ndarray, ...]] = []
    pairs_per_need = np.bincount(
        queries[0], weights=np.diff(served_ptr)[queries[1]], minlength=n_needs
    ) + np.bincount(
        collab_queries[0], weights=np.diff(provider_ptr)[collab_queries[1]], minlength=n_needs
    )
    for lo, hi in _blocks(pairs_per_need.astype(np.int64), _PAIR_BUDGET):
        # the lookups were made need by need, so each block's are one slice
        q = slice(*np.searchsorted(queries[0], [lo, hi]).tolist())
        c = slice(*np.searchsorted(collab_queries[0], [lo, hi]).tolist())
        s_need, s_offer = _expand(queries[0][q], queries[1][q], served_ptr, served_members)
        s_level = np.repeat(queries[2][q], np.diff(served_ptr)[queries[1][q]])
        k_need, k_offer = _expand(
            collab_queries[0][c], collab_queries[1][c], provider_ptr, provider_members
        )
        need_ix = np.concatenate([s_need, k_need])
        if not len(need_ix):
            continue
        offer_ix = np.concatenate([s_offer, k_offer])
        nearest = np.concatenate([s_level, np.full(len(k_need), _NO_LEVEL, dtype=np.int64)])
        collab = np.concatenate([np.zeros(len(s_need), bool), np.ones(len(k_need), bool)])
        # One row per (need, offer): the nearest served level, and whether a collaboration holds.
        pair = need_ix * n_offers + offer_ix
        order = np.lexsort((nearest, pair))
        pair, nearest, collab = pair[order], nearest[order], collab[order]
        first = np.ones(len(pair), dtype=bool)
        first[1:] = pair[1:] != pair[:-1]
        starts = np.flatnonzero(first)
        nearest = nearest[starts]  # sorted by level within a pair: the first is the nearest
        collab = np.maximum.reduceat(collab, starts)
        need_ix, offer_ix = need_ix[order][starts], offer_ix[order][starts]

        ns, ne, os_, oe = n_start[need_ix], n_end[need_ix], o_start[offer_ix], o_end[offer_ix]
        overlap = np.minimum(ne, oe) - np.maximum(ns, os_) + 1
        keep = overlap > 0
        need_ix, offer_ix, nearest, collab, overlap = (
            need_ix[keep],
            offer_ix[keep],
            nearest[keep],
            collab[keep],
            overlap[keep],
        )
        need_days = n_end[need_ix] - n_start[need_ix] + 1
        qty, rem = quantity[need_ix], remaining[offer_ix]
        total = n_base[need_ix] + static[offer_ix]
        total += np.where(
            nearest < _NO_LEVEL,
            w.region * (_REGION_STEPS - np.minimum(nearest, _REGION_STEPS - 1)) // _REGION_STEPS,
            0,
        )
        total += np.where(collab, w.collaboration, 0)
        org, community = o_org[offer_ix], n_community[need_ix]
        paired = (org >= 0) & (community >= 0)
        paired[paired] = np.isin(
            org[paired] * n_communities + community[paired], pairing_keys, assume_unique=False
        )
        total += np.where(paired, w.pairing, 0)
        total += w.window * np.minimum(overlap, need_days) // np.maximum(need_days, 1)
        total += np.where(rem >= qty, w.capacity, w.capacity * rem // np.maximum(qty, 1))

        # Each need's per_need best, ties by offer id.
        order = np.lexsort((offer_rank[offer_ix], -total, need_ix))
        need_ix, offer_ix, total = need_ix[order], offer_ix[order], total[order]
        group_start = np.ones(len(need_ix), dtype=bool)
        group_start[1:] = need_ix[1:] != need_ix[:-1]
        starts = np.flatnonzero(group_start)
        position = np.arange(len(need_ix)) - np.repeat(
            starts, np.diff(np.append(starts, len(need_ix)))
        )
        keep = position < per_need
        need_ix, offer_ix, total = need_ix[keep], offer_ix[keep], total[keep]
        parts.append((need_ix, offer_ix, total, np.minimum(quantity[need_ix], remaining[offer_ix])))
    if not parts:
        return CandidateGraph(need_ids, offer_ids, empty, empty, empty, empty)
    need_all, offer_all, score_all, cap_all = (np.concatenate(x) for x in zip(*parts, strict=True))
    return CandidateGraph(need_ids, offer_ids, need_all, offer_all, score_all, cap_all)


def candidate_edges(
    needs: Sequence[NeedFacts],
    offers: Sequence[OfferFacts],
    ctx: Context,
    weights: Weights = Weights(),
    per_need: int = 50,
) -> list[Edge]:
    """The candidate graph: for each need, its ``per_need`` best eligible offers as edges.

    The same edges (and scores) as ranking every offer for every need with :func:`score`, but
    only offers that can reach a need are looked at (see :func:`candidate_graph`, which this
    returns as :class:`Edge` objects). Edges come need by need in the order of ``needs``, each
    need's best first, ties by offer id.
    """
    return candidate_graph(needs, offers, ctx, weights, per_need).edges()
