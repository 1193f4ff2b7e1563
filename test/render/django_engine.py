"""The reference engine for fixture scripts: Debian's Django (run with /usr/bin/python3), autoescape off as
in webhook bodies, plus Klaviyo's documented `lookup` filter. Imported by make-fixtures.py and
../template/make-django-fixtures.py; CI never runs Python.
"""
import warnings

import django
from django.conf import settings

settings.configure(TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates',
                               'OPTIONS': {'autoescape': False}}])
django.setup()
warnings.simplefilter('ignore')

from django.template import Context, Engine, Library, TemplateSyntaxError  # noqa: E402

lib = Library()


@lib.filter
def lookup(value, arg):
    """Klaviyo-documented filter, NOT a Django built-in: value[arg] for dicts, an integer index for lists,
    '' (Django's string_if_invalid) when missing."""
    if isinstance(value, dict):
        return value.get(str(arg), '')
    if isinstance(value, (list, tuple)):
        try:
            return value[int(arg)]
        except (ValueError, TypeError, IndexError):
            return ''
    return ''


engine = Engine(autoescape=False, debug=False)
engine.template_builtins.append(lib)
