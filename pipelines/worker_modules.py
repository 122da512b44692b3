"""The modules whose functions run in worker processes, named without importing them.

The run starts the workers' server with these before it imports Dagster (``parallel.start_server``)
so the server loads the domain code on another core meanwhile.
"""

WORKER_MODULES = (
    "pipelines.parse.page_results",
    "pipelines.normalise.article_results",
    "pipelines.status.report_results",
)
