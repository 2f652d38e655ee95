"""
ASGI config for shandong project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shandong.settings")

application = get_asgi_application()

from shandong.settings import require_secret_key  # noqa: E402  (settings are loaded now)

require_secret_key()  # a server never starts without a secret key
