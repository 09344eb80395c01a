"""`make bench`: measure the main pages on a synthetic city, generating it first when missing.

Prints one table (pages by role: p50/p95 ms, queries, the Django admin's changelist of the same rows,
the SQL floor and the ratios; the dashboards and reports among them), then a phase tally next to its
SQL floor, exports and imports, and keeps a copy under var/bench/.

A city generated before the generator made tally snapshots gets the missing ones first (the real
tally, version 1 of each ended phase), not a new city: reports are measured reading snapshots."""

import datetime
import logging
import os
import platform
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from scale import bench
from scale.generator import (
    RealData,
    Sizes,
    generate,
    holds_synthetic_city,
    real_records,
    tally_missing,
    vacuum_analyze,
)
from unions.models import Member


def ensure_database():
    """Create the PostgreSQL database named in settings when it does not exist yet."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return False
    import psycopg
    from psycopg import sql

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            return False
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    return True


class Command(BaseCommand):
    help = "Benchmark the main pages on a synthetic city (generated first when missing)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--units", type=int, default=10_000)
        parser.add_argument("--districts", type=int, default=30)
        parser.add_argument("--rounds", type=int, default=15)
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--skip-imports", action="store_true")
        parser.add_argument("--tally-rounds", type=int, default=3, help="runs of the phase tally and its floor")

    def handle(self, *args, **options):
        if ensure_database():
            self.stdout.write(f"Created the database {settings.DATABASES['default']['NAME']}.")
        call_command("migrate", verbosity=0, interactive=False)
        found = real_records()
        if found:
            raise CommandError(f"This database holds real records ({', '.join(found)}): benchmarks run on their own.")
        members = Member.objects.count() if holds_synthetic_city() else 0
        if members != options["members"]:
            self.stdout.write(f"Generating a synthetic city of {options['members']:,} members…")
            try:
                generate(
                    Sizes(members=options["members"], units=options["units"], districts=options["districts"]),
                    replace=True,
                    log=self.stdout.write,
                )
            except (RealData, ValueError) as problem:
                raise CommandError(str(problem)) from problem
        started = time.monotonic()
        tallied = tally_missing(log=self.stdout.write)
        if tallied:
            self.stdout.write(
                f"Tallied {tallied} ended phases without a snapshot ({time.monotonic() - started:.0f} s)."
            )
        started = time.monotonic()
        vacuum_analyze()  # as autovacuum keeps a production database: pages all-visible, statistics fresh
        self.stdout.write(f"VACUUM (ANALYZE) in {time.monotonic() - started:.0f} s.")
        settings.DEBUG = False
        logging.getLogger("axes").setLevel(logging.WARNING)  # one "successful login" line per client
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        ctx = bench.context()
        out = []

        def log(line):
            self.stdout.write(line)
            out.append(line)

        log(
            f"# Benchmark {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC — {Member.objects.count():,} "
            f"members, {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}, "
            f"{os.cpu_count()} cores ({platform.node()}), Django test client in one process, DEBUG off, "
            f"{options['rounds']} rounds after a warm-up"
        )
        log(
            f"\nCity: {ctx.city}; district: {ctx.district}; campaign: {ctx.campaign}; page size {settings.PAGE_SIZE}.\n"
        )
        log(f"Load average (1, 5, 15 min) at the start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}.\n")
        log(bench.HEADER)
        bench.run_pages(ctx, options["rounds"], log=log)
        log("\n" + bench.tally_header(ctx))
        _lines, agrees = bench.run_tally(ctx, options["tally_rounds"], log=log)
        if agrees is not None:
            log(
                f"\n{options['tally_rounds']} runs each, interleaved. The floor's figures "
                + ("equal the tally's for every unit." if agrees else "DIFFER from the tally's: the floor is wrong.")
            )
        log("\n" + bench.EXPORT_HEADER)
        bench.run_exports(ctx, log=log)
        if not options["skip_imports"]:
            log("\n" + bench.IMPORT_HEADER)
            bench.run_imports(ctx, rows=options["import_rows"], log=log)
        log(f"\nLoad average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
        folder = Path(settings.VAR_DIR) / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"bench-{options['members']}-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M}.md"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        self.stdout.write(f"\nSaved to {path}.")
