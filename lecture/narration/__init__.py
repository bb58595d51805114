"""Narration: each beat of a scene given its speech and captions.

``beat`` places a beat's utterances in time, writes its WAV and lays out its caption cues;
``chapters`` narrates every beat of a chapter, checked against the text.
"""
