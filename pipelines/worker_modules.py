"""The modules whose functions run in worker processes, named without importing them.

The run's settings resource starts the workers' server with these when the run starts
(``parallel.start_server``), so the server loads the domain code on the other core while the
first steps run. (Started before Dagster's own imports instead, it slowed them more than it
gained: 0.6-1 s on this 2-core machine.)
"""

WORKER_MODULES = (
    "pipelines.parse.page_results",
    "pipelines.normalise.article_results",
    "pipelines.status.report_results",
)
