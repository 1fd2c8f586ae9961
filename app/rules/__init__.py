"""Rules of law: each check once, with its citation; the numbers come from the regional profile."""
