"""Labels of the review (filled in by its issue)."""

FR: dict[str, str] = {}

EN: dict[str, str] = {}
