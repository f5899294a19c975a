from __future__ import annotations

from django.db import migrations

from styrkedja.goals.sdgs import SDG_NAMES


def load(apps, schema_editor):
    SDG = apps.get_model("goals", "SustainableDevelopmentGoal")
    for number, name in SDG_NAMES.items():
        SDG.objects.update_or_create(number=number, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
