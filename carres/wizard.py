"""What every dossier wizard shares: the steps indicator (carres/wizard/_progress.html)."""


def progress(steps, current, *, url_for, reached=None):
    """The indicator's context: {"steps": [...], "number": n, "count": total}.

    steps: [(slug, label)] in order; current: the slug shown; url_for(slug): the step's
    address, or "" while there is no dossier yet; reached: the index of the furthest step
    the owner has reached (the steps after it are not links yet), None when every step
    may be opened. Each step: number, label, url ("" when not a link), current, done (before
    the furthest step reached, or before the current one when the wizard does not keep it)."""
    slugs = [slug for slug, _label in steps]
    last = len(steps) - 1 if reached is None else reached
    done_before = slugs.index(current) if reached is None else reached
    items = [
        {
            "number": index + 1,
            "label": label,
            "url": url_for(slug) if index <= last else "",
            "current": slug == current,
            "done": index < done_before and slug != current,
        }
        for index, (slug, label) in enumerate(steps)
    ]
    return {"steps": items, "number": slugs.index(current) + 1, "count": len(steps)}
