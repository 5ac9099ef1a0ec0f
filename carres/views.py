from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


@login_required
def dashboard(request):
    """The entrepreneur's own space: their dossiers, whatever their kind."""
    return render(request, "dashboard.html", {"dossiers": []})
