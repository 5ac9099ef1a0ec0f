"""The support network's public pages: the map of the 12 regions and each region's page."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from chambers import territory


class ServiceFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=[("", _("Tous les services")), *territory.SERVICE_CHOICES],
    )


@require_GET
def network_map(request):
    form = ServiceFilterForm(request.GET or None)
    service = form.cleaned_data["service"] if form.is_valid() else ""
    regions = territory.network(service=service)
    _shapes, width, height = territory.region_shapes()
    return render(
        request,
        "chambers/map.html",
        {
            "form": form,
            "regions": regions,
            "service": service,
            "width": width,
            "height": height,
        },
    )


@require_GET
def region_page(request, pk):
    return render(request, "chambers/region.html", {"help": territory.get_region_help(pk)})
