# syntax=docker/dockerfile:1
# The guidance service as a container: `practice-guide serve` (gunicorn) as a user without
# privileges, its instance folder (SQLite file, secret key) in the /data volume unless
# DATABASE_URL names a PostgreSQL server. docs/deploy.md; deploy/compose.yaml runs it
# with PostgreSQL and nginx.
#   docker build -t practice-guide .

FROM python:3.12-slim AS wheels
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY server ./server
COPY shared ./shared
COPY extension ./extension
# The service and its runtime dependencies as wheels: no compiler or test tool goes on.
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres]'

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=5080 \
    INSTANCE_PATH=/data
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels 'digital-practice-guide[postgres]' \
    && useradd --system --uid 10001 --user-group --home-dir /data --create-home guide
USER guide
WORKDIR /data
VOLUME /data
EXPOSE 5080
# /healthz answers 200 while guidance is served (also when writes cannot start), 503 when
# the database is out of reach.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=4)"]
CMD ["practice-guide", "serve", "--access-log"]
