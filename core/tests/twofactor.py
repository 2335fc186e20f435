"""Logging staff in with their second factor, for tests of what they do once inside."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.twofactor import AUTHENTICATOR_NAME, RECOVERY_NAME, authenticator_of


def enrol(user) -> TOTPDevice:
    """The user's authenticator app, set up as the enrolment page does."""
    return authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=True
    )


def code_now(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the app shows now (or ``steps_ahead`` periods from now)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):0{device.digits}d}"


def log_in_verified(client, user) -> None:
    """As if the user had logged in with password and code: the session is verified."""
    device = enrol(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def give_recovery_codes(user, count: int = 10) -> list[str]:
    """The user's recovery codes, as the enrolment page makes them."""
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
