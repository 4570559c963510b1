from csp.constants import SELF
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin


class SwedishFirstLocaleMiddleware(MiddlewareMixin):
    """Swedish unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    browsers are set to English; these users expect the system in Swedish.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response


ADMIN_PREFIX = "/admin/"


class CaseDataHeadersMiddleware:
    """No answer of the application may be kept by a browser or a proxy: nearly every page shows
    case data, and a page left in the cache of a shared office computer outlives the sign-out.

    Static files are served above this middleware (WhiteNoise) and stay cacheable. The admin's
    templates are Django's own and carry no nonce, so its scripts may come from this server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if request.path_info.startswith(ADMIN_PREFIX):
            response._csp_update = {"script-src": [SELF]}
        return response
