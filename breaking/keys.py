"""What readers' pages show of «عاجل», named as a cache key (see ``core.invalidation``).

Only the edge part (``core.edge``) shows the alert, so posting or withdrawing one
invalidates this key alone: the pages that include the part stay stored and cached.
"""

ALERT = "breaking"
