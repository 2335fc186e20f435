"""«شاهد أيضاً»: related articles, computed ahead of time.

``text`` and ``scoring`` are pure (no ORM); ``store`` keeps each article's terms and its
list of related articles in the database and updates them incrementally.
"""
