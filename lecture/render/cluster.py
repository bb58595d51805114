"""A Dask cluster as the build's executor: ``--cluster ADDRESS``.

The build hands segment tasks to ``Client.get_executor()``, a
``concurrent.futures.Executor`` like the local process pool. Each task runs a
fresh process forked on its worker (``lecture.render.forks.render_isolated``) and
returns its files as bytes, so workers need the project installed but share
no folder with the build. A task is handed the formulas the build has typeset
and sends back those it typesets (``lecture.render.formulas``). A worker that dies mid-task: the scheduler runs the
task again on another worker.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ClusterUnreachable", "connect"]

# How long to try reaching the scheduler before the build gives up, rendering nothing.
CONNECT_SECONDS = 5


class ClusterUnreachable(RuntimeError):
    """No Dask scheduler answers at the given address."""


async def _identity(address: str, timeout: float) -> dict:
    """What the server at ``address`` says it is, asked over Dask's own protocol."""
    from distributed.comm import connect as open_comm

    comm = await open_comm(address, timeout=timeout)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def _identify(address: str, timeout: float) -> str:
    """The kind of Dask server at ``address`` ("Scheduler", "Worker"), or ClusterUnreachable saying why not.

    Asked before a ``Client`` is made, because a Client handed something else misbehaves: a server that
    replies garbage has it read a frame length from the garbage (a traceback after seconds), one that
    waits for a line (``python -m http.server``) hangs its handshake past any timeout, and a Client whose
    constructor failed prints a traceback of its own when it is collected. Here one deadline covers the
    connection, the handshake and the reply.
    """
    from distributed.comm.addressing import get_address_host_port

    try:
        get_address_host_port(address)  # the scheme, the host and the port, before anything is sent
    except ValueError as error:
        raise ClusterUnreachable(f"{address} is not a Dask scheduler's address (such as tcp://HOST:8786): "
                                 f"{error}") from None
    try:
        reply = asyncio.run(asyncio.wait_for(_identity(address, timeout), timeout))
    except TimeoutError:
        raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: "
                                 f"no Dask scheduler answered within {timeout:g} s") from None
    except OSError as error:  # refused, reset, closed mid-handshake, unknown host
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    except Exception:  # noqa: BLE001 - whatever garbage raises while being read as Dask's frames
        raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: the server there does not "
                                 "speak Dask's protocol") from None
    return str(reply.get("type")) if isinstance(reply, dict) else ""


def connect(address: str, *, timeout: float = CONNECT_SECONDS) -> Client:
    """A client of the scheduler at ``address``, or a one-line error naming it (within ``timeout``)."""
    from distributed import Client

    distributed_log = logging.getLogger("distributed")
    # The client logs each failed attempt at length; the error below says it once.
    distributed_log.setLevel(logging.CRITICAL)
    try:
        kind = _identify(address, timeout)
        if kind != "Scheduler":
            raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: the server there is "
                                     f"{'a Dask ' + kind if kind else 'not a Dask scheduler'}, not a scheduler")
        try:
            return Client(address, timeout=f"{timeout}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:  # it went away between the two
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    finally:
        distributed_log.setLevel(logging.WARNING)
