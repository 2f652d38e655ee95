from django.db import migrations, models
from django.db.models.functions import Upper


class Migration(migrations.Migration):
    dependencies = [("statements", "0011_statement_reported_by")]

    operations = [
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(Upper("name"), name="indicator_name_upper"),
        ),
    ]
