"""Password hashing (argon2id) and the password rule: 8+ characters, or a PIN of 6+ digits."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import Type

from app.errors import PollDeskError

MIN_PASSWORD_LENGTH = 8   # a password with any non-digit
MIN_PIN_LENGTH = 6        # a PIN made only of digits (easier for elderly volunteers on a keypad)


@dataclass(frozen=True)
class HashParameters:
    """argon2id cost; production uses argon2-cffi's defaults (RFC 9106 low-memory profile)."""

    time_cost: int = 3
    memory_cost: int = 65536   # KiB
    parallelism: int = 4


_parameters = HashParameters()
_hasher = PasswordHasher(type=Type.ID)
_dummy_hash: str | None = None


def set_hash_parameters(parameters: HashParameters) -> HashParameters:
    """Use other argon2id costs from now on (tests lower them); returns the previous ones."""
    global _parameters, _hasher, _dummy_hash
    previous = _parameters
    _parameters = parameters
    _hasher = PasswordHasher(time_cost=parameters.time_cost, memory_cost=parameters.memory_cost,
                             parallelism=parameters.parallelism, type=Type.ID)
    _dummy_hash = None
    return previous


def check_password_rule(password: str, *, name: str = "") -> None:
    """Refuse a password that is too short, all digits but under 6, or the user's own name."""
    if password.isdigit() and password.isascii():
        if len(password) < MIN_PIN_LENGTH:
            raise PollDeskError("weak_password", "A PIN must have at least {n} digits.", n=MIN_PIN_LENGTH)
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise PollDeskError("weak_password",
                            "A password must have at least {n} characters (or use a PIN of at least {pin} digits).",
                            n=MIN_PASSWORD_LENGTH, pin=MIN_PIN_LENGTH)
    if name and password.strip().lower() == name.strip().lower():
        raise PollDeskError("weak_password", "The password must not be the user's name.")


def hash_password(password: str) -> str:
    """An argon2id hash ("$argon2id$...") of `password` with the current costs."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches `stored_hash`."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when `stored_hash` was made with other costs than the current ones."""
    return _hasher.check_needs_rehash(stored_hash)


def spend_verify_time(password: str) -> None:
    """Verify against a throwaway hash, so an unknown name takes as long as a wrong password."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("unknown user placeholder")
    verify_password(_dummy_hash, password)
