from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
