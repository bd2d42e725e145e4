"""Create (or update) a workbench user with a role.

    python manage.py create_user NAME --role reviewer|editor|admin

The password comes from FACTCHECK_PASSWORD, or an interactive prompt.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from claims.roles import Role


class Command(BaseCommand):
    help = "Create or update a user with a workbench role (reviewer, editor or admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, username: str, role: str, email: str, **options: Any) -> None:
        password = os.environ.get("FACTCHECK_PASSWORD")
        if password is None:
            if not os.isatty(0):
                raise CommandError("Set FACTCHECK_PASSWORD or run in a terminal to be prompted.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        user_model = get_user_model()
        candidate = user_model(username=username, email=email)
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            raise CommandError("Password rejected: " + " ".join(exc.messages)) from exc
        with transaction.atomic():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"email": email}
            )
            user.set_password(password)
            # Admins also get the Django admin; other roles work only in the workbench.
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username} with role {role}."))
