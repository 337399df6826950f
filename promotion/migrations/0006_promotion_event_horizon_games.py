from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("promotion", "0005_promotion_event_rollback"),
    ]

    operations = [
        migrations.AddField(
            model_name="promotionevent",
            name="horizon_games",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
