"""A large, made-up content set on the shipped regions, to measure how cost grows with content.

`make bench` runs it with --scale 100 on its own database. The same seed and scale always give the
same rows (same slugs, same links), so two runs of the benchmark measure the same thing. Texts
are copied from the shipped content, so pages weigh what real pages would.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from conditions.models import (
    Citation,
    Condition,
    ContentVersion,
    Mechanism,
    RedFlag,
    ReferralLink,
    Region,
    Source,
    Status,
    Symptom,
)

PREFIX = "synthetic-"
# Per unit of --scale; 100 units give 5,000 conditions and 20,000 links (each with a citation).
CONDITIONS_PER_UNIT = 50
LINKS_PER_UNIT = 200
RED_FLAGS_PER_UNIT = 4


class Command(BaseCommand):
    help = (
        "Add synthetic conditions, referral links (with citations and symptoms) and red flags "
        "on the shipped regions and mechanisms: --scale 100 makes 5,000 conditions and 20,000 "
        "links. Deterministic for a given --seed. Run load_content first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=100, help="How many units to add.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale: int, seed: int, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        if Condition.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("This database already has synthetic content: use a fresh one.")
        # Ordered by slug, not pk, so the same content gives the same draws on any database.
        regions = list(Region.objects.published().order_by("slug"))
        mechanisms = list(Mechanism.objects.published().order_by("slug"))
        sources = list(Source.objects.order_by("slug"))
        symptoms = list(Symptom.objects.order_by("slug"))
        shipped_links = list(ReferralLink.objects.published().order_by("slug"))
        shipped_conditions = list(Condition.objects.order_by("slug"))
        shipped_flags = list(RedFlag.objects.order_by("slug"))
        passages = sorted(set(Citation.objects.values_list("passage", flat=True)))
        if len(regions) < 2 or not (mechanisms and sources and shipped_links and passages):
            raise CommandError("Load the shipped content first (manage.py load_content).")

        rng = random.Random(seed)
        with transaction.atomic():
            conditions = self._conditions(rng, scale, shipped_conditions, regions)
            links = self._links(rng, scale, shipped_links, regions, conditions, mechanisms)
            self._citations_and_symptoms(rng, links, sources, passages, symptoms)
            flags = self._red_flags(rng, scale, shipped_flags, regions)
            ContentVersion.bump()  # bulk_create sends no signals: pages cached before are stale
        self.stdout.write(
            f"Added {len(conditions)} conditions, {len(links)} links (each cited) and "
            f"{len(flags)} red flags on {len(regions)} regions (scale {scale}, seed {seed})."
        )

    def _conditions(self, rng, scale, shipped, regions) -> list[Condition]:
        made = []
        for n in range(1, scale * CONDITIONS_PER_UNIT + 1):
            model = rng.choice(shipped)
            made.append(
                Condition(
                    slug=f"{PREFIX}condition-{n:05d}",
                    name=f"{model.name} (synthetic {n})",
                    summary=model.summary,
                    explanation=model.explanation,
                    differentiation=model.differentiation,
                    management=model.management,
                    status=Status.PUBLISHED,
                )
            )
        Condition.objects.bulk_create(made, batch_size=500)
        made = list(Condition.objects.filter(slug__startswith=PREFIX).order_by("slug"))
        Through = Condition.regions.through
        Through.objects.bulk_create(
            [
                Through(condition=condition, region=region)
                for condition in made
                for region in rng.sample(regions, rng.choice((1, 1, 2)))
            ],
            batch_size=1000,
        )
        return made

    def _links(self, rng, scale, shipped, regions, conditions, mechanisms) -> list[ReferralLink]:
        kinds = [link.kind for link in shipped]  # the shipped mix of kinds
        seen: set[tuple] = set()
        made = []
        while len(made) < scale * LINKS_PER_UNIT:
            origin, felt_in = rng.sample(regions, 2)  # never a link to itself
            condition = rng.choice(conditions)
            mechanism = rng.choice(mechanisms)
            kind = rng.choice(kinds)
            key = (origin.pk, felt_in.pk, condition.pk, mechanism.pk, kind)
            if key in seen:  # the unique_link constraint
                continue
            seen.add(key)
            look_alike = None
            if kind == ReferralLink.Kind.MIMICS:
                while look_alike is None or look_alike == condition:
                    look_alike = rng.choice(conditions)
            model = rng.choice(shipped)
            made.append(
                ReferralLink(
                    slug=f"{PREFIX}link-{len(made) + 1:06d}",
                    origin=origin,
                    felt_in=felt_in,
                    condition=condition,
                    mechanism=mechanism,
                    kind=kind,
                    look_alike=look_alike,
                    side=rng.choice(ReferralLink.Side.values),
                    summary=model.summary,
                    explanation=model.explanation,
                    evidence=rng.choice(ReferralLink.Evidence.values),
                    evidence_note=model.evidence_note,
                    how_to_tell=model.how_to_tell,
                    status=Status.PUBLISHED,
                )
            )
        ReferralLink.objects.bulk_create(made, batch_size=500)
        return list(ReferralLink.objects.filter(slug__startswith=PREFIX).order_by("slug"))

    def _citations_and_symptoms(self, rng, links, sources, passages, symptoms) -> None:
        Citation.objects.bulk_create(
            [
                Citation(link=link, source=rng.choice(sources), passage=rng.choice(passages))
                for link in links
            ],
            batch_size=1000,
        )
        if symptoms:
            Through = ReferralLink.symptoms.through
            Through.objects.bulk_create(
                [
                    Through(referrallink=link, symptom=symptom)
                    for link in links
                    for symptom in rng.sample(symptoms, rng.choice((0, 1, 1, 2)))
                ],
                batch_size=1000,
            )

    def _red_flags(self, rng, scale, shipped, regions) -> list[RedFlag]:
        if not shipped:
            return []
        made = []
        for n in range(1, scale * RED_FLAGS_PER_UNIT + 1):
            model = rng.choice(shipped)
            made.append(
                RedFlag(
                    slug=f"{PREFIX}flag-{n:04d}",
                    title=f"{model.title} (synthetic {n})",
                    advice=model.advice,
                    urgency=model.urgency,
                    explanation=model.explanation,
                    status=Status.PUBLISHED,
                )
            )
        RedFlag.objects.bulk_create(made, batch_size=500)
        made = list(RedFlag.objects.filter(slug__startswith=PREFIX).order_by("slug"))
        Through = RedFlag.regions.through
        Through.objects.bulk_create(
            [Through(redflag=flag, region=rng.choice(regions)) for flag in made], batch_size=1000
        )
        return made
