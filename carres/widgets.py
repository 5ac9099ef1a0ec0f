"""Form widgets of the site.

DependentSelect: a select whose options follow another select.

QuickSelect renders in Python what Django's templates would, for the lists of options that
the public pages draw on every request.

Django's Select renders each option through two template includes (select_option.html and
attrs.html): on the trainings catalogue's filters (about sixty options) that was a third of
the page's time. QuickSelect writes the same markup with format_html.
"""

from django import forms
from django.utils.html import format_html, format_html_join


def _joined(parts):
    """Safe parts (format_html's) joined as one safe string; any plain part is escaped."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _attributes(attrs):
    """As django/forms/widgets/attrs.html: False drops one, True writes its bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return _joined(parts)


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            lines = _joined(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(option["value"]),
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                lines = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, lines)
            groups.append(lines)
        # Every piece of markup is format_html's own: a plain string here would be escaped.
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            _joined(groups),
        )


class DependentSelect(QuickSelect):
    """A select whose options each belong to a choice of another select of the form (the
    towns of a region). Every option carries its parent's id (`data-parent`); with
    JavaScript (static/js/site.js) only the chosen parent's options are offered, and the
    choice is cleared when the parent changes. Without it the whole list is offered and the
    form's own validation refuses a mismatch. Written without a template per option
    (QuickSelect): the company's head-office step offers every town of the kingdom."""

    def __init__(self, *, parent, parent_attr, attrs=None):
        super().__init__(attrs={**(attrs or {}), "data-depends-on": parent})
        self.parent_attr = parent_attr

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = str(getattr(instance, self.parent_attr))
        return option
