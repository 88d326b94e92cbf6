"""Labels of the proposal (filled in by its issue)."""

FR: dict[str, str] = {}

EN: dict[str, str] = {}
