"""python manage.py build_japan_map — regenerate knowledge/data/japan_prefectures.json from the prefecture
boundaries that the PyPI package `japanmap` ships (requirements-dev.txt; Apache-2.0).

Projects longitude/latitude, simplifies each shared border once (so neighbours still meet), moves Okinawa into
an inset at the top left as Japanese maps do, and writes one SVG path per prefecture. The site reads only the
written file (knowledge/japan_map.py), so production needs neither the package nor its dependencies."""

import json
from importlib import metadata, util
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.japan_map import MAP_FILE

WIDTH = 1000
TOLERANCE = 0.02  # degrees: Douglas-Peucker tolerance for the borders
LON_SCALE = 0.812  # cos(36°): the width of a degree of longitude at Japan's middle latitude
OKINAWA = 47
OKINAWA_SHIFT = (-4.2, 11.0)  # degrees moved: from the East China Sea into the empty sea north of Kyushu
OKINAWA_ZOOM = 2.0  # the inset shows Okinawa larger, as Japanese maps do


def _simplify(points, tolerance):
    if len(points) > 3 and points[0] == points[-1]:  # a closed outline: halve it at its farthest point
        x0, y0 = points[0]
        far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
        return _simplify(points[: far + 1], tolerance)[:-1] + _simplify(points[far:], tolerance)
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 or 1e-12
    distances = [abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length for x, y in points[1:-1]]
    far = max(range(len(distances)), key=distances.__getitem__)
    if distances[far] <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[: far + 2], tolerance)[:-1] + _simplify(points[far + 1 :], tolerance)


def _read_package():
    spec = util.find_spec("japanmap")
    if spec is None:
        raise CommandError("japanmap is not installed: pip install -r requirements-dev.txt")
    folder = Path(next(iter(spec.submodule_search_locations)))
    points, outlines = json.loads((folder / "japan.json").read_text(encoding="utf-8"))
    return [p[0] for p in points], outlines, f"japanmap {metadata.version('japanmap')}"


def _rings(points, outlines):
    """{prefecture code: [(lon, lat), ...]}: each shared border simplified once, then joined."""
    simplified = {}
    rings = {}
    for code, segments in enumerate(outlines, start=1):
        ring = []
        for _neighbour, indices in segments:
            key = (min(indices[0], indices[-1]), max(indices[0], indices[-1]), len(indices))
            if key not in simplified:
                simplified[key] = {tuple(indices): _simplify([points[i] for i in indices], TOLERANCE)}
            stored = simplified[key]
            line = stored.get(tuple(indices)) or list(reversed(next(iter(stored.values()))))
            ring.extend(line[:-1])
        rings[code] = ring
    return rings


class Command(BaseCommand):
    help = "Regenerate the prefecture map data (knowledge/data/japan_prefectures.json) from the japanmap package."

    def handle(self, *args, **options):
        points, outlines, source = _read_package()
        rings = _rings(points, outlines)
        dx, dy = OKINAWA_SHIFT
        okinawa = rings[OKINAWA]
        cx, cy = sum(x for x, _ in okinawa) / len(okinawa), sum(y for _, y in okinawa) / len(okinawa)
        rings[OKINAWA] = [(cx - dx + (x - cx) * OKINAWA_ZOOM, cy + dy + (y - cy) * OKINAWA_ZOOM) for x, y in okinawa]
        projected = {code: [(x * LON_SCALE, -y) for x, y in ring] for code, ring in rings.items()}
        xs = [x for ring in projected.values() for x, _y in ring]
        ys = [y for ring in projected.values() for _x, y in ring]
        scale = WIDTH / (max(xs) - min(xs))
        height = round((max(ys) - min(ys)) * scale)

        def at(x, y):
            return f"{(x - min(xs)) * scale:.0f},{(y - min(ys)) * scale:.0f}"

        paths = {str(code): "M" + " ".join(at(x, y) for x, y in ring) + "Z" for code, ring in projected.items()}
        okinawa = projected[OKINAWA]
        left, top = at(min(x for x, _ in okinawa), min(y for _, y in okinawa)).split(",")
        right, bottom = at(max(x for x, _ in okinawa), max(y for _, y in okinawa)).split(",")
        pad = 20
        inset = [int(left) - pad, int(top) - pad, int(right) - int(left) + 2 * pad, int(bottom) - int(top) + 2 * pad]
        data = {"source": f"{source} (Apache-2.0), japan.json", "width": WIDTH, "height": height, "inset": inset, "paths": paths}
        MAP_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        size = MAP_FILE.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"{MAP_FILE.name}: 47 prefectures from {source}, {size} bytes."))
