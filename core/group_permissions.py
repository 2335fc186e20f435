"""A migration step that gives groups some of an app's permissions (and takes them back when
the migration is reversed): the roles of each app, in that app's own migration.

    operations = [grant_to_groups("fronts", {"Editor": ["arrange_front"]})]

Django makes an app's permissions only after every migration ran; the groups need them in
the migration, so they are made here first. A codename the app does not have is an error,
never a silent no-op. The step is marked ``about_roles``: the browser tests replay such steps
to give a fresh database the groups a migrated site has.
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_to_groups(app_label: str, grants: Mapping[str, Iterable[str]]) -> migrations.RunPython:
    """``grants``: group name → the codenames of ``app_label``'s permissions it gets."""
    wanted = {group: sorted(codenames) for group, codenames in grants.items()}

    def permissions(apps, using: str, codenames: list[str]) -> list:
        _make_permissions(apps, app_label, using)
        Permission = apps.get_model("auth", "Permission")
        found = list(
            Permission.objects.using(using).filter(content_type__app_label=app_label, codename__in=codenames)
        )
        missing = set(codenames) - {permission.codename for permission in found}
        if missing:
            raise RuntimeError(f"{app_label} has no permissions {sorted(missing)}")
        return found

    def grant(apps, schema_editor):
        using = schema_editor.connection.alias
        Group = apps.get_model("auth", "Group")
        for name, codenames in wanted.items():
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.add(*permissions(apps, using, codenames))

    def revoke(apps, schema_editor):
        using = schema_editor.connection.alias
        Group = apps.get_model("auth", "Group")
        for name, codenames in wanted.items():
            for group in Group.objects.using(using).filter(name=name):
                group.permissions.remove(*permissions(apps, using, codenames))

    grant.about_roles = revoke.about_roles = True  # type: ignore[attr-defined]
    return migrations.RunPython(grant, revoke)


def _make_permissions(apps, app_label: str, using: str) -> None:
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # historical app configs have none: "nothing to do"
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None
