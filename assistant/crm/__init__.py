"""CRM data layer: models, sessions, migrations, access rule, import and the demo world."""
