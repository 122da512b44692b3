"""The tags of the run an asset executes in (none when the asset is invoked directly)."""

from collections.abc import Mapping

import dagster as dg
from dagster._core.errors import DagsterInvalidPropertyError


def run_tags(context: dg.AssetExecutionContext) -> Mapping[str, str]:
    try:
        return context.run.tags
    except DagsterInvalidPropertyError:  # direct invocation in a test: no run
        return {}
