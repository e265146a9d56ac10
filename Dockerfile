# ikz-bot container: `docker build -t ikz-bot .` then
# `docker run -v /srv/ikz-bot:/data ikz-bot` with /srv/ikz-bot/config.toml in place.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

RUN useradd --create-home --uid 10001 ikz
WORKDIR /app

# Dependencies first, so a source change does not re-install them.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# The same install step as the README's `pip install .`, without re-resolving dependencies.
COPY bot ./bot
COPY commands ./commands
COPY storage ./storage
COPY demo ./demo
RUN pip install --no-deps . && mkdir -p /data && chown ikz:ikz /data

USER ikz
VOLUME /data
CMD ["ikz-bot", "run", "--config", "/data/config.toml"]
