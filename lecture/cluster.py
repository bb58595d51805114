"""A Dask cluster as the build's executor: ``--cluster ADDRESS``.

The build hands segment tasks to ``Client.get_executor()``, a
``concurrent.futures.Executor`` like the local process pool. Each task runs a
fresh Python process on its worker (``lecture.segments.render_isolated``) and
returns its files as bytes, so workers need the project installed but share
no folder with the build. A worker that dies mid-task: the scheduler runs the
task again on another worker.
"""

from __future__ import annotations

__all__ = ["ClusterUnreachable", "connect"]

# How long to try reaching the scheduler before the build gives up, rendering nothing.
CONNECT_SECONDS = 5


class ClusterUnreachable(RuntimeError):
    """No Dask scheduler answers at the given address."""


def connect(address: str, *, timeout: float = CONNECT_SECONDS):
    """A client of the scheduler at ``address``, or a one-line error naming it."""
    import logging

    from distributed import Client

    # The client logs each failed attempt at length; the error below says it once.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        client = Client(address, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    logging.getLogger("distributed").setLevel(logging.WARNING)
    return client
