"""Publish: what is made from a finished build for people to use.

The preview page and its server, the transcripts, slide decks and handout, review sheets and the
script a lecturer records from; pages come from Jinja2 templates (``pages``, ``templates/``, ``static/``).
"""
