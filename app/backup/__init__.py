"""Rolling backups of a data file (滚动备份) to a folder such as a USB stick, and restoring one.

`write_backup` copies an open file with SQLite's online backup, verified and renamed into place,
keeping the newest N; `BackupScheduler` says when one is due (every 5 minutes, always at poll
close); `close_poll_with_backup` closes the poll and backs up; `restore_backup` puts a checked
copy back. Backups are whole copies of the station file and hold what it holds (masked ID
numbers, the register key); the backup of an encrypted file is encrypted with the same key and
carries its key file (`<backup>.keys`), so the same users open it. An unencrypted file's backups
are in clear: keep that stick as safe as the laptop.
"""

from app.backup.files import BackupInfo, backup_name, list_backups
from app.backup.hooks import PollClosed, backup_if_due, close_poll_with_backup
from app.backup.restore import Restored, restore_backup
from app.backup.schedule import DEFAULT_MINUTES, BackupScheduler
from app.backup.writer import DEFAULT_KEEP, BackupError, write_backup

__all__ = [
    "DEFAULT_KEEP", "DEFAULT_MINUTES", "BackupError", "BackupInfo", "BackupScheduler", "PollClosed", "Restored",
    "backup_if_due", "backup_name", "close_poll_with_backup", "list_backups", "restore_backup", "write_backup",
]
