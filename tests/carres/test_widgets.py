from django import forms

from carres.widgets import DependentSelect


def test_dependent_select_tags_each_option_with_its_parent(db):
    from chambers.models import City

    class Form(forms.Form):
        city = forms.ModelChoiceField(
            queryset=City.objects.order_by("pk")[:3],
            widget=DependentSelect(parent="region", parent_attr="region_id"),
        )

    html = str(Form()["city"])
    assert 'data-depends-on="region"' in html
    for city in City.objects.order_by("pk")[:3]:
        assert f'value="{city.pk}" data-parent="{city.region_id}"' in html
