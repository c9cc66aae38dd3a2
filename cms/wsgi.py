import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def freeze_loaded_objects():
    """Move what startup loaded (modules, models, URL patterns) out of the garbage collector's sight.

    It lives as long as the process, yet every full collection walked it again: ~80 ms pauses in the
    middle of requests on this site (benchmarks/README.md). Frozen, a full collection takes ~10 ms.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view now rather than on the first request)
    gc.collect()
    gc.freeze()


application = get_wsgi_application()
freeze_loaded_objects()
