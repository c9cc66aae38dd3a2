from django.db import migrations

from knowledge.prefectures import PREFECTURES


def load(apps, schema_editor):
    Prefecture = apps.get_model("knowledge", "Prefecture")
    for code, name_ja, name_en, region in PREFECTURES:
        Prefecture.objects.update_or_create(
            code=code, defaults={"name": name_ja, "name_ja": name_ja, "name_en": name_en, "region": region}
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
