"""The API's URLs alone, without language prefixes.

Set as `request.urlconf` by the API views so that LocaleMiddleware leaves an API 404 alone
instead of redirecting it to /ja/api/...
"""

from .urls import api_urlpatterns

urlpatterns = api_urlpatterns
