"""python manage.py generate_scale_data --members 1000000 --units 10000: a synthetic city to measure."""

from django.core.management.base import BaseCommand, CommandError

from scale.generator import RealData, Sizes, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic city (units, members, ten years of campaigns, registrations, self-assessments, "
        "nominations and awards). Refuses a database that holds records that are not synthetic."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        parser.add_argument("--members", type=int, default=defaults.members)
        parser.add_argument("--units", type=int, default=defaults.units, help="city + districts + grassroots unions")
        parser.add_argument("--districts", type=int, default=defaults.districts)
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--last-year", type=int, default=defaults.last_year)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--replace", action="store_true", help="delete a synthetic city already there first")

    def handle(self, *args, **options):
        sizes = Sizes(
            members=options["members"],
            units=options["units"],
            districts=options["districts"],
            years=options["years"],
            last_year=options["last_year"],
            seed=options["seed"],
        )
        try:
            city = generate(sizes, replace=options["replace"], log=self.stdout.write)
        except (RealData, ValueError) as problem:
            raise CommandError(f"Nothing generated: {problem}") from problem
        self.stdout.write(f"Synthetic city ready in {max(city.seconds.values())} s.")
