import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from jres.accounts.models import COORDINATORS, User
from jres.accounts.services import create_account


class Command(BaseCommand):
    help = "Create a national coordinator's account (verified e-mail, coordinators group)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Display name")
        parser.add_argument(
            "--password", help="Password; asked interactively when omitted (preferred)"
        )

    def handle(self, *args, email, name, password, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Invalid e-mail address: {email}") from error
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account already exists for {email}.")
        if password is None:
            password = getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        create_account(email=email, password=password, display_name=name, groups=(COORDINATORS,))
        self.stdout.write(self.style.SUCCESS(f"Coordinator account created for {email}."))
