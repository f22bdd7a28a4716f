"""The four states come from :mod:`trienkhai.core.status`; re-exported for the app's forms."""

from trienkhai.core.status import TaskState

__all__ = ["TaskState"]
