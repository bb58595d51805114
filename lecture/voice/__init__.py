"""Voice: sound for the words, from the synthetic voice or a lecturer's recording.

``speech`` speaks a sentence with piper and caches it by content; ``recordings`` reads and aligns a
lecturer's takes; both hand over an ``utterance.Utterance``. ``audio`` writes WAVs and measures and
normalises loudness for the published track.
"""
