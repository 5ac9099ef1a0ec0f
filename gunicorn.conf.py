"""gunicorn's settings, one file for every way the site is served: the Dockerfile and
docker-compose.yml (gunicorn reads ./gunicorn.conf.py by itself), the load test
(bench/serve.py names it) and the test servers (carres/testservers/web.py, whose
command-line options win).

Sync workers, two per core (GUNICORN_WORKERS to choose another number): a worker runs one
request to its end, then takes the next. Measured against the load test's former shape
(gthread, one worker per core plus one, four threads each) on the benchmark data set,
signed-in pages at 10 connections, three alternating rounds on the 2-core machine: p95
176-251 ms against 269-452 ms, p99 211-283 ms against 566-901 ms, at the same throughput:
the threads of one worker share one interpreter lock, so a request waits for its
neighbours' turns in the middle of its own. The TLS proxy in front keeps the browsers'
connections alive and buffers slow clients (sync workers close each connection).
"""

import os

workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * len(os.sched_getaffinity(0)))
worker_class = "sync"
