"""The run's Arrow allocator is chosen before pyarrow loads, and a user's choice is kept."""

import subprocess
import sys

CODE = "import pipelines, pyarrow as pa; print(pa.default_memory_pool().backend_name)"


def _backend(env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_the_system_allocator_unless_the_environment_says_otherwise():
    import os

    base = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert _backend(base) == "system"
    assert _backend({**base, "ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}) == "mimalloc"
