"""The leak scanner of client editions: internal values hunted in the finished files."""

from kamdocs.leaks.scan import Hunt, Leak, find_leaks, hunt_for, leak_problems

__all__ = ["Hunt", "Leak", "find_leaks", "hunt_for", "leak_problems"]
