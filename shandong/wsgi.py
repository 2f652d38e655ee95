"""
WSGI config for shandong project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shandong.settings")

application = get_wsgi_application()

from shandong.settings import require_secret_key  # noqa: E402  (settings are loaded now)

require_secret_key()  # a server never starts without a secret key
