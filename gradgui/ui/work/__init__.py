"""Long work beside the window, and the big-graph policy: see activity.py and tuning.py."""

from .activity import BIG, Activity, Cancelled, ChunkProgress

__all__ = ["Activity", "BIG", "Cancelled", "ChunkProgress"]
