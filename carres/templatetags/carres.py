from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from carres.formatting import format_amount, format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language, for the language switcher."""
    request = context["request"]
    current = get_language()
    full_path = request.get_full_path()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(full_path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.filter(is_safe=True)
def page_title(title, site_name):
    """`<title>`: "Page · Site", or the site's name alone on a page without a title of its own.
    (`title` is the rendered head_title block, already escaped.)"""
    if not str(title).strip():
        return conditional_escape(site_name)
    return format_html("{} · {}", title, site_name)


@register.filter
def amount(value, currency="MAD"):
    """`{{ fee.total|amount }}` → `1 234,50 MAD` / `1 234,50 درهم` / `1,234.50 MAD`."""
    return format_amount(value, currency or "")


@register.filter
def number(value, decimal_places=None):
    """`{{ rating|number:2 }}` → `4,50` / `4.50`, grouped by thousands."""
    return format_number(value, None if decimal_places in (None, "") else int(decimal_places))
