"""Narration: each beat of a scene given its speech and captions.

``beat`` places a beat's utterances in time, writes its WAV and lays out its caption cues;
``chapters`` names a chapter (its section, its scene) and checks its beats against the text.
"""
