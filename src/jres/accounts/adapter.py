from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from jres.outbox.services import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Write account e-mails in the recipient's language, not the request's, and queue them.

        A mail server that is down must not turn a sign-up into an error page: the message is
        stored and sent by the task worker once the server answers (jres.outbox).
        """
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_message(message, template=template_prefix)
