"""A poll's answers counted per place: the rows of the results list and the heat map."""

import math
from collections import Counter
from dataclasses import dataclass

HEAT_STEPS = 5  # the heat map's colours, from a few answers to nearly everyone


@dataclass(frozen=True)
class Row:
    place: str  # place slug, as on the diagram's [data-region]
    label: str
    votes: int
    share: float  # of the students who answered, 0..1
    in_answer: bool

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def heat(self) -> int:
        """0 for no answers, else 1..HEAT_STEPS by share."""
        return min(HEAT_STEPS, math.ceil(self.share * HEAT_STEPS)) if self.votes else 0


@dataclass(frozen=True)
class Tally:
    answered: int  # students who sent an answer
    rows: list[Row]

    @property
    def right(self) -> list[Row]:
        return [row for row in self.rows if row.in_answer]

    @property
    def wrong(self) -> list[Row]:
        return [row for row in self.rows if not row.in_answer and row.votes]


def count(answers: list[list[str]], answer: list[str], labels: dict[str, str]) -> Tally:
    """Each student's places (a place chosen twice by one student counts once), most chosen
    first; the answer's places are listed even when nobody chose them."""
    votes = Counter(place for places in answers for place in set(places))
    answered = len(answers)
    places = list(votes) + [place for place in answer if place not in votes]
    rows = [
        Row(
            place,
            labels.get(place, place),
            votes[place],
            votes[place] / answered if answered else 0.0,
            place in answer,
        )
        for place in places
    ]
    rows.sort(key=lambda row: (-row.votes, row.label))
    return Tally(answered, rows)
