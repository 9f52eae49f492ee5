"""Alembic's environment: the database comes from the app's configuration (DATABASE_URL), or from the
connection the caller handed over (portal.migrate.upgrade_database)."""

from alembic import context

import portal.models  # noqa: F401 - registers every table on Base.metadata
from portal.db import Base, make_engine
from portal.models.triage import include_name

config = context.config
target_metadata = Base.metadata


def database_url():
    from portal import create_app

    return create_app().config["DATABASE_URL"]


def run_migrations(connection):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only change a table by copying it; batch mode does that for us
        compare_type=True,
        include_name=include_name,  # the full-text search objects are made by hand
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    run_migrations(connection)
else:
    with make_engine(database_url()).begin() as connection:
        run_migrations(connection)
