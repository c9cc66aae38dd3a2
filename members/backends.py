"""The authentication backend: Django's ModelBackend behind the failed-login throttle.

Every sign-in path (the members' login, Wagtail's admin login) goes through it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if throttle.is_throttled(request, username):
            raise PermissionDenied  # stops authentication before any password is checked
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(request, username)
        else:
            throttle.clear_account(request, username)
        return user
