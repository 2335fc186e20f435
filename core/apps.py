from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app stands on: site identity, the page cache, security, shared clients.

    Core imports no app. Apps register what core needs to know about them from their own
    ``ready()`` (see ``core.pagecache``, ``core.personal`` and ``core.views``).
    """

    name = "core"
    verbose_name = _("Site")

    def ready(self):
        # Imported here: apps.py is loaded before the app registry is ready.
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import checks, login  # noqa: F401 - register the system checks and login receivers
        from .twofactor import TwoFactorAuthenticationForm

        # The admin's login asks for the second factor's code (core.twofactor).
        admin.site.login_form = TwoFactorAuthenticationForm
        admin.site.login_template = "admin/login_two_factor.html"
        # django-otp's own admin pages show every device's secret key to superusers; the
        # enrolment page and `manage.py reset_two_factor` are the ways in.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
