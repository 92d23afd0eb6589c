from django.conf import settings
from django.utils import translation


def language_middleware(get_response):
    """French unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the day is a
    French one, so the interface starts in French and English is a choice (kept in a cookie).
    """
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Scoped to the request: the thread goes back to the default language afterwards.
        with translation.override(language):
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
