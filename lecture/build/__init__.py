"""Build: one build of the lecture into an output folder.

``pipeline`` decides what is stale (each chapter's key), renders it, publishes it under the folder's
lock and joins the lecture; ``manifest`` is the build's records, which every reader goes through;
``exports`` adds the clips' other formats.
"""
