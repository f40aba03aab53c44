import pytest

from domain.scales import DEFAULT, ONET, PERCENT, SFIA, get_scale, onet_importance_to_default


@pytest.mark.parametrize(
    ("level", "expected"), [(1, 1), (2, 2), (3, 3), (4, 4), (5, 4), (6, 5), (7, 5)]
)
def test_sfia_levels_map_onto_default_scale(level: int, expected: int) -> None:
    assert SFIA.to_default(level) == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [(0, 0), (1, 1), (2, 1), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5), (4.62, 3), (3.5, 3)],
)
def test_onet_levels_map_linearly_with_halves_up(level: float, expected: int) -> None:
    # 4.62 * 5/7 = 3.30 -> 3; 3.5 * 5/7 = 2.5 -> 3 (half up)
    assert ONET.to_default(level) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (9, 0),
        (10, 1),
        (29, 1),
        (30, 2),
        (49, 2),
        (50, 3),
        (69, 3),
        (70, 4),
        (89, 4),
        (90, 5),
        (100, 5),
        (75, 4),
    ],
)
def test_percent_maps_by_twenties(value: int, expected: int) -> None:
    assert PERCENT.to_default(value) == expected


@pytest.mark.parametrize(
    ("scale", "value"),
    [(SFIA, 0), (SFIA, 8), (ONET, 7.5), (PERCENT, 101), (DEFAULT, 6), (DEFAULT, -1)],
)
def test_out_of_range_values_are_rejected(scale, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="outside"):
        scale.to_default(value)


def test_whole_levels_required_where_the_scale_has_no_fractions() -> None:
    with pytest.raises(ValueError, match="not a whole level"):
        SFIA.to_default(3.5)
    with pytest.raises(ValueError, match="not a whole level"):
        DEFAULT.to_default(2.5)


def test_scale_lookup_by_name() -> None:
    assert get_scale("") is DEFAULT
    assert get_scale("SFIA") is SFIA
    with pytest.raises(ValueError, match="unknown scale 'esco'"):
        get_scale("esco")


def test_onet_importance() -> None:
    assert onet_importance_to_default(3.62) == 4
    assert onet_importance_to_default(1.0) == 1
    with pytest.raises(ValueError):
        onet_importance_to_default(0.5)


def test_default_labels() -> None:
    assert DEFAULT.label(3) == "proficient"
    assert SFIA.label(6) == "initiate, influence"
