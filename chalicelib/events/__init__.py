"""Event blueprints: scheduled jobs and queue / topic consumers."""
