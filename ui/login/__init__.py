"""Signing in at a station: the login dialog, the chief's approval and the idle lock screen."""

from ui.login.chief import ChiefApprovalDialog
from ui.login.dialog import LoginDialog
from ui.login.idle import IdleLock, LockScreen

__all__ = ["ChiefApprovalDialog", "IdleLock", "LockScreen", "LoginDialog"]
