from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

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
