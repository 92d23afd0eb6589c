from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jres.accounts import demo as accounts_demo
from jres.dashboard import demo as dashboard_demo
from jres.editions import demo as editions_demo
from jres.editions.models import Edition
from jres.events import demo as events_demo
from jres.exports import demo as exports_demo
from jres.geo.models import Commune
from jres.initiatives import demo as initiatives_demo
from jres.newsletter import demo as newsletter_demo
from jres.pages import demo as pages_demo
from jres.partners import demo as partners_demo
from jres.registrations import demo as registrations_demo
from jres.reports import demo as reports_demo
from jres.testimonies import demo as testimonies_demo
from jres.toolkit import demo as toolkit_demo
from jres.volunteers import demo as volunteers_demo


class Command(BaseCommand):
    help = "Load the demo edition (editions, pages, contacts, kit, one account per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds an edition.",
        )
        parser.add_argument(
            "--without-events",
            action="store_true",
            help="Skip France's geography and the demo events (faster; for tests).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow loading with DEBUG off (the demo passwords are public).",
        )

    def handle(self, *args, if_empty, force, without_events, **options):
        if Edition.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; nothing loaded.")
                self.print_accounts(accounts_demo.ACCOUNTS + partners_demo.ACCOUNTS)
                return
            raise CommandError("The database is not empty; load the demo into an empty one.")
        local = settings.SITE_URL.startswith(("http://127.0.0.1", "http://localhost"))
        if not (settings.DEBUG or local or force):
            raise CommandError("Refusing to load public demo passwords here; use --force.")
        if not without_events and not Commune.objects.exists():
            call_command("load_geo", stdout=self.stdout)
        with transaction.atomic():
            editions = editions_demo.load()
            pages_demo.load()
            accounts_demo.load()
            events = 0 if without_events else events_demo.load() + registrations_demo.load()
            if not without_events:
                reports_demo.load()
                testimonies_demo.load()
                volunteers_demo.load()
                initiatives_demo.load()
                # Spreads the dates of submissions, labels and confirmations over the weeks
                # before each day, so that the dashboard's curves rise as an edition's do.
                dashboard_demo.load()
            partners = partners_demo.load()
            resources = toolkit_demo.load()
            subscribers = newsletter_demo.load()
            exports_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(editions)} editions, {events} events, "
                f"{resources} kit resources, {partners} partner authorities, "
                f"{subscribers} newsletter subscribers."
            )
        )
        self.print_accounts(accounts_demo.ACCOUNTS + partners_demo.ACCOUNTS)

    def print_accounts(self, accounts):
        self.stdout.write("Demo accounts (e-mail / password):")
        for email, password, name, *_rest in accounts:
            self.stdout.write(f"  {name:<24} {email:<32} {password}")
