"""Running the Alembic migrations from code: `flask migrate`, make run, and the tests use this."""

from alembic import command
from alembic.config import Config

from portal.config import ROOT


def alembic_config(connection=None):
    config = Config(toml_file=str(ROOT / "pyproject.toml"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database(engine, revision="head"):
    """Bring the database behind engine up to revision."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
