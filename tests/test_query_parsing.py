"""Query parameters are parsed strictly: what is not plainly a number or a slug is ignored.

`str.isdigit()` accepts superscripts and circled digits that `int()` refuses; these were 500s.
"""

import time

import pytest
from django.http import QueryDict

from bodymap import query

OTHER_DIGITS = ["²", "①", "٣", "௫", "𝟗", "1²", "٠١"]


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_digits_of_other_scripts_are_not_integers(value):
    assert value.isdigit() or value == "٠١"  # what fooled the old check
    assert query.integer(QueryDict(f"n={value}"), "n", minimum=0, maximum=100) is None


def test_integers_are_ascii_digits_within_bounds():
    def parse(raw):
        return query.integer(QueryDict(f"n={raw}"), "n", minimum=1, maximum=20)

    assert parse("3") == 3
    assert parse("20") == 20
    assert parse("21") is parse("0") is parse("-1") is parse("+3") is parse(" 3") is None
    assert parse("9" * 30) is None  # never a huge int() first
    assert query.integer(QueryDict(""), "n", minimum=1, maximum=20) is None


def test_slugs_are_ascii_and_bounded():
    assert query.slug(QueryDict("s=left-wrist"), "s") == "left-wrist"
    for bad in ["ｌｅｆｔ", "wrist%00", "a b", "é", "", "a" * 107]:
        assert query.slug(QueryDict(f"s={bad}"), "s") is None, bad


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_a_chain_number_in_another_script_shows_every_chain(client, shipped_content, value):
    response = client.get(f"/chains/?from=back-of-neck&to=lower-back&show={value}")
    assert response.status_code == 200
    assert "The map shows every chain." in response.content.decode()


def test_a_chain_number_in_ascii_digits_still_picks_the_chain(client, shipped_content):
    response = client.get("/chains/?from=back-of-neck&to=lower-back&show=1")
    assert "The map shows chain 1." in response.content.decode()


def best_time(client, url: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return min(times)


def test_a_very_long_search_is_cut_and_says_so(client, shipped_content):
    long_query = "knee " * 800
    text = client.get("/search/?q=" + long_query).content.decode()
    assert "longer than 100 characters" in text
    assert long_query.strip() not in text


def test_a_very_long_search_costs_about_what_a_normal_one_does(client, shipped_content):
    # 4,000 characters took 10-30 times a normal search: every word against every term.
    normal = best_time(client, "/search/?q=tingling+hand")
    for long_query in ["knee " * 800, "a" * 4000, "sciatcia pinchd nerv " * 200]:
        assert best_time(client, "/search/?q=" + long_query) < 3 * normal + 0.02


def test_a_normal_search_says_nothing_about_length(client, shipped_content):
    assert "longer than" not in client.get("/search/?q=knee").content.decode()
