# ikz-bot container: `docker build -t ikz-bot .` then
# `docker run -v /srv/ikz-bot:/data ikz-bot` with /srv/ikz-bot/config.toml in place.
# deploy/docker-compose.yml runs it next to PostgreSQL.
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
# The HTTP listener (/health, /metrics) on all interfaces of the container, unless the
# config's [http] listen says otherwise; publish it only to a reverse proxy or Prometheus.
ENV IKZ_BOT_HTTP_LISTEN=0.0.0.0:8080
EXPOSE 8080
# Healthy while /health answers 200 (sync recent, database answers, scheduler runs). The
# image has no curl: Python's urllib raises on 503 and on no answer, which exits non-zero.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; port = os.environ.get('IKZ_BOT_HTTP_LISTEN', ':8080').rpartition(':')[2]; u.build_opener(u.ProxyHandler({})).open(f'http://127.0.0.1:{port}/health', timeout=8)"]
CMD ["ikz-bot", "run", "--config", "/data/config.toml"]
