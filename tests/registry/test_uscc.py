"""The credit-code checker on its own (no database)."""

from __future__ import annotations

import random

import pytest

from services.registry.domain.uscc import (
    ALPHABET,
    UsccError,
    check_character,
    check_uscc,
    make_uscc,
    org_code_check_character,
)


class TestCheckCharacter:
    def test_known_enterprise_code_is_consistent(self) -> None:
        # A widely published sample code: its pos-18 and GB 11714 pos-17 characters agree.
        code = "91350100M000100Y43"
        assert check_character(code[:17]) == code[17]
        assert org_code_check_character(code[8:16]) == code[16]

    def test_31_maps_to_zero(self) -> None:
        rng = random.Random(7)
        for _ in range(2000):
            first17 = "51" + "".join(rng.choice(ALPHABET) for _ in range(15))
            assert check_character(first17) in ALPHABET

    def test_org_code_ten_is_x_and_eleven_is_zero(self) -> None:
        seen = {org_code_check_character(f"{n:08d}") for n in range(0, 400)}
        assert "X" in seen
        assert "0" in seen


class TestCheckUscc:
    @pytest.mark.parametrize(
        "legal_form", ["social_group", "social_service_agency", "foundation", "other"]
    )
    def test_generated_codes_pass(self, legal_form: str) -> None:
        code = make_uscc(legal_form)
        parsed = check_uscc(code, legal_form)
        assert parsed.legal_form == legal_form
        assert parsed.division == "330203"

    def test_blanks_and_case_are_normalized(self) -> None:
        code = make_uscc()
        assert check_uscc(f"  {code.lower()} ").value == code

    @pytest.mark.parametrize("bad", ["", "5133", "5" * 19])
    def test_wrong_length(self, bad: str) -> None:
        with pytest.raises(UsccError) as info:
            check_uscc(bad)
        assert info.value.code == "uscc_invalid"

    @pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
    def test_letters_outside_the_alphabet(self, letter: str) -> None:
        code = make_uscc()
        with pytest.raises(UsccError) as info:
            check_uscc(code[:10] + letter + code[11:])
        assert info.value.code == "uscc_invalid"

    def test_every_wrong_check_character_is_caught(self) -> None:
        code = make_uscc()
        for ch in ALPHABET:
            if ch != code[17]:
                with pytest.raises(UsccError):
                    check_uscc(code[:17] + ch)

    def test_wrong_org_code_check_character(self) -> None:
        code = make_uscc()
        wrong = next(c for c in "0123456789X" if c != code[16])
        first17 = code[:16] + wrong
        with pytest.raises(UsccError) as info:
            check_uscc(first17 + check_character(first17))
        assert "组织机构代码" in info.value.message

    def test_enterprise_authority(self) -> None:
        with pytest.raises(UsccError) as info:
            check_uscc(make_uscc(authority="9"))
        assert info.value.code == "uscc_enterprise"

    def test_other_authority(self) -> None:
        with pytest.raises(UsccError) as info:
            check_uscc(make_uscc(authority="1"))
        assert info.value.code == "uscc_wrong_authority"

    def test_unknown_category(self) -> None:
        base = make_uscc()
        first17 = "54" + base[2:17]
        with pytest.raises(UsccError) as info:
            check_uscc(first17 + check_character(first17))
        assert info.value.code == "uscc_invalid"

    def test_category_must_match_legal_form(self) -> None:
        with pytest.raises(UsccError) as info:
            check_uscc(make_uscc("foundation"), "social_service_agency")
        assert info.value.code == "uscc_category_mismatch"
