"""Database ids of snippets and pages by their slug or code, and instances by id, each fetched once per import."""


class KeyCache:
    def __init__(self):
        self.ids = {}
        self.instances = {}

    def one(self, model, key_name, key):
        """The id of the row whose key_name is key; None for no key."""
        if key is None:
            return None
        cache = self.ids.setdefault(model, {})
        if key not in cache:
            cache[key] = model.objects.filter(**{key_name: key}).values_list("pk", flat=True).first()
        return cache[key]

    def many(self, model, slugs):
        """The ids of the rows with these slugs (all known: validation checked them)."""
        cache = self.ids.setdefault(model, {})
        missing = [s for s in slugs if s not in cache]
        if missing:
            cache.update(dict(model.objects.filter(slug__in=missing).values_list("slug", "pk")))
        return [cache[s] for s in slugs]

    def remember(self, model, key, pk):
        self.ids.setdefault(model, {})[key] = pk

    def objects(self, model, ids):
        """Instances by id, in id order (modelcluster's set() wants instances)."""
        cache = self.instances.setdefault(model, {})
        missing = [pk for pk in ids if pk not in cache]
        if missing:
            cache.update(model.objects.in_bulk(missing))
        return [cache[pk] for pk in sorted(ids)]
