"""数据安全: the passphrase dialog, the backup timer and idle lock, and the data-safety page."""
