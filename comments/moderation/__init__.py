"""Spam moderation: pure text features, rules and a learned model, and the glue that
applies their verdict to a comment.

``features``, ``rules``, ``classifier`` and ``verdict`` are pure (no ORM, no request);
``judge`` and ``learning`` read and write the database.
"""
