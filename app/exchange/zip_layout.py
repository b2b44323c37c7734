"""The exact zip layout PollDesk writes, checked byte by byte: no hidden bytes, no header saying something else.

Python's zipfile reads only the central directory: it ignores a local header's sizes and CRC, data
descriptors and bytes before, between or after the entries. Another zip tool may read those instead,
so one file could show two different packages. A package is therefore taken only when its entries lie
one after the other from byte 0, each local header repeats its central directory entry, and the
central directory ends the file with no comment. Genuine packages (`build_package`) always do; zip64,
extra fields and data descriptors are never needed by them and are refused.
"""

from __future__ import annotations

import struct
import zipfile

from app.exchange.package import PackageRejected

_LOCAL = struct.Struct("<4s5H3I2H")   # signature, version, flags, method, time, date, crc, sizes, name and extra lengths
_END = struct.Struct("<4s4H2IH")      # signature, disk numbers, entry counts, directory size and offset, comment length
_DATA_DESCRIPTOR = 0x08


def _odd(name: str | None = None) -> PackageRejected:
    if name is None:
        return PackageRejected("odd_archive", "The package is not stored the way PollDesk stores it (hidden bytes "
                               "or headers that disagree); it was changed or made by another program.")
    return PackageRejected("odd_archive", "The package's file {name} is not stored the way PollDesk stores it "
                           "(hidden bytes or headers that disagree); it was changed or made by another program.",
                           name=name)


def check_layout(data: bytes, zf: zipfile.ZipFile) -> None:
    """Refuse unless the archive is laid out exactly as `build_package` lays it out."""
    position = 0
    for info in sorted(zf.infolist(), key=lambda i: i.header_offset):
        if info.header_offset != position or info.extra or info.flag_bits & _DATA_DESCRIPTOR:
            raise _odd(info.filename)
        if position + _LOCAL.size > len(data):
            raise _odd(info.filename)
        (signature, _, flags, method, _, _, crc, compressed, size, name_length,
         extra_length) = _LOCAL.unpack_from(data, position)
        name = data[position + _LOCAL.size:position + _LOCAL.size + name_length]
        expected_name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        if (signature != b"PK\x03\x04" or flags != info.flag_bits or method != info.compress_type
                or crc != info.CRC or compressed != info.compress_size or size != info.file_size
                or name != expected_name or extra_length):
            raise _odd(info.filename)
        position += _LOCAL.size + name_length + info.compress_size
    if position != zf.start_dir or zf.comment or len(data) < _END.size:
        raise _odd()
    end = _END.unpack_from(data, len(data) - _END.size)
    if end[0] != b"PK\x05\x06" or end[-1] != 0 or end[-2] != zf.start_dir:
        raise _odd()
