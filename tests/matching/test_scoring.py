"""The explained score: its parts, eligibility clause by clause, the collaboration's direction,
monotonicity, ranking, and the indexed candidate graph against scoring every pair."""

from __future__ import annotations

import dataclasses
import datetime
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.matching.domain import scoring
from services.matching.domain.scoring import (
    PARTS,
    URGENCIES,
    Context,
    Edge,
    NeedFacts,
    OfferFacts,
    Weights,
    candidate_edges,
    candidate_graph,
    eligible,
    rank,
    score,
)

D = datetime.date
VILLAGE = "520102001001"
PATH = (VILLAGE, "520102001", "520102", "520100", "520000")  # village → province (Guizhou)
EAST = ("330106", "330100", "330000")  # a district of Hangzhou → Zhejiang
CJK = re.compile(r"[\u4e00-\u9fff]")


def need(**changes: object) -> NeedFacts:
    base = NeedFacts(
        id="n1",
        community_id="c1",
        region_path=PATH,
        domain="elderly_care",
        resource_kind="team",
        quantity=3,
        window_start=D(2026, 3, 1),
        window_end=D(2026, 3, 30),
        urgency="normal",
    )
    return dataclasses.replace(base, **changes)


def offer(**changes: object) -> OfferFacts:
    base = OfferFacts(
        id="o1",
        provider_kind="organization",
        provider_id="org1",
        domains=frozenset({"elderly_care"}),
        resource_kind="team",
        remaining=5,
        service_region_codes=frozenset({VILLAGE}),
        window_start=D(2026, 1, 1),
        window_end=D(2026, 12, 31),
        provider_region_path=EAST,
        grade=4,
        rating_average=4.5,
        rating_count=20,
    )
    return dataclasses.replace(base, **changes)


NONE = Context()
COLLAB = Context(collaborations=frozenset({("330100", "520100")}))  # Hangzhou supports Guiyang


class TestScoreParts:
    def test_parts_are_the_weights_fields_and_sum_to_total(self) -> None:
        s = score(need(), offer(), NONE)
        assert s is not None
        assert tuple(s.parts) == PARTS == tuple(f.name for f in dataclasses.fields(Weights))
        assert sum(s.parts.values()) == s.total

    def test_a_full_fit_scores_every_part_at_its_weight_but_rating(self) -> None:
        ctx = Context(
            collaborations=frozenset({("330100", "520100")}),
            pairings=frozenset({("org1", "c1")}),
        )
        s = score(need(urgency="critical"), offer(grade=5, remaining=3), ctx)
        assert s is not None
        w = Weights()
        expected = dataclasses.asdict(w)
        # rating 4.5 × 20 shrunk by 5 neutral ratings: (90 + 15) / 25 = 4.2 → (4.2 - 1) / 4
        expected["rating"] = round(w.rating * 3.2 / 4)
        assert s.parts == expected
        assert s.total == w.maximum - w.rating + expected["rating"]

    def test_reasons_are_chinese_sentences_for_the_parts_that_scored(self) -> None:
        s = score(need(urgency="low"), offer(grade=None), NONE)
        assert s is not None
        assert set(s.reasons) == {part for part, points in s.parts.items() if points > 0}
        assert "grade" not in s.reasons
        assert "urgency" not in s.reasons
        assert "pairing" not in s.reasons
        assert "collaboration" not in s.reasons
        assert all(CJK.search(text) for text in s.reasons.values())
        assert s.reasons["region"] == f"服务区域覆盖需求所在地 ({VILLAGE})"

    def test_a_specialist_scores_more_domain_fit_than_a_generalist(self) -> None:
        one = score(need(), offer(), NONE)
        three = score(need(), offer(domains=frozenset({"elderly_care", "children", "legal"})), NONE)
        assert one is not None
        assert three is not None
        assert one.parts["domain"] == Weights().domain
        assert three.parts["domain"] == Weights().domain * 4 // 6
        assert "共 3 个领域" in three.reasons["domain"]

    def test_the_need_s_own_region_scores_more_than_each_ancestor(self) -> None:
        points = []
        for level, code in enumerate(PATH):
            s = score(need(), offer(service_region_codes=frozenset({code})), NONE)
            assert s is not None
            points.append(s.parts["region"])
            if level:
                assert f"上溯 {level} 级" in s.reasons["region"]
        assert points == sorted(points, reverse=True)
        assert len(set(points)) == len(points)
        assert points[0] == Weights().region
        assert points[-1] > 0

    def test_the_nearest_of_several_served_regions_counts(self) -> None:
        s = score(need(), offer(service_region_codes=frozenset({"520000", "520102"})), NONE)
        assert s is not None
        assert s.parts["region"] == Weights().region * 3 // 5  # two levels up

    def test_pairing_counts_only_for_the_paired_organization_and_community(self) -> None:
        ctx = Context(pairings=frozenset({("org1", "c1")}))
        assert score(need(), offer(), ctx).parts["pairing"] == Weights().pairing
        other_community = score(need(community_id="c2"), offer(), ctx)
        volunteer = score(need(), offer(provider_kind="volunteer"), ctx)
        assert other_community is not None
        assert volunteer is not None
        assert other_community.parts["pairing"] == 0
        assert volunteer.parts["pairing"] == 0

    def test_grade_scales_with_the_grade_and_none_scores_nothing(self) -> None:
        grades = [score(need(), offer(grade=g), NONE).parts["grade"] for g in (1, 2, 3, 4, 5)]
        assert grades == [10, 20, 30, 40, 50]
        assert score(need(), offer(grade=None), NONE).parts["grade"] == 0
        assert score(need(), offer(grade=7), NONE).parts["grade"] == 0

    def test_window_scores_the_share_of_the_need_s_window_covered(self) -> None:
        # the need runs 30 days (1-30 March); the offer covers 1-15 March, ends inclusive
        s = score(need(), offer(window_end=D(2026, 3, 15)), NONE)
        assert s is not None
        assert s.parts["window"] == Weights().window * 15 // 30
        assert "15/30" in s.reasons["window"]

    def test_capacity_is_full_when_the_offer_can_fill_the_need_alone(self) -> None:
        enough = score(need(quantity=3), offer(remaining=3), NONE)
        short = score(need(quantity=4), offer(remaining=1), NONE)
        assert enough is not None
        assert short is not None
        assert enough.parts["capacity"] == Weights().capacity
        assert short.parts["capacity"] == Weights().capacity // 4

    def test_urgency_levels_score_in_order(self) -> None:
        points = [score(need(urgency=u), offer(), NONE).parts["urgency"] for u in URGENCIES]
        assert points == [0, 8, 16, 25]


class TestRating:
    def test_no_rating_is_neutral(self) -> None:
        unrated = score(need(), offer(rating_average=None, rating_count=0), NONE)
        assert unrated is not None
        assert unrated.parts["rating"] == Weights().rating // 2
        assert "暂无评价" in unrated.reasons["rating"]

    def test_few_ratings_are_shrunk_toward_neutral(self) -> None:
        one_five = score(need(), offer(rating_average=5.0, rating_count=1), NONE)
        many_fives = score(need(), offer(rating_average=5.0, rating_count=200), NONE)
        one_one = score(need(), offer(rating_average=1.0, rating_count=1), NONE)
        assert one_five is not None
        assert many_fives is not None
        assert one_one is not None
        # one 5-star rating is worth (5 + 15) / 6 = 3.33, not a perfect 5
        assert one_five.parts["rating"] == round(50 * (20 / 6 - 1) / 4)
        assert Weights().rating // 2 < one_five.parts["rating"] < many_fives.parts["rating"]
        assert one_one.parts["rating"] < Weights().rating // 2

    def test_an_average_out_of_range_is_clamped(self) -> None:
        s = score(need(), offer(rating_average=9.0, rating_count=10_000), NONE)
        assert s is not None
        assert s.parts["rating"] <= Weights().rating


class TestEligibility:
    def test_the_reference_pair_is_eligible(self) -> None:
        assert eligible(need(), offer(), NONE)

    @pytest.mark.parametrize(
        ("need_changes", "offer_changes"),
        [
            pytest.param({}, {"resource_kind": "funds"}, id="another-resource-kind"),
            pytest.param({}, {"domains": frozenset({"children"})}, id="domain-not-offered"),
            pytest.param({}, {"remaining": 0}, id="no-capacity-left"),
            pytest.param({"quantity": 0}, {}, id="need-wants-nothing"),
            pytest.param({}, {"window_end": D(2026, 2, 28)}, id="offer-window-ends-before"),
            pytest.param({}, {"window_start": D(2026, 3, 31)}, id="offer-window-starts-after"),
            pytest.param(
                {}, {"service_region_codes": frozenset({"520103"})}, id="serves-a-sibling-county"
            ),
            pytest.param(
                {}, {"service_region_codes": frozenset({"520102001002"})}, id="serves-a-sibling"
            ),
            pytest.param(
                {"region_path": ("520102",)},
                {"service_region_codes": frozenset({VILLAGE})},
                id="a-descendant-does-not-serve-its-ancestor",
            ),
        ],
    )
    def test_each_clause_excludes(self, need_changes: dict, offer_changes: dict) -> None:
        n, o = need(**need_changes), offer(**offer_changes)
        assert not eligible(n, o, NONE)
        assert score(n, o, NONE) is None
        if "service_region_codes" not in offer_changes:
            # a collaboration reaching the need rescues no other clause
            assert eligible(need(), offer(service_region_codes=frozenset()), COLLAB)
            assert not eligible(n, dataclasses.replace(o, service_region_codes=frozenset()), COLLAB)
            assert score(n, o, COLLAB) is None

    def test_windows_touching_on_one_day_overlap(self) -> None:
        s = score(need(), offer(window_end=D(2026, 3, 1)), NONE)
        assert s is not None
        assert s.parts["window"] == Weights().window * 1 // 30

    def test_a_collaboration_reaches_a_need_no_served_region_covers(self) -> None:
        o = offer(service_region_codes=frozenset({"330106"}))
        assert not eligible(need(), o, NONE)
        assert eligible(need(), o, COLLAB)
        s = score(need(), o, COLLAB)
        assert s is not None
        assert s.parts["region"] == 0
        assert s.parts["collaboration"] == Weights().collaboration
        assert "330100" in s.reasons["collaboration"]
        assert "520100" in s.reasons["collaboration"]

    def test_collaboration_and_region_both_count_when_both_hold(self) -> None:
        s = score(need(), offer(), COLLAB)
        assert s is not None
        assert s.parts["region"] == Weights().region
        assert s.parts["collaboration"] == Weights().collaboration

    def test_west_to_east_is_not_a_collaboration_fit(self) -> None:
        """The provider in the receiving region and the need in the supporting one: no fit."""
        eastern_need = need(region_path=("330106001001", "330106001", "330106", "330100", "330000"))
        western_offer = offer(
            provider_region_path=("520102", "520100", "520000"),
            service_region_codes=frozenset({"520102"}),
        )
        assert not eligible(eastern_need, western_offer, COLLAB)
        serving_east = dataclasses.replace(
            western_offer, service_region_codes=frozenset({"330106"})
        )
        s = score(eastern_need, serving_east, COLLAB)
        assert s is not None
        assert s.parts["collaboration"] == 0

    def test_a_provider_without_a_known_region_has_no_collaboration(self) -> None:
        o = offer(provider_region_path=(), service_region_codes=frozenset({"330106"}))
        assert not eligible(need(), o, COLLAB)


class TestWeights:
    def test_weights_are_configuration(self) -> None:
        w = Weights(domain=0, region=0, collaboration=0, pairing=0, rating=0, window=0)
        s = score(need(urgency="critical"), offer(grade=5), NONE, w)
        assert s is not None
        assert s.total == w.grade + w.capacity + w.urgency
        assert set(s.reasons) == {"grade", "capacity", "urgency"}

    @pytest.mark.parametrize("bad", [-1, 1.5, True])
    def test_a_weight_must_be_a_non_negative_integer(self, bad: object) -> None:
        with pytest.raises(ValueError, match="domain"):
            Weights(domain=bad)


# -- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[NeedFacts, OfferFacts]:
    n_start = draw(dates)
    n_end = draw(st.dates(min_value=n_start, max_value=D(2027, 6, 30)))
    o_start = draw(st.dates(min_value=D(2025, 6, 1), max_value=n_end))
    o_end = draw(st.dates(min_value=max(o_start, n_start), max_value=D(2027, 12, 31)))
    level = draw(st.integers(0, len(PATH) - 1))
    n = need(
        quantity=draw(st.integers(1, 20)),
        window_start=n_start,
        window_end=n_end,
        urgency=draw(st.sampled_from(list(URGENCIES))),
    )
    o = offer(
        remaining=draw(st.integers(1, 20)),
        window_start=o_start,
        window_end=o_end,
        service_region_codes=frozenset({PATH[level]}),
        domains=frozenset({"elderly_care"})
        | draw(st.frozensets(st.sampled_from(["a", "b", "c", "d"]))),
        grade=draw(st.one_of(st.none(), st.integers(1, 5))),
        rating_average=draw(st.one_of(st.none(), st.floats(1, 5))),
        rating_count=draw(st.integers(0, 500)),
        provider_kind=draw(st.sampled_from(["organization", "volunteer", "donor"])),
    )
    return n, o


class TestProperties:
    @given(pairs(), st.booleans(), st.booleans())
    @settings(max_examples=300, deadline=None)
    def test_parts_sum_to_total_within_the_weights(
        self, pair: tuple[NeedFacts, OfferFacts], collab: bool, paired: bool
    ) -> None:
        n, o = pair
        ctx = Context(
            collaborations=COLLAB.collaborations if collab else frozenset(),
            pairings=frozenset({("org1", "c1")}) if paired else frozenset(),
        )
        s = score(n, o, ctx)
        assert s is not None
        assert sum(s.parts.values()) == s.total
        w = dataclasses.asdict(Weights())
        assert all(0 <= s.parts[p] <= w[p] for p in PARTS)
        assert s.parts["domain"] > 0
        assert s.parts["window"] >= 0

    @given(pairs(), st.integers(1, 30))
    @settings(max_examples=200, deadline=None)
    def test_more_remaining_never_scores_less(
        self, pair: tuple[NeedFacts, OfferFacts], more: int
    ) -> None:
        n, o = pair
        before = score(n, o, NONE)
        after = score(n, dataclasses.replace(o, remaining=o.remaining + more), NONE)
        assert before is not None
        assert after is not None
        assert after.total >= before.total

    @given(pairs())
    @settings(max_examples=200, deadline=None)
    def test_a_better_grade_rating_or_urgency_never_scores_less(
        self, pair: tuple[NeedFacts, OfferFacts]
    ) -> None:
        n, o = pair
        base = score(n, o, NONE)
        assert base is not None
        graded = dataclasses.replace(o, grade=min(5, (o.grade or 0) + 1))
        rated = dataclasses.replace(o, rating_average=5.0, rating_count=max(1, o.rating_count))
        urgent = dataclasses.replace(n, urgency="critical")
        for better_n, better_o in ((n, graded), (n, rated), (urgent, o)):
            better = score(better_n, better_o, NONE)
            assert better is not None
            assert better.total >= base.total

    @given(pairs())
    @settings(max_examples=200, deadline=None)
    def test_a_wider_offer_window_never_scores_less(
        self, pair: tuple[NeedFacts, OfferFacts]
    ) -> None:
        n, o = pair
        wider = dataclasses.replace(
            o,
            window_start=o.window_start - datetime.timedelta(days=30),
            window_end=o.window_end + datetime.timedelta(days=30),
        )
        base, after = score(n, o, NONE), score(n, wider, NONE)
        assert base is not None
        assert after is not None
        assert after.parts["window"] >= base.parts["window"]
        assert after.total >= base.total


# -- ranking and the candidate graph ----------------------------------------------------------


class TestRank:
    def test_best_first_ties_by_offer_id_and_limit(self) -> None:
        offers = [
            offer(id="o-c"),
            offer(id="o-a"),
            offer(id="o-b", grade=5),
            offer(id="o-x", resource_kind="funds"),
            offer(id="o-d", service_region_codes=frozenset({"520000"})),
        ]
        ranked = rank(need(), offers, NONE, limit=3)
        assert [o.id for o, _ in ranked] == ["o-b", "o-a", "o-c"]
        totals = [s.total for _, s in ranked]
        assert totals == sorted(totals, reverse=True)
        assert [o.id for o, _ in rank(need(), offers, NONE, limit=10)][-1] == "o-d"
        assert rank(need(), offers, NONE, limit=0) == []

    @pytest.mark.parametrize("seed", range(200))
    def test_ranks_as_sorting_every_explained_score_does(self, seed: int) -> None:
        """rank() adds points without building parts: it must agree with score() exactly."""
        needs, offers, ctx = random_scoring_instance(random.Random(seed))
        for n in needs:
            scored = [(o, s) for o in offers if (s := score(n, o, ctx)) is not None]
            expected = sorted(scored, key=lambda pair: (-pair[1].total, pair[0].id))
            assert rank(n, offers, ctx, limit=1000) == expected
            assert rank(n, offers, ctx, limit=2) == expected[:2]

    def test_a_pairing_or_a_collaboration_lifts_an_offer(self) -> None:
        ctx = Context(
            collaborations=frozenset({("330100", "520100")}),
            pairings=frozenset({("org-paired", "c1")}),
        )
        offers = [
            offer(id="o-a", provider_id="org-plain", provider_region_path=("520102", "520100")),
            offer(id="o-b", provider_id="org-paired", provider_region_path=("520102", "520100")),
            offer(id="o-c", provider_id="org-east"),
        ]
        ranked = rank(need(), offers, ctx)
        assert [o.id for o, _ in ranked] == ["o-b", "o-c", "o-a"]
        assert ranked[0][1].total - ranked[2][1].total == Weights().pairing

    def test_nothing_eligible_ranks_nothing(self) -> None:
        assert rank(need(), [offer(resource_kind="funds")], NONE) == []


REGION_TREE = {
    "52": None,
    "5201": "52",
    "5202": "52",
    "520101": "5201",
    "520102": "5201",
    "520201": "5202",
    "33": None,
    "3301": "33",
    "330101": "3301",
}


def _path(code: str) -> tuple[str, ...]:
    path = [code]
    while (parent := REGION_TREE[path[-1]]) is not None:
        path.append(parent)
    return tuple(path)


def random_scoring_instance(
    rng: random.Random,
) -> tuple[list[NeedFacts], list[OfferFacts], Context]:
    codes = list(REGION_TREE)
    domains = ["elderly_care", "children", "legal"]
    kinds = ["team", "funds"]

    def window() -> tuple[D, D]:
        start = D(2026, 1, 1) + datetime.timedelta(days=rng.randrange(40))
        return start, start + datetime.timedelta(days=rng.randrange(90))

    needs = []
    for i in range(rng.randrange(1, 15)):
        ws, we = window()
        needs.append(
            NeedFacts(
                id=f"n{i:02}",
                community_id=f"c{rng.randrange(4)}",
                region_path=_path(rng.choice(codes)),
                domain=rng.choice(domains),
                resource_kind=rng.choice(kinds),
                quantity=rng.randrange(0, 5),
                window_start=ws,
                window_end=we,
                urgency=rng.choice(list(URGENCIES)),
            )
        )
    offers = []
    for i in range(rng.randrange(1, 25)):
        ws, we = window()
        rated = rng.random() < 0.6
        offers.append(
            OfferFacts(
                id=f"o{i:02}",
                provider_kind=rng.choice(["organization", "volunteer", "donor"]),
                provider_id=f"org{rng.randrange(4)}",
                domains=frozenset(rng.sample(domains, rng.randrange(1, 3))),
                resource_kind=rng.choice(kinds),
                remaining=rng.randrange(0, 6),
                service_region_codes=frozenset(rng.sample(codes, rng.randrange(0, 4))),
                window_start=ws,
                window_end=we,
                provider_region_path=_path(rng.choice(codes)) if rng.random() < 0.8 else (),
                grade=rng.choice([None, 1, 3, 5]),
                rating_average=rng.uniform(1, 5) if rated else None,
                rating_count=rng.randrange(1, 40) if rated else 0,
            )
        )
    ctx = Context(
        collaborations=frozenset(
            {("3301", "5201"), ("33", "5202"), ("330101", "520102")}
            if rng.random() < 0.7
            else set()
        ),
        pairings=frozenset(
            (f"org{rng.randrange(4)}", f"c{rng.randrange(4)}") for _ in range(rng.randrange(8))
        ),
    )
    return needs, offers, ctx


class TestCandidateEdges:
    @pytest.mark.parametrize("seed", range(300))
    def test_the_index_finds_what_scoring_every_pair_finds(
        self, seed: int, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        rng = random.Random(seed)
        needs, offers, ctx = random_scoring_instance(rng)
        per_need = rng.choice([1, 2, 3, 50])
        # needs are scored in blocks of a pair budget: one need a block, a few, and all at once
        monkeypatch.setattr(scoring, "_PAIR_BUDGET", rng.choice([1, 7, 40, 10**9]))
        expected: list[Edge] = []
        for n in needs:
            for o, s in rank(n, offers, ctx, limit=per_need):
                expected.append(Edge(n.id, o.id, s.total, min(n.quantity, o.remaining)))
        assert candidate_edges(needs, offers, ctx, per_need=per_need) == expected

    def test_the_graph_s_arrays_are_the_edges(self) -> None:
        needs, offers, ctx = random_scoring_instance(random.Random(5))
        graph = candidate_graph(needs, offers, ctx)
        edges = candidate_edges(needs, offers, ctx)
        assert len(graph) == len(edges) > 0
        assert graph.edges() == edges
        assert [graph.need_ids[i] for i in graph.need.tolist()] == [e.need_id for e in edges]

    def test_without_drops_exactly_the_pairs_given(self) -> None:
        needs, offers, ctx = random_scoring_instance(random.Random(8))
        graph = candidate_graph(needs, offers, ctx)
        edges = graph.edges()
        gone = {(e.need_id, e.offer_id) for e in edges[::3]} | {("nobody", "nothing")}
        smaller = graph.without(gone)
        assert smaller.edges() == [e for e in edges if (e.need_id, e.offer_id) not in gone]
        assert len(smaller) < len(graph)
        assert graph.without(set()) is graph
        assert graph.without({("nobody", "nothing")}) is graph

    def test_custom_weights_reach_the_edges(self) -> None:
        w = Weights(domain=1, region=0, collaboration=0, pairing=0, grade=0, rating=0, window=0)
        edges = candidate_edges([need()], [offer()], NONE, w)
        assert edges == [Edge("n1", "o1", 1 + w.capacity + w.urgency // 3, 3)]

    def test_empty_and_degenerate_inputs(self) -> None:
        assert candidate_edges([], [offer()], NONE) == []
        assert candidate_edges([need()], [], NONE) == []
        assert candidate_edges([need()], [offer()], NONE, per_need=0) == []
        assert candidate_edges([need(quantity=0)], [offer()], NONE) == []
        assert candidate_edges([need()], [offer(remaining=0)], NONE) == []

    def test_ties_go_by_offer_id_also_at_the_cut(self) -> None:
        twins = [offer(id=f"o-{c}") for c in "dbeac"]
        edges = candidate_edges([need()], twins, NONE, per_need=3)
        assert len({e.score for e in edges}) == 1
        assert [e.offer_id for e in edges] == ["o-a", "o-b", "o-c"]

    def test_edge_capacity_is_the_smaller_side(self) -> None:
        edges = candidate_edges(
            [need(id="big", quantity=9), need(id="small", quantity=2)], [offer(remaining=4)], NONE
        )
        assert [(e.need_id, e.capacity) for e in edges] == [("big", 4), ("small", 2)]
