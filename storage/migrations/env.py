"""Alembic environment: runs the migrations on the connection storage.migrate hands in.

There is no alembic.ini and no URL here on purpose: the bot migrates its own database at
start-up, inside the transaction storage.migrate opened (see its docstring).
"""

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Run migrations through storage.migrate.upgrade(); it passes the database connection."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
