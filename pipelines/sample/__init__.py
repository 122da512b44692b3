"""The bundled sample archive: hand-written pages of the real sites, their ground truth and the
deterministic WARC built from them, so tests and demos run without touching the network."""

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent
SAMPLE_WARC = SAMPLE_DIR / "sovai-sample.warc.gz"
