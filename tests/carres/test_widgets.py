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


def test_dependent_select_writes_what_django_s_templates_would(db):
    """DependentSelect renders without a template per option (QuickSelect): the same
    markup as Django's Select, the chosen option selected and every label escaped."""
    import re

    from chambers.models import City, Region

    region = Region.objects.order_by("pk").first()
    province = City.objects.filter(region=region).first().province
    City.objects.create(name="Aït <Ourir> & co", region=region, province=province)
    cities = City.objects.order_by("name")

    class Ours(forms.Form):
        city = forms.ModelChoiceField(
            queryset=cities, widget=DependentSelect(parent="region", parent_attr="region_id")
        )

    class Django(forms.Form):
        city = forms.ModelChoiceField(queryset=cities)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            widget = self.fields["city"].widget
            widget.attrs["data-depends-on"] = "region"
            original = widget.create_option

            def create_option(name, value, *args, **kwargs):
                option = original(name, value, *args, **kwargs)
                if getattr(value, "instance", None) is not None:
                    option["attrs"]["data-parent"] = str(value.instance.region_id)
                return option

            widget.create_option = create_option

    chosen = cities.last()

    def markup(form_class):
        html = str(form_class(initial={"city": chosen.pk})["city"])
        return re.sub(r">\s+<", "><", html).strip()

    ours = markup(Ours)
    assert ours == markup(Django)
    assert "Aït &lt;Ourir&gt; &amp; co" in ours
    assert f'value="{chosen.pk}" selected data-parent="{chosen.region_id}">' in ours


def test_quick_select_writes_what_django_s_select_writes():
    import re

    from carres.widgets import QuickSelect

    choices = [("", "Toutes"), ("a", "A & <b>"), ("Groupe", [("b", "B"), ("c", "C")])]

    def markup(widget):
        html = widget.render("region", "b", attrs={"id": "id_region"})
        return re.sub(r">\s+<", "><", html).strip()

    ours = markup(QuickSelect(choices=choices))
    assert ours == markup(forms.Select(choices=choices))
    assert ours.startswith('<select name="region" id="id_region"><option value="">Toutes</option>')
    assert ours.endswith("</select>") and "&lt;" not in ours.replace("&lt;b&gt;", "")


def test_the_catalogue_filters_are_real_selects(client, db):
    """The trainings catalogue's filters (QuickSelect): markup, not escaped text."""
    html = client.get("/fr/trainings/").content.decode()
    assert '<select name="region" id="id_region">' in html
    assert html.count("</select>") >= 5
    assert "&lt;/select&gt;" not in html and "&gt;\n  <option" not in html
