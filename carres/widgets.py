from django import forms


class DependentSelect(forms.Select):
    """A select whose options each belong to a choice of another select of the form (the
    towns of a region). Every option carries its parent's id (`data-parent`); with
    JavaScript (static/js/site.js) only the chosen parent's options are offered, and the
    choice is cleared when the parent changes. Without it the whole list is offered and the
    form's own validation refuses a mismatch."""

    def __init__(self, *, parent, parent_attr, attrs=None):
        super().__init__(attrs={**(attrs or {}), "data-depends-on": parent})
        self.parent_attr = parent_attr

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = str(getattr(instance, self.parent_attr))
        return option
