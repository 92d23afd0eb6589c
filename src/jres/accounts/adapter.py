import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Write account e-mails in the recipient's language, not the request's.

        A mail server that is down must not turn a sign-up into an error page: the account
        is kept, the failure logged, and signing in again sends a new verification e-mail.
        """
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            try:
                super().send_mail(template_prefix, email, context)
            except (smtplib.SMTPException, OSError):
                logger.exception("Could not send the %s e-mail", template_prefix)
